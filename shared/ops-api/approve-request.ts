import {
  type CalendarOverride,
  calendarOverrideSchema,
  parseCalendarFile,
} from '../calendar/bank-calendar-data.ts';
import { cycleOf, type IsoDate } from '../calendar/calendar-date.ts';
import { type OverrideDeps, recordOverride } from '../calendar/manage-overrides.ts';
import type { CalendarOverrideRepository } from '../calendar/ports.ts';
import type { Approval } from '../cycles/approval-record.ts';
import { type ApprovalDeps, decideApproval, openRequest } from '../cycles/approvals.ts';
import {
  type RerunStartDeps,
  type StartedExecution,
  startRerun,
  startRun,
} from '../cycles/start-cycle-execution.ts';
import type { ApprovalDecision, StartAnswer } from './api-types.ts';

/**
 * Maker-checker through the ops API. A calendar change an operator asks for waits, as an approval
 * request, for a second person; a decision by that person resumes what the request held: the run or
 * rerun the gate stopped is started again (and now passes the gate), the calendar change recorded.
 * Both people are named in the audit log: the request and the resumed action carry who asked, the
 * decision and the resumed action who approved.
 */

const CALENDAR_WHY = 'a calendar change moves payment dates: a second person approves it';

/**
 * An operator's request for a calendar override.
 * In: the override as asked (kind, date, month, reason), who asks, today. Out: the pending request.
 */
export async function requestCalendarChange(
  deps: ApprovalDeps,
  input: {
    readonly requestedBy: string;
    readonly requestedByName: string;
    readonly override: {
      kind: CalendarOverride['kind'];
      date: string;
      cycle?: string;
      reason: string;
    };
    readonly today: IsoDate;
  },
): Promise<Approval> {
  const override = parseCalendarFile(
    calendarOverrideSchema,
    { ...input.override, recordedBy: input.requestedBy, recordedAt: input.today },
    'the override',
  );
  const cycle = override.kind === 'payment-date' ? override.cycle : cycleOf(override.date);
  return openRequest(deps, {
    cycle,
    kind: 'calendar',
    override,
    requestedBy: input.requestedBy,
    requestedByName: input.requestedByName,
    reason: override.reason,
    why: CALENDAR_WHY,
    projectedTotalHalalas: 0,
    lastMonthTotalHalalas: null,
    subject: `calendar:${cycle}`,
    details: { override: { ...override } },
  });
}

/**
 * A second person's decision, and what it resumes.
 * In: the request, who decides (refused, and audited, when it is who asked), approve or reject, why.
 * Out: the decided request and, when approved, the run started or the calendar change recorded.
 */
export async function approveRequest(
  deps: {
    readonly approval: ApprovalDeps;
    readonly start: RerunStartDeps;
    readonly overrides: CalendarOverrideRepository;
  },
  input: {
    readonly requestId: string;
    readonly by: string;
    readonly byName?: string;
    readonly approve: boolean;
    readonly reason: string;
  },
): Promise<ApprovalDecision> {
  const approval = await decideApproval(deps.approval, input);
  if (approval.status !== 'approved') return { approval, resumed: null };
  const resumedApproval = { requestId: approval.requestId, approvedBy: input.by };
  switch (approval.kind) {
    case 'calendar':
      await applyCalendarRequest(
        { overrides: deps.overrides, audit: deps.approval.audit },
        approval,
      );
      return {
        approval,
        resumed: {
          outcome: 'started',
          executionName: null,
          message: 'the calendar change is recorded',
        },
      };
    case 'run': {
      const started = await startRun(deps.start, {
        cycle: approval.cycle,
        operator: {
          requestedBy: approval.requestedBy,
          ...(approval.requestedByName ? { requestedByName: approval.requestedByName } : {}),
          reason: approval.reason,
        },
      });
      await deps.approval.audit.append({
        actor: input.by,
        action: 'cycle.run',
        subject: `cycle:${approval.cycle}`,
        reason: approval.reason,
        details: {
          executionName: started.executionName,
          outcome: started.outcome,
          requestedBy: approval.requestedBy,
          approvalRequestId: approval.requestId,
          approvedBy: input.by,
        },
      });
      return { approval, resumed: answer(started) };
    }
    case 'rerun': {
      // The request does not keep whether only failed segments were asked for: a full pass pays
      // only those not yet paid, so it does at least what was asked.
      const started = await startRerun(deps.start, {
        cycle: approval.cycle,
        reason: approval.reason,
        requestedBy: approval.requestedBy,
        requestedByName: approval.requestedByName,
        onlyFailed: false,
        actor: input.by,
        approval: resumedApproval,
      });
      return { approval, resumed: answer(started) };
    }
  }
}

/** Records the override an approved calendar request holds (nothing for another kind of request). */
export async function applyCalendarRequest(deps: OverrideDeps, approval: Approval): Promise<void> {
  if (approval.kind === 'calendar' && approval.status === 'approved' && approval.override)
    await recordOverride(deps, approval.override);
}

function answer(started: StartedExecution): StartAnswer {
  return {
    outcome: started.outcome,
    executionName: started.executionName,
    message:
      started.outcome === 'started'
        ? `resumed: started ${started.executionName}`
        : started.outcome === 'running'
          ? `${started.executionName} is running already`
          : 'the month has run already',
  };
}
