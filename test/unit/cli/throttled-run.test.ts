import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { EXIT, explainError } from '../../../cli/cli-errors.ts';
import { throttledStop } from '../../../cli/commands/cycle-command.ts';
import type { CycleId } from '../../../shared/calendar/calendar-date.ts';
import { pendingSegment, type SegmentRecord } from '../../../shared/cycles/cycle-record.ts';
import { emptyTally } from '../../../shared/cycles/cycle-tally.ts';

const CYCLE = '2026-12' as CycleId;

const segment = (
  index: number,
  status: SegmentRecord['status'],
  householdsSeen: number,
  lastError: string | null = null,
): SegmentRecord => ({
  ...pendingSegment(CYCLE, index, '2026-12-10T06:00:00.000Z'),
  status,
  lastError,
  tally: { ...emptyTally(), householdsSeen },
});

const finalized = { ended: 'finalized', status: 'incomplete' } as const;

describe('a run stopped by throttling', () => {
  it('says how far it got and to run it again, when every unfinished segment was throttled', () => {
    const line = throttledStop(
      CYCLE,
      [
        segment(0, 'done', 1_500),
        segment(
          1,
          'failed',
          640,
          'ThrottlingException: Rate of requests exceeds the allowed throughput.',
        ),
        segment(
          2,
          'failed',
          0,
          'ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.',
        ),
      ],
      finalized,
      undefined,
    );

    expect(line).toBe(
      'Throttled: 2,140 of about 2,140 households done, nothing paid twice; run it again to continue: dafaa cycle run 2026-12',
    );
  });

  it('is not throttling when any unfinished segment stopped on something else', () => {
    const segments = [
      segment(
        0,
        'failed',
        10,
        'ThrottlingException: Rate of requests exceeds the allowed throughput.',
      ),
      segment(1, 'failed', 0, 'TypeError: cannot read properties of undefined'),
    ];

    expect(throttledStop(CYCLE, segments, finalized, undefined)).toBeNull();
    expect(
      throttledStop(
        CYCLE,
        [segment(0, 'done', 9)],
        { ended: 'finalized', status: 'completed' },
        undefined,
      ),
    ).toBeNull();
  });

  it('reads the execution error when the run stopped before any segment', () => {
    const failed = {
      ended: 'failed',
      error: 'ThrottlingException',
      cause: 'Rate exceeded',
    } as const;

    expect(throttledStop(CYCLE, [], failed, undefined)).toMatch(/^Throttled: 0 of about 0/);
    expect(
      throttledStop(CYCLE, [], { ...failed, error: 'States.TaskFailed' }, undefined),
    ).toBeNull();
  });

  it('gives a throttled AWS error its own exit code and a line that says to run it again', () => {
    const error = new ThrottlingException({
      message: 'Rate of requests exceeds the allowed throughput.',
      $metadata: { httpStatusCode: 400 },
    });

    expect(explainError(error)).toEqual({
      line: 'throttled: AWS answered ThrottlingException past every retry; nothing is lost or done twice: run the same command again to continue',
      exitCode: EXIT.transient,
    });
    expect(explainError(new Error('boom')).exitCode).toBe(EXIT.bug);
  });
});
