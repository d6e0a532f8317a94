import { requireEnv } from '../shared/config/env.ts';
import { DafaaError } from '../shared/errors/dafaa-error.ts';

/**
 * Metrics as CloudWatch Embedded Metric Format: one JSON line on stdout per call, which CloudWatch
 * Logs turns into metrics. Written to stdout directly, not through `console.log`, because Lambda's
 * text log format prefixes console lines, and a prefixed line is not EMF. Dimension values and metric
 * values only: never personal data.
 */

/** The CloudWatch units the functions report in. */
export type MetricUnit = 'Count' | 'None';

export interface MetricValue {
  readonly value: number;
  readonly unit: MetricUnit;
}

/** How a document groups its metrics. */
export interface EmfOptions {
  /**
   * Also publish each metric without dimensions (a second, empty dimension set), so that a dashboard
   * or alarm can read the total without knowing the dimension values (the cycle).
   */
  readonly rollup?: boolean;
}

/** Where the functions' metrics go and which service they log as. */
export interface Telemetry {
  readonly namespace: string;
  readonly service: string;
  /** Where EMF lines go: stdout in Lambda (CloudWatch reads them there); elsewhere, as the runner says. */
  readonly write?: (line: string) => void;
}

/** A metric document that CloudWatch would reject or misread: a bug in the caller. */
export class MetricsFormatError extends DafaaError {
  override readonly name: string = 'MetricsFormatError';
}

/** Reads `POWERTOOLS_METRICS_NAMESPACE` and `POWERTOOLS_SERVICE_NAME`, failing fast. */
export function telemetryFromEnvironment(env: NodeJS.ProcessEnv): Telemetry {
  return {
    namespace: requireEnv(env, 'POWERTOOLS_METRICS_NAMESPACE'),
    service: requireEnv(env, 'POWERTOOLS_SERVICE_NAME'),
  };
}

/** One EMF document as a JSON string: the `_aws` metadata, then dimension and metric values. */
export function formatEmf(
  namespace: string,
  dimensions: Readonly<Record<string, string>>,
  metrics: Readonly<Record<string, MetricValue>>,
  timestamp: number,
  options: EmfOptions = {},
): string {
  const dimensionKeys = Object.keys(dimensions);
  const metricEntries = Object.entries(metrics);
  for (const [name, { value }] of metricEntries) {
    if (Object.hasOwn(dimensions, name) || name === '_aws') {
      throw new MetricsFormatError(`metric ${name} has the name of another member`);
    }
    if (!Number.isFinite(value)) throw new MetricsFormatError(`metric ${name} is not a number`);
  }
  if (dimensionKeys.includes('_aws')) throw new MetricsFormatError('_aws is not a dimension');
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions:
            options.rollup && dimensionKeys.length > 0 ? [dimensionKeys, []] : [dimensionKeys],
          Metrics: metricEntries.map(([name, { unit }]) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(metricEntries.map(([name, { value }]) => [name, value])),
  });
}

/**
 * Writes the metrics as one EMF line, stamped now: to the telemetry's writer, or on stdout (given a
 * bare namespace, or a telemetry without a writer).
 */
export function emitMetrics(
  to: Telemetry | string,
  dimensions: Readonly<Record<string, string>>,
  metrics: Readonly<Record<string, MetricValue>>,
  options: EmfOptions = {},
): void {
  const { namespace, write = (line: string) => process.stdout.write(line) } =
    typeof to === 'string' ? { namespace: to } : to;
  write(`${formatEmf(namespace, dimensions, metrics, Date.now(), options)}\n`);
}
