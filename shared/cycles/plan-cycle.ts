import type { CycleId } from '../calendar/calendar-date.ts';
import { computeDisbursementDate } from '../calendar/compute-disbursement-date.ts';
import { describeDisbursement } from '../calendar/describe-disbursement.ts';
import { withStoredOverrides } from '../calendar/manage-overrides.ts';
import { policyForCycle } from '../entitlement/entitlement-policy.ts';
import type { CycleDeps, CycleTuning } from './cycle-deps.ts';
import { CycleOnHoldError, CycleRunningError } from './cycle-guards.ts';
import { type CycleRecord, pendingSegment, type SegmentRecord } from './cycle-record.ts';
import { CycleError } from './errors.ts';

/**
 * Plans a cycle.
 * In: a month. Out: the cycle record (payment number, date from the calendar, policy version,
 * status) with the household table split into scan segments; an existing cycle is returned as it
 * is, so planning twice is harmless.
 */
export async function planCycle(
  deps: Pick<
    CycleDeps,
    'households' | 'cycles' | 'calendar' | 'calendarOverrides' | 'policies' | 'clock' | 'tuning'
  >,
  cycle: CycleId,
): Promise<{ cycle: CycleRecord; created: boolean }> {
  const existing = await deps.cycles.get(cycle);
  if (existing !== undefined) return { cycle: existing, created: false };
  const calendar = await withStoredOverrides(deps.calendar, deps.calendarOverrides);
  const disbursement = computeDisbursementDate(calendar, cycle);
  const policy = policyForCycle(deps.policies, cycle);
  const householdEstimate = await deps.households.estimateCount();
  const totalSegments = segmentCountFor(householdEstimate, deps.tuning);
  const now = deps.clock.now().toISOString();
  const record: CycleRecord = {
    cycle,
    paymentNumber: disbursement.paymentNumber,
    paymentDate: disbursement.date,
    paymentDateReason: describeDisbursement(disbursement, 'en'),
    policyVersion: policy.version,
    calendarVersion: calendar.calendar.dataVersion,
    status: 'planned',
    totalSegments,
    householdEstimate,
    plannedAt: now,
    runs: [],
    totals: null,
    finalizedAt: null,
    incompleteSegments: [],
    hold: null,
  };
  const segments: SegmentRecord[] = Array.from({ length: totalSegments }, (_, segment) =>
    pendingSegment(cycle, segment, now),
  );
  const { created, stored } = await deps.cycles.createIfAbsent(record, segments);
  return { cycle: stored, created };
}

/**
 * Records that a pass over a cycle begins: status `running`, and a run with its start (whether a
 * full pass or a resume). The local runner and the state machine's gate both call it, so a cycle's
 * status and run history read the same wherever it ran. It is written only onto the record as
 * `planned` holds it: refused if a hold was set since (a hold is never overwritten), or if another
 * run began since (two runners that read the same record cannot both begin).
 */
export async function beginCycleRun(
  deps: Pick<CycleDeps, 'cycles' | 'clock'>,
  planned: CycleRecord,
  fullPass: boolean,
  rerun: { readonly reason: string; readonly requestedBy: string } | null = null,
  runner?: string,
): Promise<CycleRecord> {
  const running: CycleRecord = {
    ...planned,
    status: 'running',
    runs: [
      ...planned.runs,
      {
        startedAt: deps.clock.now().toISOString(),
        finishedAt: null,
        fullPass,
        ...(rerun ?? {}),
        ...(runner === undefined ? {} : { runner }),
      },
    ],
  };
  const run = running.runs.at(-1);
  if (run === undefined) throw new CycleError('a run was not recorded');
  const outcome = await deps.cycles.beginRun(planned.cycle, run, planned.runs.length);
  if (outcome === 'on-hold') {
    throw new CycleOnHoldError(
      `cycle ${planned.cycle} was put on hold meanwhile: see "dafaa cycle status ${planned.cycle}", release it first`,
    );
  }
  if (outcome === 'changed-meanwhile') {
    throw new CycleRunningError(
      `another run of cycle ${planned.cycle} began meanwhile: see "dafaa cycle status ${planned.cycle}"`,
    );
  }
  return running;
}

/** How many scan segments a register of this size is split into. */
export function segmentCountFor(householdEstimate: number, tuning: CycleTuning): number {
  const { householdsPerSegment, minSegments, maxSegments } = tuning;
  return Math.min(
    maxSegments,
    Math.max(minSegments, Math.ceil(householdEstimate / householdsPerSegment)),
  );
}
