import type {
  DeployedResource,
  NamedPolicy,
  PolicyDocument,
  ResourcePolicy,
} from './deployed-policies.ts';
import { isRecord } from './intrinsics.ts';
import type { AwsEnvironment } from './physical-names.ts';

/**
 * Reads the policies a template attaches to resources, in the form AWS evaluates them: a role's
 * inline policies and trust policy, a table's or stream's resource policy, an
 * AWS::Lambda::Permission as the statement Lambda adds to the function's policy, and the KMS key
 * a table, queue, topic or bucket is encrypted with.
 */

export function inlinePolicies(role: DeployedResource): NamedPolicy[] {
  const policies = Array.isArray(role.properties.Policies) ? role.properties.Policies : [];
  return policies.flatMap((policy) => {
    const document = isRecord(policy) ? policyDocument(policy.PolicyDocument) : undefined;
    const name = isRecord(policy) ? String(policy.PolicyName) : '';
    return document ? [{ name: `inline policy ${name} of ${role.logicalId}`, document }] : [];
  });
}

export function trustPolicyOf(role: DeployedResource): ResourcePolicy | undefined {
  const document = policyDocument(role.properties.AssumeRolePolicyDocument);
  return document && { label: `the trust policy of ${role.constructId}`, document };
}

export function tablePolicy(table: DeployedResource, arn: string): ResourcePolicy | undefined {
  const isStream = arn.includes('/stream/');
  const stream = table.properties.StreamSpecification;
  const holder = isStream
    ? isRecord(stream)
      ? stream.ResourcePolicy
      : undefined
    : table.properties.ResourcePolicy;
  const document = isRecord(holder) ? policyDocument(holder.PolicyDocument) : undefined;
  const what = isStream ? 'stream policy' : 'resource policy';
  return document && { label: `the ${what} of ${table.constructId}`, document };
}

/** The KMS key id the template gives for a table's, queue's, topic's or bucket's encryption. */
export function encryptionKeyIdOf(resource: DeployedResource): string | undefined {
  const { properties } = resource;
  switch (resource.type) {
    case 'AWS::DynamoDB::Table': {
      const sse = properties.SSESpecification;
      if (!isRecord(sse) || sse.SSEEnabled !== true) return undefined;
      return typeof sse.KMSMasterKeyId === 'string' ? sse.KMSMasterKeyId : 'alias/aws/dynamodb';
    }
    case 'AWS::SQS::Queue':
    case 'AWS::SNS::Topic':
      return typeof properties.KmsMasterKeyId === 'string' ? properties.KmsMasterKeyId : undefined;
    case 'AWS::S3::Bucket':
      return bucketKeyId(properties.BucketEncryption);
    default:
      return undefined;
  }
}

function bucketKeyId(encryption: unknown): string | undefined {
  const rules = isRecord(encryption) ? encryption.ServerSideEncryptionConfiguration : undefined;
  const [rule] = Array.isArray(rules) ? rules : [];
  const defaults = isRecord(rule) ? rule.ServerSideEncryptionByDefault : undefined;
  if (!isRecord(defaults) || !String(defaults.SSEAlgorithm).startsWith('aws:kms')) return undefined;
  return typeof defaults.KMSMasterKeyID === 'string' ? defaults.KMSMasterKeyID : 'alias/aws/s3';
}

/** An AWS::Lambda::Permission as the statement Lambda adds to the function's policy. */
export function lambdaPermissionStatement(
  permission: DeployedResource,
  fn: DeployedResource,
  env: AwsEnvironment,
): Record<string, unknown> {
  const { properties } = permission;
  const target = String(properties.FunctionName ?? '');
  const qualifier = target.startsWith(`${fn.arn}:`) ? target.slice(`${fn.arn}:`.length) : undefined;
  const conditions: Record<string, Record<string, string>> = {};
  const add = (operator: string, key: string, value: unknown) => {
    if (typeof value === 'string') conditions[operator] = { ...conditions[operator], [key]: value };
  };
  add('ArnLike', 'aws:SourceArn', properties.SourceArn);
  add('StringEquals', 'aws:SourceAccount', properties.SourceAccount);
  add('StringEquals', 'aws:PrincipalOrgID', properties.PrincipalOrgID);
  add('StringEquals', 'lambda:FunctionUrlAuthType', properties.FunctionUrlAuthType);
  return {
    Sid: permission.logicalId,
    Effect: 'Allow',
    Principal: lambdaPrincipal(String(properties.Principal ?? ''), env),
    Action: properties.Action,
    Resource: qualifier === undefined ? fn.arn : `${fn.arn}:${qualifier}`,
    ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}),
  };
}

function lambdaPrincipal(principal: string, env: AwsEnvironment): unknown {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${env.partition}:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

export function policyDocument(value: unknown): PolicyDocument | undefined {
  if (!isRecord(value) || !('Statement' in value)) return undefined;
  const { Version, Statement } = value;
  return typeof Version === 'string' ? { Version, Statement } : { Statement };
}

export function statementsOf(document: PolicyDocument | undefined): unknown[] {
  if (!document) return [];
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}
