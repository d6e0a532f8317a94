import { describe, expect, it } from 'vitest';
import { formatEmf, MetricsFormatError, telemetryFromEnvironment } from '../../../functions/emf.ts';
import { ConfigurationError } from '../../../shared/config/env.ts';

describe('formatEmf', () => {
  it('writes the directive and the dimension and metric values as top-level members', () => {
    const line = formatEmf(
      'Dafaa',
      { Cycle: '2026-12' },
      {
        PaymentsWritten: { value: 12, unit: 'Count' },
        AmountPaidHalalas: { value: 500, unit: 'None' },
      },
      1_765_324_800_000,
    );

    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: 1_765_324_800_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Dafaa',
            Dimensions: [['Cycle']],
            Metrics: [
              { Name: 'PaymentsWritten', Unit: 'Count' },
              { Name: 'AmountPaidHalalas', Unit: 'None' },
            ],
          },
        ],
      },
      Cycle: '2026-12',
      PaymentsWritten: 12,
      AmountPaidHalalas: 500,
    });
  });

  it('also publishes the metrics without dimensions when asked for a rollup', () => {
    const document = JSON.parse(
      formatEmf('Dafaa', { Cycle: '2026-12' }, { Paid: { value: 3, unit: 'Count' } }, 0, {
        rollup: true,
      }),
    );

    expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Cycle'], []]);
  });

  it('refuses a metric named like a dimension, and a value that is not a number', () => {
    expect(() =>
      formatEmf('Dafaa', { Cycle: '2026-12' }, { Cycle: { value: 1, unit: 'Count' } }, 0),
    ).toThrow(MetricsFormatError);
    expect(() => formatEmf('Dafaa', {}, { Paid: { value: Number.NaN, unit: 'Count' } }, 0)).toThrow(
      MetricsFormatError,
    );
  });
});

describe('telemetryFromEnvironment', () => {
  it('reads the namespace and service, failing fast when one is missing', () => {
    expect(
      telemetryFromEnvironment({
        POWERTOOLS_METRICS_NAMESPACE: 'Dafaa',
        POWERTOOLS_SERVICE_NAME: 'dafaa',
      }),
    ).toEqual({ namespace: 'Dafaa', service: 'dafaa' });
    expect(() => telemetryFromEnvironment({ POWERTOOLS_SERVICE_NAME: 'dafaa' })).toThrow(
      ConfigurationError,
    );
  });
});
