import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import { type CycleFunctionDeps, InvalidEventError } from '../../../functions/aws-cycle-deps.ts';
import { createFinalizeCycleHandler } from '../../../functions/finalize-cycle.ts';
import { createPlanCycleHandler } from '../../../functions/plan-cycle.ts';
import { createProcessSegmentHandler } from '../../../functions/process-segment.ts';
import type { IsoDate } from '../../../shared/calendar/calendar-date.ts';
import { c } from '../../support/calendar.ts';
import { inMemoryCycle } from '../../support/cycles.ts';

const NAMESPACE = 'Dafaa';
const context = {} as Context;

/** The cycle functions on in-memory fakes, with a 30-household register. */
async function cycleFunctions() {
  const fakes = inMemoryCycle();
  await fakes.households.putMany([
    ...generateRegister({
      households: 30,
      seed: 7,
      arrearsDueBy: c('2026-12'),
      asOf: '2026-10-01' as IsoDate,
    }),
  ]);
  const deps: CycleFunctionDeps = {
    cycle: fakes.deps,
    telemetry: { namespace: NAMESPACE, service: 'dafaa' },
  };
  return {
    ...fakes,
    plan: createPlanCycleHandler(() => fakes.deps),
    segment: createProcessSegmentHandler(() => deps),
    finalize: createFinalizeCycleHandler(() => deps),
  };
}

/** The EMF documents written to stdout, parsed. */
function emfDocuments(stdout: MockInstance): Record<string, unknown>[] {
  return stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}
const directiveOf = (document: Record<string, unknown>) =>
  (document._aws as { CloudWatchMetrics: Directive[] }).CloudWatchMetrics[0];

describe('the cycle Lambda handlers', () => {
  let stdout: MockInstance;
  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => stdout.mockRestore());

  it('plan, then each segment of the Map, then finalize: a completed cycle', async () => {
    const { plan, segment, finalize, payments } = await cycleFunctions();

    const planned = await plan({ cycle: '2026-12' }, context);
    const segments = [];
    for (const number of planned.segments) {
      segments.push(await segment({ cycle: planned.cycle, segment: number }, context));
    }
    const finalized = await finalize(planned, context);

    expect(planned).toEqual({
      cycle: '2026-12',
      paymentNumber: 109,
      paymentDate: '2026-12-10',
      segments: [0, 1, 2],
      restart: false,
    });
    expect(segments.map(({ segment: number, status }) => ({ number, status }))).toEqual([
      { number: 0, status: 'done' },
      { number: 1, status: 'done' },
      { number: 2, status: 'done' },
    ]);
    expect(segments.reduce((sum, { householdsSeen }) => sum + householdsSeen, 0)).toBe(30);
    expect(finalized).toMatchObject({
      cycle: '2026-12',
      status: 'completed',
      incompleteSegments: [],
    });
    expect(finalized.totals?.householdsSeen).toBe(30);
    expect(finalized.totals?.amountHalalas).toBe(
      segments.reduce((sum, { amountHalalas }) => sum + amountHalalas, 0),
    );
    expect(payments.records.size).toBe(30);
  });

  it('emits each segment and the finalized cycle as valid EMF', async () => {
    const { plan, segment, finalize } = await cycleFunctions();

    const planned = await plan({ cycle: '2026-12' }, context);
    const outputs = [];
    for (const number of planned.segments) {
      outputs.push(await segment({ cycle: '2026-12', segment: number }, context));
    }
    await finalize({ cycle: '2026-12' }, context);

    const documents = emfDocuments(stdout);
    expect(documents).toHaveLength(planned.segments.length + 1);
    const segmentDocuments = documents.slice(0, -1);
    for (const [index, document] of segmentDocuments.entries()) {
      expect(directiveOf(document)).toEqual({
        Namespace: NAMESPACE,
        Dimensions: [['Cycle'], []],
        Metrics: [
          { Name: 'HouseholdsProcessed', Unit: 'Count' },
          { Name: 'PaymentsWritten', Unit: 'Count' },
          { Name: 'AmountPaidHalalas', Unit: 'None' },
        ],
      });
      expect(document).toMatchObject({
        Cycle: '2026-12',
        HouseholdsProcessed: outputs[index]?.householdsSeen,
        AmountPaidHalalas: outputs[index]?.amountHalalas,
      });
      expect(typeof (document._aws as { Timestamp: unknown }).Timestamp).toBe('number');
    }
    const written = segmentDocuments.reduce(
      (sum, document) => sum + Number(document.PaymentsWritten),
      0,
    );
    expect(written).toBe(30);
    const last = documents.at(-1) ?? {};
    expect(directiveOf(last)).toEqual({
      Namespace: NAMESPACE,
      Dimensions: [[]],
      Metrics: [{ Name: 'CycleCompleted', Unit: 'Count' }],
    });
    expect(last.CycleCompleted).toBe(1);
  });

  it('refuses a bad input with a named error, before touching any table', async () => {
    const { plan, segment, finalize, cycles } = await cycleFunctions();

    await expect(plan({ cycle: '2026-13' }, context)).rejects.toThrow(InvalidEventError);
    await expect(plan({ cycle: '2026-13' }, context)).rejects.toThrow(/2026-13/);
    await expect(plan({}, context)).rejects.toThrow(InvalidEventError);
    await expect(segment({ cycle: '2026-12', segment: -1 }, context)).rejects.toThrow(
      InvalidEventError,
    );
    await expect(segment({ cycle: '2026-12', segment: '0' }, context)).rejects.toThrow(
      InvalidEventError,
    );
    await expect(finalize({ cycle: '2026-13' }, context)).rejects.toThrow(InvalidEventError);
    expect(cycles.cycles.size).toBe(0);
    expect(emfDocuments(stdout)).toEqual([]);
  });

  it('reports an incomplete cycle when a segment was not processed', async () => {
    const { plan, segment, finalize } = await cycleFunctions();

    const planned = await plan({ cycle: '2026-12' }, context);
    await segment({ cycle: '2026-12', segment: 0 }, context);
    const finalized = await finalize(planned, context);

    expect(finalized).toMatchObject({ status: 'incomplete', incompleteSegments: [1, 2] });
    expect(emfDocuments(stdout).at(-1)?.CycleCompleted).toBe(0);
  });

  it('plans a cycle once: a second plan returns the same segments', async () => {
    const { plan } = await cycleFunctions();

    const first = await plan({ cycle: '2026-12' }, context);
    const second = await plan({ cycle: '2026-12' }, context);

    expect(second).toEqual(first);
  });
});
