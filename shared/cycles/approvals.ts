import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/ports.ts';
import type { CycleId } from '../calendar/calendar-date.ts';
import type { OpsSettings } from '../config/ops-settings.ts';
import { formatRiyals } from '../money/halalas.ts';
import type { Approval } from './approval-record.ts';
import { CycleError } from './errors.ts';
import type { ApprovalRepository } from './ports.ts';

/**
 * The second pair of eyes: a run or rerun whose total, or whose change from last month, passes the
 * thresholds in the ops settings waits for another operator's approval. The operator who asked
 * cannot approve; every request and decision is audited; an approval is used once, and only by a run
 * whose projected total is the one it was granted for, around the recording of that run
 * (`beginUnderApproval`).
 */

export class ApprovalError extends CycleError {
  override readonly name: string = 'ApprovalError';
}

/** The operator who asked for a run tried to approve it. */
export class ApprovalBySameOperatorError extends ApprovalError {
  override readonly name: string = 'ApprovalBySameOperatorError';
}

export interface ApprovalDeps {
  readonly approvals: ApprovalRepository;
  readonly audit: AuditLog;
  readonly settings: OpsSettings;
  readonly clock: { now(): Date };
}

/** Why a run of this size needs approval, or null when it does not. */
export function approvalNeeded(
  settings: OpsSettings,
  projected: number,
  lastMonth: number | null,
): string | null {
  const { totalAboveHalalas, changeFromLastMonthAbove } = settings.approval;
  if (projected > totalAboveHalalas)
    return `the total ${formatRiyals(projected)} SAR is above ${formatRiyals(totalAboveHalalas)} SAR`;
  if (lastMonth !== null && lastMonth > 0) {
    const change = Math.abs(projected - lastMonth) / lastMonth;
    if (change > changeFromLastMonthAbove) {
      return `the total moves ${(change * 100).toFixed(1)}% from last month's (more than ${(changeFromLastMonthAbove * 100).toFixed(1)}%)`;
    }
  }
  return null;
}

/**
 * Before a run: may it proceed?
 * In: what would run and its projected totals. Out: proceed, with the approved request that clears
 * it (null when none is needed), to be used once the run is recorded; or the pending request it
 * waits on (created, and audited, if there was none).
 */
export async function clearRun(
  deps: ApprovalDeps,
  input: {
    readonly cycle: CycleId;
    readonly kind: Approval['kind'];
    readonly requestedBy: string;
    readonly requestedByName?: string | undefined;
    readonly reason: string;
    readonly projectedTotalHalalas: number;
    readonly lastMonthTotalHalalas: number | null;
  },
): Promise<{ proceed: true; approval: Approval | null } | { proceed: false; request: Approval }> {
  const why = approvalNeeded(
    deps.settings,
    input.projectedTotalHalalas,
    input.lastMonthTotalHalalas,
  );
  if (why === null) return { proceed: true, approval: null };
  // An approval is for the total it was granted for: if the register changed since, it is asked again.
  const same = (await deps.approvals.list()).filter(
    (approval) =>
      approval.cycle === input.cycle &&
      approval.kind === input.kind &&
      approval.projectedTotalHalalas === input.projectedTotalHalalas,
  );
  const approved = same.find((approval) => approval.status === 'approved');
  if (approved) return { proceed: true, approval: approved };
  const pending = same.find((approval) => approval.status === 'pending');
  if (pending) return { proceed: false, request: pending };
  const request = await openRequest(deps, {
    cycle: input.cycle,
    kind: input.kind,
    requestedBy: input.requestedBy,
    ...(input.requestedByName ? { requestedByName: input.requestedByName } : {}),
    reason: input.reason,
    why,
    projectedTotalHalalas: input.projectedTotalHalalas,
    lastMonthTotalHalalas: input.lastMonthTotalHalalas,
    subject: `cycle:${input.cycle}`,
    details: { why, projectedTotalHalalas: input.projectedTotalHalalas },
  });
  return { proceed: false, request };
}

