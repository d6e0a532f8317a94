import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DafaaError } from '../shared/errors/dafaa-error.ts';
import { DEFAULT_PAYMENTS_WARM_THROUGHPUT, StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** The app's context holds a value the stacks cannot be built with: the message names the key. */
export class DeploymentContextError extends DafaaError {
  override readonly name: string = 'DeploymentContextError';
}

/**
 * The dafaa stacks on a CDK app, with cdk-nag's AwsSolutions checks. Context is read here and
 * nowhere else (cdk.json holds the defaults; `cdk deploy -c stage=prod -c region=...` overrides):
 * stage, region (default me-central-1, the nearest region serving the Kingdom today), the notifier's
 * identities, the two concurrencies that bound the write and send rates, the payments table's
 * warm throughput (`paymentsWarmWritesPerSecond`, `paymentsWarmReadsPerSecond`; absent, sized for
 * three million households in ten minutes), and the approval thresholds
 * (`approvalTotalAboveHalalas`, `approvalChangeAbove`; absent, the program's defaults).
 */
export function buildApp(app: App): { stateful: StatefulStack; stateless: StatelessStack } {
  // Strong references: the stateful stack cannot drop an export the stateless stack still uses.
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined) {
    app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  }
  const context = (key: string, fallback: string) =>
    String(app.node.tryGetContext(key) ?? fallback);
  const wholeNumber = (key: string, fallback: number) => {
    const text = context(key, String(fallback));
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) {
      throw new DeploymentContextError(
        `context ${key} must be a positive whole number, not "${text}" (cdk.json, or -c ${key}=...)`,
      );
    }
    return value;
  };
  const stage = context('stage', 'dev');
  const env = { region: context('region', 'me-central-1') };
  const stateful = new StatefulStack(app, `Dafaa-${stage}-Stateful`, {
    env,
    description: `dafaa ${stage}: data that outlives deployments (tables, queues, reports)`,
    paymentsWarmThroughput: {
      writeUnitsPerSecond: wholeNumber(
        'paymentsWarmWritesPerSecond',
        DEFAULT_PAYMENTS_WARM_THROUGHPUT.writeUnitsPerSecond,
      ),
      readUnitsPerSecond: wholeNumber(
        'paymentsWarmReadsPerSecond',
        DEFAULT_PAYMENTS_WARM_THROUGHPUT.readUnitsPerSecond,
      ),
    },
  });
  const stateless = new StatelessStack(app, `Dafaa-${stage}-Stateless`, {
    env,
    description: `dafaa ${stage}: functions, the cycle state machine, schedule, alarms, dashboard`,
    stateful,
    notifier: {
      smsSenderId: context('smsSenderId', 'CitizenAcc'),
      emailDomain: context('emailDomain', 'dafaa.example.sa'),
      emailFrom: context('emailFrom', 'no-reply@dafaa.example.sa'),
      emailConfigurationSet: context('emailConfigurationSet', 'dafaa-beneficiary-mail'),
    },
    segmentConcurrency: Number(context('segmentConcurrency', '40')),
    notifierConcurrency: Number(context('notifierConcurrency', '5')),
    approval: {
      totalAboveHalalas: app.node.tryGetContext('approvalTotalAboveHalalas'),
      changeAbove: app.node.tryGetContext('approvalChangeAbove'),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
