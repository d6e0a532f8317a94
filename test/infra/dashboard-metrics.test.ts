import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  METRICS,
  METRICS_NAMESPACE,
  type MetricSpec,
  serviceNameOf,
} from '../../functions/metric-names.ts';
import { synthesize } from './synthesized.ts';

/**
 * Every metric of ours that an alarm or the dashboard reads is one a handler emits, under the same
 * namespace and dimensions: read off the synthesized template, and held against the registry of
 * emitted metrics (functions/metric-names.ts) and the handler files that emit them.
 */

interface ReadMetric {
  readonly by: string;
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;
const repository = join(import.meta.dirname, '..', '..');

/** The metrics the template's alarms and dashboards read. */
function metricsRead(template: Json): ReadMetric[] {
  const read: ReadMetric[] = [];
  const resources = Object.entries(template.Resources as Record<string, Json>);
  const dimensionsOf = (list: unknown) =>
    Object.fromEntries(
      ((list ?? []) as { Name: string; Value: unknown }[]).map((d) => [d.Name, String(d.Value)]),
    );
  for (const [id, resource] of resources) {
    const properties = (resource.Properties ?? {}) as Json;
    if (resource.Type === 'AWS::CloudWatch::Alarm') {
      if (typeof properties.MetricName === 'string') {
        read.push({
          by: id,
          namespace: String(properties.Namespace),
          name: properties.MetricName,
          dimensions: dimensionsOf(properties.Dimensions),
        });
      }
      for (const query of (properties.Metrics ?? []) as Json[]) {
        const metric = (query.MetricStat as Json | undefined)?.Metric as Json | undefined;
        if (metric === undefined) continue;
        read.push({
          by: id,
          namespace: String(metric.Namespace),
          name: String(metric.MetricName),
          dimensions: dimensionsOf(metric.Dimensions),
        });
      }
    }
    if (resource.Type === 'AWS::CloudWatch::Dashboard') {
      // The body is a Fn::Join of JSON text and references; a reference reads as a placeholder.
      const body = properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
      const text =
        typeof body === 'string'
          ? body
          : body['Fn::Join'][1]
              .map((part) => (typeof part === 'string' ? part : '<reference>'))
              .join('');
      const widgets = (JSON.parse(text) as { widgets: { properties: Json }[] }).widgets;
      for (const widget of widgets) {
        for (const row of (widget.properties.metrics ?? []) as unknown[][]) {
          const [namespace, name, ...rest] = row.filter((cell) => typeof cell === 'string');
          const dimensions: Record<string, string> = {};
          for (let index = 0; index + 1 < rest.length; index += 2) {
            dimensions[String(rest[index])] = String(rest[index + 1]);
          }
          read.push({ by: id, namespace: String(namespace), name: String(name), dimensions });
        }
      }
    }
  }
  return read;
}

/** Why a metric read is not one emitted; null when it is. Other namespaces are AWS's own. */
function notEmitted(metric: ReadMetric): string | null {
  if (metric.namespace.startsWith('AWS/')) return null;
  if (metric.namespace !== METRICS_NAMESPACE) return `namespace ${metric.namespace} is not ours`;
  const spec = (METRICS as Record<string, MetricSpec>)[metric.name];
  if (spec === undefined) return 'no handler emits it';
  const source = readFileSync(join(repository, 'functions', `${spec.emittedBy}.ts`), 'utf8');
  if (!source.includes(`'${metric.name}'`)) {
    return `functions/${spec.emittedBy}.ts does not emit it`;
  }
  const expected = ['service', ...spec.dimensions].sort();
  if (JSON.stringify(Object.keys(metric.dimensions).sort()) !== JSON.stringify(expected)) {
    return `read with dimensions ${Object.keys(metric.dimensions).join(', ') || 'none'}, emitted with ${expected.join(', ')}`;
  }
  if (metric.dimensions.service !== serviceNameOf(spec.emittedBy)) {
    return `read for service ${metric.dimensions.service}, emitted by ${serviceNameOf(spec.emittedBy)}`;
  }
  return null;
}

const mismatches = (read: readonly ReadMetric[]) =>
  read.flatMap((metric) => {
    const why = notEmitted(metric);
    return why === null ? [] : [`${metric.by} reads ${metric.namespace}/${metric.name}: ${why}`];
  });

describe('the metrics the alarms and the dashboard read', () => {
  let read: ReadMetric[];
  beforeAll(() => {
    read = metricsRead(synthesize().statelessTemplate.toJSON() as Json);
  });

  it('are each emitted by a handler, with the namespace and dimensions read', () => {
    expect(read.filter((metric) => metric.namespace === METRICS_NAMESPACE).length).toBeGreaterThan(
      10,
    );
    expect(mismatches(read)).toEqual([]);
  });

  it('include the message panel, by channel, which the notifier now feeds', () => {
    const messages = read.filter((metric) => metric.name.startsWith('Messages'));

    expect(messages.map(({ name, dimensions }) => `${name} ${dimensions.Channel}`).sort()).toEqual([
      'MessagesFailed email',
      'MessagesFailed sms',
      'MessagesSent email',
      'MessagesSent sms',
    ]);
  });

  it('fails when an alarm reads a metric nothing emits, or reads it without its service', () => {
    const { statelessTemplate } = synthesize(
      {},
      {
        change: ({ stateless }) => {
          const threshold = { threshold: 1, evaluationPeriods: 1 };
          new Alarm(stateless, 'ReadsNothingEmitted', {
            metric: new Metric({ namespace: 'dafaa', metricName: 'PaymentsLost' }),
            ...threshold,
          });
          new Alarm(stateless, 'ReadsWithoutService', {
            metric: new Metric({
              namespace: 'dafaa',
              metricName: 'TickSucceeded',
              period: Duration.hours(1),
            }),
            ...threshold,
          });
        },
      },
    );

    const found = mismatches(metricsRead(statelessTemplate.toJSON() as Json));

    expect(found).toEqual([
      expect.stringMatching(
        /^ReadsNothingEmitted.* reads dafaa\/PaymentsLost: no handler emits it/,
      ),
      expect.stringMatching(
        /^ReadsWithoutService.* reads dafaa\/TickSucceeded: read with dimensions none/,
      ),
    ]);
  });
});
