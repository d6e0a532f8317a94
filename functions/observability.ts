import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type middy from '@middy/core';
import { withCallRecorder } from '../shared/adapters/call-recorder.ts';
import { METRICS, type MetricName } from './metric-names.ts';

/**
 * The functions' logger, metrics and tracer (Powertools), one of each per container, configured by
 * the variables the construct sets (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE,
 * POWERTOOLS_LOG_LEVEL). Logs are JSON lines keyed by the cycle, segment, execution and
 * notification ids the handlers append; never a national id, mobile number, email address or IBAN
 * (test/integration/month-logs.test.ts reads a whole local month's logs for them).
 */

export const logger = new Logger();
export const metrics = new Metrics();
// Only AWS SDK calls leave our functions, and each client is captured (captureClient): the global
// http(s) patch would add nothing but a second subsegment per call, and the Lambda bundles leave
// the X-Ray SDK's http patcher out (infra/bundling/xray-sdk-lambda.cjs).
export const tracer = new Tracer({ captureHTTPsRequests: false });

/**
 * An AWS SDK v3 client as our functions use it: traced by X-Ray (a subsegment per call, when
 * tracing is on: in Lambda), its commands noted when the rehearsal's recorder is installed.
 */
export function captureClient<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(withCallRecorder(client));
}

/**
 * The middlewares every handler runs, outermost first: the trace, the log context (the Lambda
 * context's keys; the keys a handler appends are cleared after each invocation), and the metrics
 * document, published after the handler returns or throws. A function with nothing for that
 * document says so (`emitsMetrics: false`: no metric, or only single-metric documents such as the
 * notifier's per channel): Powertools warns on every invocation that publishes an empty one.
 */
export function observed<Event, Result>(
  handler: middy.MiddyfiedHandler<Event, Result>,
  options: { readonly emitsMetrics?: boolean } = {},
): middy.MiddyfiedHandler<Event, Result> {
  const traced = handler
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }));
  return options.emitsMetrics === false ? traced : traced.use(logMetrics(metrics));
}

/** Adds one of the registered metrics (functions/metric-names.ts) to this invocation's document. */
export function countMetric(name: MetricName, value: number): void {
  metrics.addMetric(name, METRICS[name].unit, value);
}

/**
 * Publishes a registered metric with its own dimension values (a channel, say) at once, as a
 * document of its own beside the invocation's.
 */
export function countMetricBy(
  name: MetricName,
  dimensionValues: Readonly<Record<string, string>>,
  value: number,
): void {
  const single = metrics.singleMetric();
  for (const [dimension, dimensionValue] of Object.entries(dimensionValues)) {
    single.addDimension(dimension, dimensionValue);
  }
  single.addMetric(name, METRICS[name].unit, value);
}
