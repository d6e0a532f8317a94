/**
 * Every metric the functions emit, with the function that emits it and its dimensions beyond the
 * `service` one Powertools Metrics adds (the function's POWERTOOLS_SERVICE_NAME). Handlers can
 * emit only these names (functions/observability.ts), and the stack's alarms and dashboard read
 * them through `metricIdentity` (infra), so what is read is what is emitted; a test holds the
 * synthesized app to it (test/infra/dashboard-metrics.test.ts).
 */

/** The metrics' CloudWatch namespace: the construct sets it as POWERTOOLS_METRICS_NAMESPACE. */
export const METRICS_NAMESPACE = 'dafaa';

/** The service name of the function built from functions/<entry>.ts: POWERTOOLS_SERVICE_NAME. */
export const serviceNameOf = (entry: string): string => `dafaa-${entry}`;

export const METRICS = {
  CyclesStarted: { emittedBy: 'tick', unit: 'Count', dimensions: [] },
  CyclesMissed: { emittedBy: 'tick', unit: 'Count', dimensions: [] },
  // Counted only once the tick got through: 26 hours without one raise TickSilentAlarm.
  TickSucceeded: { emittedBy: 'tick', unit: 'Count', dimensions: [] },
  CyclesAwaitingApproval: { emittedBy: 'gate-cycle', unit: 'Count', dimensions: [] },
  HouseholdsProcessed: { emittedBy: 'process-segment', unit: 'Count', dimensions: [] },
  PaymentsWritten: { emittedBy: 'process-segment', unit: 'Count', dimensions: [] },
  AmountPaidHalalas: { emittedBy: 'process-segment', unit: 'None', dimensions: [] },
  CycleCompleted: { emittedBy: 'finalize-cycle', unit: 'Count', dimensions: [] },
  DeferredReleased: { emittedBy: 'release-deferred', unit: 'Count', dimensions: [] },
  MessagesSent: { emittedBy: 'notify', unit: 'Count', dimensions: ['Channel'] },
  MessagesFailed: { emittedBy: 'notify', unit: 'Count', dimensions: ['Channel'] },
} as const satisfies Record<string, MetricSpec>;

export interface MetricSpec {
  /** The functions/ entry whose handler emits it. */
  readonly emittedBy: string;
  readonly unit: 'Count' | 'None';
  /** Dimension names besides `service`. */
  readonly dimensions: readonly string[];
}

export type MetricName = keyof typeof METRICS;

/**
 * A metric's identity in CloudWatch as emitted: namespace, name, and its dimensions (`service`
 * and the given values of its own dimensions).
 */
export function metricIdentity(
  name: MetricName,
  dimensionValues: Readonly<Record<string, string>> = {},
): { namespace: string; metricName: string; dimensionsMap: Record<string, string> } {
  const spec: MetricSpec = METRICS[name];
  return {
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: serviceNameOf(spec.emittedBy), ...dimensionValues },
  };
}
