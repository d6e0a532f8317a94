import type { CalendarOverrideRepository } from '../../shared/calendar/ports.ts';
import type { Approval } from '../../shared/cycles/approval-record.ts';
import { type ApprovalDeps, decideApproval } from '../../shared/cycles/approvals.ts';
import { formatRiyals } from '../../shared/money/halalas.ts';
import { applyCalendarRequest } from '../../shared/ops-api/approve-request.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { renderTable } from '../render/table.ts';

const USAGE =
  'usage: dafaa approvals list | approve ID --by OPERATOR --reason TEXT | reject ID --by OPERATOR --reason TEXT';

/**
 * `dafaa approvals ...`: runs waiting for a second operator, and their decisions. `target` is what
 * the next command needs to reach the same deployment (`--target aws --stage ...`; empty locally).
 */
export async function approvalsCommand(
  deps: () => ApprovalDeps & { readonly overrides: CalendarOverrideRepository },
  args: readonly string[],
  io: CliIo,
  target = '',
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    { by: { type: 'string' }, reason: { type: 'string' } },
    USAGE,
    2,
  );
  const [action, requestId] = positionals;
  if (action === 'list') {
    io.out(renderApprovals(await deps().approvals.list()));
    return 0;
  }
  if ((action !== 'approve' && action !== 'reject') || !requestId) throw new UsageError(USAGE);
  if (!values.by?.trim()) throw new UsageError(`${action} needs --by OPERATOR`);
  if (!values.reason?.trim()) throw new UsageError(`${action} needs --reason TEXT`);
  const approvalDeps = deps();
  const decided = await decideApproval(approvalDeps, {
    requestId,
    by: values.by,
    approve: action === 'approve',
    reason: values.reason,
  });
  if (decided.kind === 'calendar') {
    await applyCalendarRequest(
      { overrides: approvalDeps.overrides, audit: approvalDeps.audit },
      decided,
    );
    io.out(
      `${decided.status === 'approved' ? 'Approved and recorded' : 'Rejected'} ${decided.requestId}.`,
    );
    return 0;
  }
  io.out(
    decided.status === 'approved'
      ? `Approved ${decided.requestId}: run it with "dafaa cycle ${decided.kind} ${decided.cycle}${decided.kind === 'rerun' ? ' --reason ...' : ''}${target}".`
      : `Rejected ${decided.requestId}.`,
  );
  return 0;
}

/** The approval requests as a table, oldest first. */
export function renderApprovals(approvals: readonly Approval[]): string {
  return renderTable(
    [
      { header: 'Request' },
      { header: 'Cycle' },
      { header: 'Kind' },
      { header: 'Status' },
      { header: 'Asked by' },
      { header: 'Total (SAR)', align: 'right' },
      { header: 'Why' },
      { header: 'Decided by' },
    ],
    [...approvals]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((approval) => [
        approval.requestId,
        approval.cycle,
        approval.kind,
        approval.status,
        approval.requestedByName ?? approval.requestedBy,
        formatRiyals(approval.projectedTotalHalalas),
        approval.why,
        approval.decidedByName ?? approval.decidedBy ?? '',
      ]),
  );
}
