import { describe, expect, it } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import type { CycleId, IsoDate } from '../../../shared/calendar/calendar-date.ts';
import { defaultOpsSettings } from '../../../shared/config/ops-settings.ts';
import type { CycleDeps } from '../../../shared/cycles/cycle-deps.ts';
import { gateCycle } from '../../../shared/cycles/gate-cycle.ts';
import { planCycle } from '../../../shared/cycles/plan-cycle.ts';
import { projectSegment } from '../../../shared/cycles/project-segment.ts';
import { runMonth } from '../../support/cycle-flow.ts';
import { inMemoryCycle, readOnlyCycle } from '../../support/cycles.ts';
import { InMemoryApprovals } from '../../support/fakes/in-memory-approvals.ts';
import { InMemoryAuditLog } from '../../support/fakes/in-memory-audit-log.ts';
import { aHousehold } from '../../support/households.ts';

const NOVEMBER = '2026-11' as CycleId;
const DECEMBER = '2026-12' as CycleId;

/** A generated register, and one household owed 500 riyals of arrears in December. */
async function registerWithArrears() {
  const fakes = inMemoryCycle();
  await fakes.households.putMany([
    ...generateRegister({
      households: 120,
      seed: 5,
      arrearsDueBy: DECEMBER,
      asOf: '2026-09-01' as IsoDate,
    }),
    aHousehold({
      arrears: {
        'O-1': {
          objectionId: 'O-1',
          payInCycle: DECEMBER,
          lines: [{ cycle: '2026-08', amountHalalas: 50_000 }],
          totalHalalas: 50_000,
          settledInCycle: null,
        },
      },
    }),
  ]);
  return fakes;
}

const projectAll = async (deps: CycleDeps, cycle: CycleId) => {
  const { cycle: planned } = await planCycle(deps, cycle);
  const projections = [];
  for (let segment = 0; segment < planned.totalSegments; segment += 1) {
    projections.push(await projectSegment(deps, { cycle, segment }));
  }
  return projections;
};

function gate(deps: ReturnType<typeof inMemoryCycle>['deps'], change = 0.05) {
  const audit = new InMemoryAuditLog(deps.clock);
  const approvals = new InMemoryApprovals();
  const settings = {
    ...defaultOpsSettings,
    approval: { ...defaultOpsSettings.approval, changeFromLastMonthAbove: change },
  };
  return { ...deps, approvals: { approvals, audit, settings, clock: deps.clock } };
}

describe('the projection before the approval gate', () => {
  it('projects, writing nothing, exactly what the first run then pays, arrears included', async () => {
    const { deps, payments } = await registerWithArrears();

    await planCycle(deps, DECEMBER);
    const projections = await projectAll(readOnlyCycle(deps), DECEMBER);
    expect(payments.records.size).toBe(0);
    const { cycle } = await runMonth(deps, { cycle: DECEMBER });

    const sum = (key: 'households' | 'totalHalalas') =>
      projections.reduce((total, projection) => total + projection[key], 0);
    expect(cycle.totals?.arrearsHalalas).toBeGreaterThanOrEqual(50_000);
    expect(sum('households')).toBe(cycle.totals?.householdsSeen);
    expect(sum('totalHalalas')).toBe(
      (cycle.totals?.amountHalalas ?? 0) + (cycle.totals?.arrearsHalalas ?? 0),
    );
  });

  it("holds the summed total against last month's: a move above the threshold asks for approval", async () => {
    const { deps } = await registerWithArrears();
    await runMonth(deps, { cycle: NOVEMBER });
    const projections = await projectAll(deps, DECEMBER);
    const input = {
      cycle: DECEMBER,
      restart: false,
      segments: projections.map(({ segment }) => segment),
      request: {
        cycle: DECEMBER,
        kind: 'run' as const,
        requestedBy: 'scheduler',
        reason: 'monthly run',
      },
      rerun: null,
      projections,
      execution: 'cycle-2026-12',
    };

    // December pays the same register plus 500 riyals of arrears: a small move from November.
    // The tight gate first: it only asks, where the one within records the run.
    const tight = await gateCycle(gate(deps, 0.0001), input);
    const within = await gateCycle(gate(deps, 0.05), input);

    expect(within.proceed).toBe(true);
    expect(tight).toMatchObject({
      proceed: false,
      approval: { why: expect.stringMatching(/from last month/) },
    });
  });
});
