import { type App, Aws, Fn, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DafaaError } from '../shared/errors/dafaa-error.ts';
import { DEFAULT_PAYMENTS_WARM_THROUGHPUT, StatefulStack } from './stateful-stack.ts';
import { type NotifierIdentity, StatelessStack } from './stateless-stack.ts';

/** The app's context holds a value the stacks cannot be built with: the message names the key. */
export class DeploymentContextError extends DafaaError {
  override readonly name: string = 'DeploymentContextError';
}

/**
 * The notifier's identities in cdk.json: placeholders that let `dev` synthesize. No operator
 * registered `CitizenAcc` for us, and `dafaa.example.sa` is nobody's domain: a stage that sends to
 * beneficiaries must name its own.
 */
const PLACEHOLDER_NOTIFIER: NotifierIdentity = {
  smsSenderId: 'CitizenAcc',
  emailDomain: 'dafaa.example.sa',
  emailFrom: 'no-reply@dafaa.example.sa',
  emailConfigurationSet: 'dafaa-beneficiary-mail',
};

/** Refuses identities a stage cannot send with, naming the context keys to set. */
function checkNotifier(stage: string, notifier: NotifierIdentity): void {
  if (!notifier.emailFrom.endsWith(`@${notifier.emailDomain}`)) {
    throw new DeploymentContextError(
      `context emailFrom (${notifier.emailFrom}) must be an address on emailDomain (${notifier.emailDomain}): SES sends only from the verified identity the notifier is allowed`,
    );
  }
  if (stage === 'dev') return;
  const placeholders = [
    notifier.smsSenderId === PLACEHOLDER_NOTIFIER.smsSenderId ? 'smsSenderId' : null,
    notifier.emailDomain === PLACEHOLDER_NOTIFIER.emailDomain ? 'emailDomain' : null,
    notifier.emailFrom.endsWith(`@${PLACEHOLDER_NOTIFIER.emailDomain}`) ? 'emailFrom' : null,
  ].filter((key) => key !== null);
  if (placeholders.length > 0) {
    throw new DeploymentContextError(
      `stage ${stage} would send with cdk.json's placeholder ${placeholders.join(', ')}: set ${placeholders
        .map((key) => `-c ${key}=...`)
        .join(' ')} (the registered SMS sender id; the verified SES domain and an address on it)`,
    );
  }
}

/**
 * The console's own domain (`console.example.gov.sa`): its sign-in callback and the one origin the
 * API's CORS allows. Required outside `dev`; in `dev` without it the console signs in on loopback
 * and the API sends no CORS headers (the console and the API share one origin).
 */
function consoleDomainOf(
  stage: string,
  consoleDomain: string | undefined,
  certificateArn: string | undefined,
): { domainName: string; certificateArn: string } | undefined {
  if (consoleDomain === undefined) {
    if (stage === 'dev') return undefined;
    throw new DeploymentContextError(
      `stage ${stage} needs the console's domain: set -c consoleDomain=<host name> (the console's sign-in callback and the only origin the ops API allows) and -c consoleCertificateArn=<its ACM certificate in us-east-1>`,
    );
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(consoleDomain)) {
    throw new DeploymentContextError(
      `context consoleDomain must be a host name such as console.example.gov.sa (no scheme, no path), not "${consoleDomain}"`,
    );
  }
  if (
    certificateArn === undefined ||
    !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)
  ) {
    throw new DeploymentContextError(
      `the console's domain ${consoleDomain} needs its certificate: set -c consoleCertificateArn=arn:aws:acm:us-east-1:<account>:certificate/<id> (CloudFront takes certificates from us-east-1 only)${certificateArn === undefined ? '' : `, not "${certificateArn}"`}`,
    );
  }
  return { domainName: consoleDomain, certificateArn };
}

/**
 * The dafaa stacks on a CDK app, with cdk-nag's AwsSolutions checks. Context is read here and
 * nowhere else (cdk.json holds the defaults; `cdk deploy -c stage=prod -c region=...` overrides):
 * stage, region (default me-central-1, the nearest region serving the Kingdom today), the notifier's
 * identities (cdk.json's are placeholders, refused outside `dev`), the two concurrencies that bound the write and send rates, the payments table's
 * warm throughput (`paymentsWarmWritesPerSecond`, `paymentsWarmReadsPerSecond`; absent, sized for
 * three million households in ten minutes), and the approval thresholds
 * (`approvalTotalAboveHalalas`, `approvalChangeAbove`; absent, the program's defaults), and the ops
 * API's sign-in: `consoleDomain` (required outside dev) and `cognitoDomainPrefix` (absent,
 * `dafaa-<stage>-<account>`: Cognito's prefix domains are shared by every account of a region).
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
  const notifier: NotifierIdentity = {
    smsSenderId: context('smsSenderId', PLACEHOLDER_NOTIFIER.smsSenderId),
    emailDomain: context('emailDomain', PLACEHOLDER_NOTIFIER.emailDomain),
    emailFrom: context('emailFrom', PLACEHOLDER_NOTIFIER.emailFrom),
    emailConfigurationSet: context(
      'emailConfigurationSet',
      PLACEHOLDER_NOTIFIER.emailConfigurationSet,
    ),
  };
  checkNotifier(stage, notifier);
  const optional = (key: string) => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const consoleDomain = consoleDomainOf(
    stage,
    optional('consoleDomain'),
    optional('consoleCertificateArn'),
  );
  const cognitoDomainPrefix: unknown = app.node.tryGetContext('cognitoDomainPrefix');
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
    notifier,
    segmentConcurrency: Number(context('segmentConcurrency', '40')),
    notifierConcurrency: Number(context('notifierConcurrency', '5')),
    // The account's quotas (Service Quotas), set per deployment: SNS's default SMS rate is 20 a
    // second, SES's first production rate 14.
    sendRates: {
      smsPerSecond: wholeNumber('smsRatePerSecond', 20),
      emailPerSecond: wholeNumber('emailRatePerSecond', 14),
    },
    // About a month's SMS for three million households (two to three segments each): set it a
    // little under the account's SMS spend limit.
    smsMonthlySpendAlarmUsd: wholeNumber('smsMonthlySpendAlarmUsd', 250_000),
    approval: {
      totalAboveHalalas: app.node.tryGetContext('approvalTotalAboveHalalas'),
      changeAbove: app.node.tryGetContext('approvalChangeAbove'),
    },
    opsApi: {
      cognitoDomainPrefix:
        cognitoDomainPrefix === undefined
          ? Fn.join('-', ['dafaa', stage, Aws.ACCOUNT_ID])
          : String(cognitoDomainPrefix),
      consoleDomain,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