/**
 * Opens a request for a second person's approval: stored pending, and audited as asked.
 * In: what is asked (its cycle, kind, who, why, the totals or the calendar override it holds), the
 * audit subject and details. Out: the pending request.
 */
export async function openRequest(
  deps: Pick<ApprovalDeps, 'approvals' | 'audit' | 'clock'>,
  input: Pick<
    Approval,
    | 'cycle'
    | 'kind'
    | 'requestedBy'
    | 'requestedByName'
    | 'reason'
    | 'why'
    | 'projectedTotalHalalas'
    | 'lastMonthTotalHalalas'
    | 'override'
  > & { readonly subject: string; readonly details: Readonly<Record<string, unknown>> },
): Promise<Approval> {
  const { subject, details, ...asked } = input;
  const request: Approval = {
    ...asked,
    requestId: `${input.cycle}-${randomUUID().slice(0, 8)}`,
    status: 'pending',
    decidedBy: null,
    decisionReason: null,
    createdAt: deps.clock.now().toISOString(),
    decidedAt: null,
  };
  await deps.approvals.create(request);
  await deps.audit.append({
    actor: input.requestedBy,
    action: 'approval.request',
    subject,
    reason: input.reason,
    details: { requestId: request.requestId, kind: input.kind, ...details },
  });
  return request;
}

/**
 * Records a run under the approval that cleared it (none: just records it). The approval is used
 * first, so that no crash after the run is recorded can leave it standing for another run, and
 * given back if the run is not recorded (a hold, another run meanwhile). Refused if another run
 * used it meanwhile.
 */
export async function beginUnderApproval<T>(
  deps: Pick<ApprovalDeps, 'approvals'>,
  approval: Approval | null,
  begin: () => Promise<T>,
): Promise<T> {
  if (approval === null) return begin();
  const used: Approval = { ...approval, status: 'used' };
  if (!(await deps.approvals.update(used, 'approved'))) {
    throw new ApprovalError(`approval ${approval.requestId} was used by another run meanwhile`);
  }
  try {
    return await begin();
  } catch (error) {
    await deps.approvals.update(approval, 'used');
    throw error;
  }
}

/**
 * A second operator's decision.
 * In: the request, who decides, approve or reject, why. Out: the decided request; refused for the
 * operator who asked, and for a request no longer pending.
 */
export async function decideApproval(
  deps: ApprovalDeps,
  input: {
    readonly requestId: string;
    readonly by: string;
    /** The decider's username, kept beside the id for people to read. */
    readonly byName?: string | undefined;
    readonly approve: boolean;
    readonly reason: string;
  },
): Promise<Approval> {
  const request = await deps.approvals.get(input.requestId);
  if (request === undefined)
    throw new ApprovalError(`there is no approval request ${input.requestId}`);
  if (request.requestedBy === input.by) {
    await deps.audit.append({
      actor: input.by,
      action: 'approval.refused',
      subject: `cycle:${request.cycle}`,
      reason: 'the person who asked cannot also approve',
      details: { requestId: request.requestId, kind: request.kind, approve: input.approve },
    });
    throw new ApprovalBySameOperatorError(
      `${input.by} asked for ${input.requestId} and cannot also approve it: another operator must decide`,
    );
  }
  if (request.status !== 'pending')
    throw new ApprovalError(`approval request ${input.requestId} is already ${request.status}`);
  const decided: Approval = {
    ...request,
    status: input.approve ? 'approved' : 'rejected',
    decidedBy: input.by,
    ...(input.byName ? { decidedByName: input.byName } : {}),
    decisionReason: input.reason,
    decidedAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.approvals.update(decided, 'pending'))) {
    throw new ApprovalError(
      `approval request ${input.requestId} was decided by someone else meanwhile`,
    );
  }
  await deps.audit.append({
    actor: input.by,
    action: input.approve ? 'approval.approve' : 'approval.reject',
    subject: `cycle:${request.cycle}`,
    reason: input.reason,
    details: { requestId: request.requestId, kind: request.kind, requestedBy: request.requestedBy },
  });
  return decided;
}
