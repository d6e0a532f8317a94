import { createHash } from 'node:crypto';

/**
 * Deterministic physical names for the resources of a template, standing in for the ones
 * CloudFormation generates at deploy time: `<stack>-<logicalId>` (lower case for buckets), unless
 * the template names the resource itself. Each identity carries what `Ref` returns and the
 * attributes `Fn::GetAtt` can read, in the formats AWS documents per resource type.
 */

/** The account and region under test, and the partition facts the ARNs need. */
export interface AwsEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

/** What `Ref` returns for a resource, its ARN if it has one, and its `Fn::GetAtt` attributes. */
export interface PhysicalIdentity {
  readonly ref: string;
  readonly arn?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** What a builder may ask about the resource it names. */
interface NamingContext {
  readonly env: AwsEnvironment;
  /** The resource's property, resolved (undefined when absent). */
  readonly property: (name: string) => unknown;
  /** The name given by `property` when the template sets it, else the generated one. */
  readonly name: (property?: string) => string;
  readonly arn: (service: string, resource: string, scope?: 'global' | 'no-account') => string;
  readonly uniqueId: () => string;
  /** A short id of lower-case letters and digits (or mixed case), as API Gateway and Cognito make. */
  readonly shortId: (length: number, alphabet?: 'lower' | 'upper' | 'mixed') => string;
}

type Builder = (context: NamingContext) => PhysicalIdentity;

/** The label every synthesized DynamoDB stream gets: real ones carry their creation time. */
export const STREAM_LABEL = '2000-01-01T00:00:00.000';

const BUILDERS: Readonly<Record<string, Builder>> = {
  'AWS::DynamoDB::Table': (c) => {
    const name = c.name('TableName');
    const arn = c.arn('dynamodb', `table/${name}`);
    return withArn(name, arn, {
      StreamArn: `${arn}/stream/${STREAM_LABEL}`,
      TableId: c.uniqueId(),
    });
  },
  'AWS::SQS::Queue': (c) => {
    const generated = c.property('FifoQueue') === true ? `${c.name()}.fifo` : c.name();
    const name = stringOr(c.property('QueueName'), generated);
    const arn = c.arn('sqs', name);
    const url = `https://sqs.${c.env.region}.${c.env.urlSuffix}/${c.env.account}/${name}`;
    return { ref: url, arn, attributes: { Arn: arn, QueueName: name, QueueUrl: url } };
  },
  'AWS::SNS::Topic': (c) => {
    const name = c.name('TopicName');
    const arn = c.arn('sns', name);
    return { ref: arn, arn, attributes: { TopicArn: arn, TopicName: name } };
  },
  'AWS::KMS::Key': (c) => {
    const keyId = c.uniqueId();
    return withArn(keyId, c.arn('kms', `key/${keyId}`), { KeyId: keyId });
  },
  'AWS::KMS::Alias': (c) => ({ ref: c.name('AliasName'), attributes: {} }),
  'AWS::Lambda::Function': (c) => {
    const name = c.name('FunctionName');
    return withArn(name, c.arn('lambda', `function:${name}`));
  },
  'AWS::IAM::Role': (c) => {
    const name = c.name('RoleName');
    const path = stringOr(c.property('Path'), '/');
    return withArn(name, c.arn('iam', `role${path}${name}`, 'global'), { RoleId: c.uniqueId() });
  },
  'AWS::IAM::ManagedPolicy': (c) => {
    const path = stringOr(c.property('Path'), '/');
    const arn = c.arn('iam', `policy${path}${c.name('ManagedPolicyName')}`, 'global');
    return { ref: arn, arn, attributes: { PolicyArn: arn } };
  },
  'AWS::StepFunctions::StateMachine': (c) => {
    const name = c.name('StateMachineName');
    const arn = c.arn('states', `stateMachine:${name}`);
    return { ref: arn, arn, attributes: { Arn: arn, Name: name } };
  },
  'AWS::Logs::LogGroup': (c) => {
    const name = c.name('LogGroupName');
    return withArn(name, c.arn('logs', `log-group:${name}:*`));
  },
  'AWS::S3::Bucket': (c) => {
    const name = stringOr(c.property('BucketName'), c.name().toLowerCase());
    const host = `${name}.s3.${c.env.region}.${c.env.urlSuffix}`;
    return withArn(name, c.arn('s3', name, 'no-account'), {
      DomainName: `${name}.s3.${c.env.urlSuffix}`,
      RegionalDomainName: host,
      DualStackDomainName: `${name}.s3.dualstack.${c.env.region}.${c.env.urlSuffix}`,
    });
  },
  'AWS::Scheduler::Schedule': (c) => {
    const name = c.name('Name');
    const group = stringOr(c.property('GroupName'), 'default');
    return withArn(name, c.arn('scheduler', `schedule/${group}/${name}`));
  },
  'AWS::Scheduler::ScheduleGroup': (c) => {
    const name = c.name('Name');
    return withArn(name, c.arn('scheduler', `schedule-group/${name}`));
  },
  'AWS::CloudWatch::Alarm': (c) => {
    const name = c.name('AlarmName');
    return withArn(name, c.arn('cloudwatch', `alarm:${name}`));
  },
  'AWS::CloudWatch::CompositeAlarm': (c) => {
    const name = c.name('AlarmName');
    return withArn(name, c.arn('cloudwatch', `alarm:${name}`));
  },
  'AWS::Events::EventBus': (c) => {
    const name = c.name('Name');
    return withArn(name, c.arn('events', `event-bus/${name}`), { Name: name });
  },
  'AWS::Events::Rule': (c) => {
    const name = c.name('Name');
    return withArn(name, c.arn('events', `rule/${name}`));
  },
  'AWS::Lambda::EventSourceMapping': (c) => ({ ref: c.uniqueId(), attributes: {} }),
  'AWS::SES::ConfigurationSet': (c) => ({ ref: c.name('Name'), attributes: {} }),
  'AWS::ApiGatewayV2::Api': (c) => {
    const apiId = c.shortId(10);
    return {
      ref: apiId,
      attributes: {
        ApiId: apiId,
        ApiEndpoint: `https://${apiId}.execute-api.${c.env.region}.${c.env.urlSuffix}`,
      },
    };
  },
  // A stage's Ref is its name (`$default`); routes, integrations and authorizers have short ids.
  'AWS::ApiGatewayV2::Stage': (c) => ({
    ref: stringOr(c.property('StageName'), c.name()),
    attributes: {},
  }),
  'AWS::ApiGatewayV2::Route': (c) => ({ ref: c.shortId(7), attributes: {} }),
  'AWS::ApiGatewayV2::Integration': (c) => {
    const id = c.shortId(7);
    return { ref: id, attributes: { IntegrationId: id } };
  },
  'AWS::ApiGatewayV2::Authorizer': (c) => {
    const id = c.shortId(6);
    return { ref: id, attributes: { AuthorizerId: id } };
  },
  'AWS::Cognito::UserPool': (c) => {
    const id = `${c.env.region}_${c.shortId(9, 'mixed')}`;
    const providerName = `cognito-idp.${c.env.region}.${c.env.urlSuffix}/${id}`;
    return withArn(id, c.arn('cognito-idp', `userpool/${id}`), {
      UserPoolId: id,
      ProviderName: providerName,
      ProviderURL: `https://${providerName}`,
    });
  },
  'AWS::Cognito::UserPoolClient': (c) => {
    const id = c.shortId(26);
    return { ref: id, attributes: { ClientId: id, Name: c.name('ClientName') } };
  },
  // A prefix domain's Ref is the prefix; the sign-in pages are Cognito's own CloudFront's.
  'AWS::Cognito::UserPoolDomain': (c) => ({
    ref: c.name('Domain'),
    attributes: { CloudFrontDistribution: 'd111111abcdef8.cloudfront.net' },
  }),
  'AWS::Cognito::UserPoolGroup': (c) => ({ ref: c.name('GroupName'), attributes: {} }),
  'AWS::CloudFront::Distribution': (c) => {
    const id = `E${c.shortId(13, 'upper')}`;
    return withArn(id, c.arn('cloudfront', `distribution/${id}`, 'global'), {
      Id: id,
      DomainName: `d${c.shortId(13)}.cloudfront.net`,
    });
  },
  'AWS::CloudFront::Function': (c) => {
    const name = c.name('Name');
    const arn = c.arn('cloudfront', `function/${name}`, 'global');
    return { ref: arn, arn, attributes: { FunctionARN: arn } };
  },
  'AWS::CloudFront::OriginAccessControl': (c) => {
    const id = `E${c.shortId(13, 'upper')}`;
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::CloudFront::ResponseHeadersPolicy': (c) => {
    const id = c.uniqueId();
    return { ref: id, attributes: { Id: id } };
  },
};

/** The identity of one resource; types without a builder get a generated name as `Ref` only. */
export function physicalIdentity(
  env: AwsEnvironment,
  stackName: string,
  logicalId: string,
  type: string,
  property: (name: string) => unknown,
): PhysicalIdentity {
  const generated = `${stackName}-${logicalId}`;
  const builder = BUILDERS[type];
  if (!builder) return { ref: generated, attributes: {} };
  return builder({
    env,
    property,
    name: (name) => (name === undefined ? generated : stringOr(property(name), generated)),
    arn: (service, resource, scope) =>
      `arn:${env.partition}:${service}:${scope === undefined ? env.region : ''}:${scope === undefined || scope === 'global' ? env.account : ''}:${resource}`,
    uniqueId: () => uuidFrom(`${stackName}/${logicalId}`),
    shortId: (length, alphabet) => shortIdFrom(`${stackName}/${logicalId}`, length, alphabet),
  });
}

/** The partition and URL suffix of a region (China and GovCloud differ from the rest). */
export function awsEnvironment(account: string, region: string): AwsEnvironment {
  if (region.startsWith('cn-')) {
    return { account, region, partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  }
  if (region.startsWith('us-gov-')) {
    return { account, region, partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  }
  return { account, region, partition: 'aws', urlSuffix: 'amazonaws.com' };
}

function withArn(
  ref: string,
  arn: string,
  attributes: Record<string, string> = {},
): PhysicalIdentity {
  return { ref, arn, attributes: { Arn: arn, ...attributes } };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/** A UUID-shaped id that is the same on every run for the same seed. */
function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** An id of `length` letters and digits that is the same on every run for the same seed. */
function shortIdFrom(
  seed: string,
  length: number,
  alphabet: 'lower' | 'upper' | 'mixed' = 'lower',
): string {
  const letters = {
    lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
    upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    mixed: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  }[alphabet];
  const bytes = createHash('sha256').update(seed).digest();
  return Array.from(
    { length },
    (_, index) => letters[(bytes[index % bytes.length] ?? 0) % letters.length],
  ).join('');
}
