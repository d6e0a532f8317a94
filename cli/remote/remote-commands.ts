import { parseCycleId } from '../../shared/calendar/calendar-date.ts';
import type { Approval } from '../../shared/cycles/approval-record.ts';
import type { Suppression } from '../../shared/notifications/suppression.ts';
import type { Objection } from '../../shared/objections/objection.ts';
import type {
  ApprovalDecision,
  AuditPage,
  AuditVerification,
  CyclePlan,
  CycleReport,
  CycleView,
  HouseholdView,
  StartAnswer,
} from '../../shared/ops-api/api-types.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { renderApprovals } from '../commands/approvals-command.ts';
import { renderEntries } from '../commands/audit-command.ts';
import { renderCycleStatus } from '../commands/cycle-command.ts';
import { renderCycleBreakdown, renderDryRun } from '../commands/cycle-ops-command.ts';
import { renderTimeline } from '../commands/household-command.ts';
import { describeObjection } from '../commands/objection-command.ts';
import { renderCycleSummary } from '../render/cycle-summary.ts';
import { renderMessageEndings } from '../render/message-endings.ts';
import type { OpsApiClient } from './ops-api-client.ts';

/**
 * The ops commands against a deployment, through its ops API as the signed-in user: the same
 * commands and output as on the local stack, but every action is taken, authorised and audited by
 * the API, and nobody is named on the command line (`--by` is refused: who acts is who signed in).
 */

export const REMOTE_COMMANDS =
  'cycle status|report|plan|run|rerun|hold|release, approvals list|approve|reject, audit list|verify, objection show|review|accept|reject, household H, calendar override|close|open (a request for a second person), notify suppression lift';

const OPTIONS = {
  reason: { type: 'string' },
  'only-failed': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  limit: { type: 'string' },
  anchor: { type: 'string' },
  note: { type: 'string' },
  date: { type: 'string' },
  household: { type: 'string' },
  lang: { type: 'string', default: 'ar' },
  by: { type: 'string' },
} as const;

export async function remoteCommand(
  client: () => Promise<OpsApiClient>,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    OPTIONS,
    `with --api: ${REMOTE_COMMANDS}`,
    4,
  );
  if (values.by !== undefined) {
    throw new UsageError(
      '--by is not taken against a deployment: who acts is who signed in (dafaa login)',
    );
  }
  const [command, action, target] = positionals;
  const api = await client();
  const reason = () => {
    if (!values.reason?.trim()) throw new UsageError(`${command} ${action} needs --reason TEXT`);
    return values.reason;
  };
  const say = (line: string) => io.out(`${line}  (as ${api.username})`);
  const month = () => parseCycleId(target ?? '');

  switch (`${command} ${action}`) {
    case 'cycle status': {
      const view = await api.call<CycleView>('GET', `/cycles/${month()}`);
      io.out(renderCycleStatus(month(), view.cycle, view.segments));
      return 0;
    }
    case 'cycle report': {
      const report = await api.call<CycleReport>('GET', `/cycles/${month()}/report`);
      io.out(
        `${renderCycleSummary(report.cycle)}\n\n${renderCycleBreakdown(report.cycle)}\n\n${renderMessageEndings(month(), report.messages)}`,
      );
      return 0;
    }
    case 'cycle plan':
      io.out(renderDryRun(await api.call<CyclePlan>('GET', `/cycles/${month()}/plan`)));
      return 0;
    case 'cycle run':
    case 'cycle rerun': {
      const body =
        action === 'run'
          ? { ...(values.reason ? { reason: values.reason } : {}) }
          : { reason: reason(), onlyFailed: values['only-failed'] };
      const started = await api.call<StartAnswer>('POST', `/cycles/${month()}/${action}`, body);
      say(`${started.message}; follow it with "dafaa cycle status ${month()} --api ${api.api}".`);
      return 0;
    }
    case 'cycle hold':
    case 'cycle release':
      await api.call('POST', `/cycles/${month()}/${action}`, { reason: reason() });
      say(`Cycle ${month()} ${action === 'hold' ? 'is on hold' : 'is released'}.`);
      return 0;
    case 'approvals list':
      io.out(renderApprovals(await api.call<Approval[]>('GET', '/approvals')));
      return 0;
    case 'approvals approve':
    case 'approvals reject': {
      const decided = await api.call<ApprovalDecision>(
        'POST',
        `/approvals/${encodeURIComponent(target ?? '')}/${action}`,
        { reason: reason() },
      );
      say(
        `${decided.approval.status === 'approved' ? 'Approved' : 'Rejected'} ${decided.approval.requestId}${decided.resumed ? `: ${decided.resumed.message}` : ''}.`,
      );
      return 0;
    }
    case 'audit list': {
      const limit = values.limit ?? '20';
      const page = await api.call<AuditPage>('GET', `/audit?limit=${encodeURIComponent(limit)}`);
      io.out(renderEntries([...page.entries].reverse(), Number(limit)));
      return 0;
    }
    case 'audit verify': {
      const anchor = values.anchor ? `?anchor=${encodeURIComponent(values.anchor)}` : '';
      const { chain, head } = await api.call<AuditVerification>('GET', `/audit/verify${anchor}`);
      if (!chain.valid) {
        io.err(`The audit log is broken at entry ${chain.brokenAt}: ${chain.problem}`);
        return 1;
      }
      io.out(
        `The audit log holds ${chain.entries} entries and its chain is intact${values.anchor ? ', with the anchored entry as anchored' : ''}.${head ? `\nIts head: ${head.sequence}:${head.hash}` : ''}`,
      );
      return 0;
    }
    case 'objection show':
      io.out(
        describeObjection(await api.call<Objection>('GET', `/objections/${target ?? ''}`), null),
      );
      return 0;
    case 'objection review':
    case 'objection accept':
    case 'objection reject': {
      const body = {
        ...(values.note ? { note: values.note } : {}),
        ...(action === 'reject' ? { reason: reason() } : {}),
      };
      const after = await api.call<Objection>(
        'POST',
        `/objections/${target ?? ''}/${action}`,
        body,
      );
      say(describeObjection(after, null));
      return 0;
    }
    case 'calendar override':
    case 'calendar close':
    case 'calendar open': {
      const override =
        action === 'override'
          ? { kind: 'payment-date', cycle: target, date: values.date }
          : { kind: action === 'close' ? 'closed-day' : 'open-day', date: target };
      const request = await api.call<Approval>('POST', '/calendar/override-requests', {
        ...override,
        reason: reason(),
      });
      say(`Asked: request ${request.requestId} waits for a second person's approval.`);
      return 0;
    }
    case 'notify suppression': {
      if (target !== 'lift' || !values.household) {
        throw new UsageError('with --api: notify suppression lift --household H --reason TEXT');
      }
      const lifted = await api.call<Suppression[]>(
        'POST',
        `/households/${values.household}/suppressions/lift`,
        { reason: reason() },
      );
      say(`Lifted ${lifted.length} suppressed address(es) for household ${values.household}.`);
      return 0;
    }
    default:
      if (command === 'household' && action) {
        const view = await api.call<HouseholdView>('GET', `/households/${action}`);
        io.out(renderTimeline(view.timeline, values.lang === 'en' ? 'en' : 'ar'));
        return 0;
      }
      throw new UsageError(
        `"${positionals.join(' ')}" is not taken with --api; it takes: ${REMOTE_COMMANDS}`,
      );
  }
}
