import { synthesizeApp } from '../local/synthesize-app.ts';
import { AmbiguousResourceError, UnknownResourceError } from './errors.ts';
import {
  isRecord,
  resourcesOf,
  type StackTemplate,
  type Template,
  TemplateResolver,
} from './intrinsics.ts';
import { type AwsEnvironment, awsEnvironment } from './physical-names.ts';
import {
  encryptionKeyIdOf,
  inlinePolicies,
  lambdaPermissionStatement,
  policyDocument,
  statementsOf,
  tablePolicy,
  trustPolicyOf,
} from './resource-policies.ts';

/**
 * The permissions the CDK app would deploy, read from its synthesized templates with every
 * CloudFormation reference resolved for one account and region: each role's identity and trust
 * policies, the resource policies (KMS key policies, queue and topic policies, Lambda permissions,
 * table and bucket policies), which key encrypts which table, queue, topic or bucket, and lookups
 * from a function to its role and environment. evaluate-call.ts asks it what AWS would allow.
 */

/** The account and region the contract tests use unless told otherwise. */
export const TEST_ACCOUNT = '111122223333';
export const TEST_REGION = 'me-central-1';

export type { StackTemplate, Template } from './intrinsics.ts';

/** An IAM policy document, resolved (statements as CloudFormation gives them). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: unknown;
}

/** A policy and a label saying where it comes from, for explanations. */
export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/** One resource of one stack, its properties resolved and its deterministic physical identity. */
export interface DeployedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** The construct path (`aws:cdk:path` metadata), when the template carries it. */
  readonly path: string | undefined;
  /** The construct path without the stack and a trailing `/Resource`: `ProcessSegment`. */
  readonly constructId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly ref: string;
  readonly arn: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

/** An IAM role with every policy that grants it something, and the policy that says who assumes it. */
export interface DeployedRole {
  readonly resource: DeployedResource;
  readonly name: string;
  readonly arn: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly trustPolicy: PolicyDocument | undefined;
  readonly permissionsBoundary: NamedPolicy | undefined;
  /** Managed policies (and a boundary) attached by ARN but defined outside the templates. */
  readonly unresolvedPolicies: readonly string[];
}

/** A Lambda function, the role it runs as, and the environment the template gives it. */
export interface DeployedFunction {
  readonly resource: DeployedResource;
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  /** Undefined when the role is not one of the templates' (imported by ARN). */
  readonly role: DeployedRole | undefined;
  readonly environment: Readonly<Record<string, string>>;
}

/** A resource policy and where it comes from (the policy resources it merges, or the key). */
export interface ResourcePolicy {
  readonly label: string;
  readonly document: PolicyDocument;
}

/** The KMS key that encrypts a resource at rest, as the template names it and as an ARN. */
export interface EncryptionKey {
  /** As given in the template: a key ARN, a key id, an alias name or an alias ARN. */
  readonly given: string;
  /** The key's ARN (for an alias AWS manages, the alias ARN). */
  readonly arn: string;
  /** The key's resource, when the templates define it. */
  readonly key: DeployedResource | undefined;
  /** An AWS managed key (`alias/aws/<service>`): its key policy cannot be changed. */
  readonly awsManaged: boolean;
}

/** Where and how to synthesize: the account and region under test, and extra CDK context. */
export interface LoadDeployedAppOptions {
  readonly account?: string;
  readonly region?: string;
  /** Merged over cdk.json's context (and cdk.context.json's), as `cdk synth -c` would. */
  readonly context?: Readonly<Record<string, unknown>>;
}

/**
 * Synthesizes the CDK app in-process (no Lambda bundled, so no esbuild) and reads what it would
 * deploy in `account` and `region` (by default 111122223333 and me-central-1).
 */
export function loadDeployedApp(options: LoadDeployedAppOptions = {}): DeployedApp {
  const account = options.account ?? TEST_ACCOUNT;
  const region = options.region ?? TEST_REGION;
  const app = synthesizeApp({ region, ...options.context });
  const stacks = Object.entries(app.templates).map(([stackName, template]) => ({
    stackName,
    template: template as unknown as Template,
  }));
  return deployedAppFromTemplates(stacks, { account, region });
}

/** The deployed view of hand-written (or modified) templates, as if deployed together. */
export function deployedAppFromTemplates(
  stacks: readonly StackTemplate[],
  where: { readonly account: string; readonly region: string },
): DeployedApp {
  return new DeployedApp(new TemplateResolver(awsEnvironment(where.account, where.region), stacks));
}

/** The resolved stacks and the lookups the evaluator needs. */
export class DeployedApp {
  readonly env: AwsEnvironment;
  readonly stacks: readonly StackTemplate[];
  readonly resources: readonly DeployedResource[];
  private readonly rolesByArn = new Map<string, DeployedRole>();
  private readonly resolver: TemplateResolver;

  constructor(resolver: TemplateResolver) {
    this.resolver = resolver;
    this.env = resolver.env;
    this.stacks = resolver.stacks;
    this.resources = resolver.stacks.flatMap((stack) => resolveResources(resolver, stack));
  }

  get account(): string {
    return this.env.account;
  }

  get region(): string {
    return this.env.region;
  }

  /** Intrinsics resolved only to a marker: their policies cannot match what they name. */
  get unresolved(): readonly string[] {
    return this.resolver.unresolved;
  }

  /**
   * The resource named by logical id (`ProcessSegment8143383E`), `<stack>/<logicalId>`, construct
   * path, or construct id without the stack (`ProcessSegment`, `CycleStateMachine/Role`).
   */
  resource(name: string, type?: string): DeployedResource {
    const candidates = this.resources.filter((resource) => !type || resource.type === type);
    const byId = candidates.filter(
      (resource) =>
        resource.logicalId === name || `${resource.stack}/${resource.logicalId}` === name,
    );
    const matches = byId.length > 0 ? byId : candidates.filter((r) => namesConstruct(r, name));
    const [match, ...others] = matches;
    if (!match) {
      throw new UnknownResourceError(`no ${type ?? 'resource'} named ${name} in the templates`);
    }
    if (others.length > 0) {
      const found = matches.map((resource) => `${resource.stack}/${resource.logicalId}`);
      throw new AmbiguousResourceError(`${name} names ${found.join(', ')}`);
    }
    return match;
  }

  /** Every resource of a CloudFormation type, across stacks. */
  resourcesOfType(type: string): DeployedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /**
   * The resource an ARN belongs to: the resource itself, the table of an index or stream ARN, the
   * bucket of an object ARN, the function of a qualified function ARN; or a queue by its URL.
   */
  ownerOf(arnOrUrl: string): DeployedResource | undefined {
    return (
      this.resources.find((r) => r.arn === arnOrUrl || r.ref === arnOrUrl) ??
      this.resources.find((r) => r.arn !== undefined && isPartOf(arnOrUrl, r))
    );
  }

  /** A role by logical id, path or construct id. */
  role(name: string): DeployedRole {
    return this.roleOf(this.resource(name, 'AWS::IAM::Role'));
  }

  /** A role by ARN, if the templates define it. */
  roleByArn(arn: string): DeployedRole | undefined {
    const resource = this.resourcesOfType('AWS::IAM::Role').find((role) => role.arn === arn);
    return resource && this.roleOf(resource);
  }

  /** Every role of the templates. */
  roles(): DeployedRole[] {
    return this.resourcesOfType('AWS::IAM::Role').map((resource) => this.roleOf(resource));
  }

  /** A function by logical id, path or construct id, with its role and environment. */
  function(name: string): DeployedFunction {
    return this.functionOf(this.resource(name, 'AWS::Lambda::Function'));
  }

  /** A function by name, ARN (qualified or not) or partial ARN, if the templates define it. */
  functionByReference(reference: string): DeployedFunction | undefined {
    const resource = this.resourcesOfType('AWS::Lambda::Function').find(
      (fn) => fn.ref === reference || fn.arn === reference || isPartOf(reference, fn),
    );
    return resource && this.functionOf(resource);
  }

  /** Every function of the templates. */
  functions(): DeployedFunction[] {
    return this.resourcesOfType('AWS::Lambda::Function').map((fn) => this.functionOf(fn));
  }

  /** The functions that run as a role (usually one). */
  functionsRunningAs(role: DeployedRole): DeployedFunction[] {
    return this.functions().filter((fn) => fn.roleArn === role.arn);
  }

  /**
   * The policy on the resource an ARN names, as AWS would evaluate it: a key's key policy (AWS's
   * default one when the template sets none), a queue's or topic's policies merged (SNS's default
   * topic policy when the template sets none), a function's
   * Lambda permissions as statements, a table's or stream's resource policy, a bucket's policy, a
   * role's trust policy. Undefined when the resource has none.
   */
  resourcePolicyOf(arn: string): ResourcePolicy | undefined {
    const owner = this.ownerOf(arn);
    if (!owner) return undefined;
    switch (owner.type) {
      case 'AWS::KMS::Key':
        return this.keyPolicy(owner);
      case 'AWS::SQS::Queue':
        return this.attachedPolicy(owner, 'AWS::SQS::QueuePolicy', 'Queues', owner.ref);
      case 'AWS::SNS::Topic':
        return (
          this.attachedPolicy(owner, 'AWS::SNS::TopicPolicy', 'Topics', owner.ref) ??
          this.defaultTopicPolicy(owner)
        );
      case 'AWS::S3::Bucket':
        return this.attachedPolicy(owner, 'AWS::S3::BucketPolicy', 'Bucket', owner.ref);
      case 'AWS::Lambda::Function':
        return this.lambdaPermissions(owner);
      case 'AWS::DynamoDB::Table':
        return tablePolicy(owner, arn);
      case 'AWS::IAM::Role':
        return trustPolicyOf(owner);
      default:
        return undefined;
    }
  }

  /** The KMS key that encrypts the resource an ARN (or queue URL) names, if a KMS key does. */
  encryptionKeyOf(arn: string): EncryptionKey | undefined {
    const owner = this.ownerOf(arn);
    const given = owner && encryptionKeyIdOf(owner);
    return given === undefined ? undefined : this.encryptionKey(given);
  }

  /** What a resource is, for explanations: `table PaymentsTable (arn:...)`. */
  describe(arn: string): string {
    const label = this.label(arn);
    return label === arn ? arn : `${label} (${arn})`;
  }

  /** What a resource is, in short: `table PaymentsTable`, `index byCycle of table PaymentsTable`. */
  label(arn: string): string {
    const owner = this.ownerOf(arn);
    if (!owner) return arn;
    const part = owner.arn !== undefined && arn !== owner.arn ? describePart(arn, owner.arn) : '';
    return `${part}${kindOf(owner.type)} ${owner.constructId}`;
  }

  /** Who runs as a role, for explanations: `function ProcessSegment (role ProcessSegmentRole...)`. */
  describeRole(role: DeployedRole): string {
    const runners = this.functionsRunningAs(role).map(
      (fn) => `function ${fn.resource.constructId}`,
    );
    const users = this.resources
      .filter((r) => r.type !== 'AWS::Lambda::Function' && usesRole(r, role.arn))
      .map((r) => `${kindOf(r.type)} ${r.constructId}`);
    const who = [...runners, ...users.map((user) => `${user}'s role`)];
    const label = `role ${role.resource.logicalId}`;
    return who.length === 0 ? label : `${who.join(' and ')} (${label})`;
  }

  private roleOf(resource: DeployedResource): DeployedRole {
    const arn = resource.arn ?? resource.ref;
    const known = this.rolesByArn.get(arn);
    if (known) return known;
    const attached = this.attachedIdentityPolicies(resource.ref, arn);
    const inline = inlinePolicies(resource);
    const boundary = this.permissionsBoundary(resource);
    const role: DeployedRole = {
      resource,
      name: resource.ref,
      arn,
      identityPolicies: [...inline, ...attached.policies],
      trustPolicy: policyDocument(resource.properties.AssumeRolePolicyDocument),
      permissionsBoundary: boundary.policy,
      unresolvedPolicies: [...attached.unresolved, ...boundary.unresolved],
    };
    this.rolesByArn.set(arn, role);
    return role;
  }

  /** AWS::IAM::Policy and managed policies naming the role, and managed policy ARNs on it. */
  private attachedIdentityPolicies(
    roleName: string,
    roleArn: string,
  ): { policies: NamedPolicy[]; unresolved: string[] } {
    const policies: NamedPolicy[] = [];
    for (const resource of this.resources) {
      if (resource.type !== 'AWS::IAM::Policy' && resource.type !== 'AWS::IAM::ManagedPolicy') {
        continue;
      }
      const document = policyDocument(resource.properties.PolicyDocument);
      if (document && strings(resource.properties.Roles).includes(roleName)) {
        policies.push({ name: `${resource.type} ${resource.logicalId}`, document });
      }
    }
    const role = this.resourcesOfType('AWS::IAM::Role').find((r) => r.arn === roleArn);
    const unresolved: string[] = [];
    for (const arn of strings(role?.properties.ManagedPolicyArns)) {
      const managed = this.managedPolicy(arn);
      if (!managed) unresolved.push(arn);
      else if (!policies.some((policy) => policy.name === managed.name)) policies.push(managed);
    }
    return { policies, unresolved };
  }

  private permissionsBoundary(resource: DeployedResource): {
    policy: NamedPolicy | undefined;
    unresolved: string[];
  } {
    const arn = resource.properties.PermissionsBoundary;
    if (typeof arn !== 'string') return { policy: undefined, unresolved: [] };
    const policy = this.managedPolicy(arn);
    return { policy, unresolved: policy ? [] : [`${arn} (permissions boundary)`] };
  }

  private managedPolicy(arn: string): NamedPolicy | undefined {
    const resource = this.resourcesOfType('AWS::IAM::ManagedPolicy').find((p) => p.arn === arn);
    const document = resource && policyDocument(resource.properties.PolicyDocument);
    return resource && document
      ? { name: `AWS::IAM::ManagedPolicy ${resource.logicalId}`, document }
      : undefined;
  }

  private functionOf(resource: DeployedResource): DeployedFunction {
    const roleArn = String(resource.properties.Role ?? '');
    const environment = isRecord(resource.properties.Environment)
      ? resource.properties.Environment.Variables
      : undefined;
    return {
      resource,
      name: resource.ref,
      arn: resource.arn ?? resource.ref,
      roleArn,
      role: this.roleByArn(roleArn),
      environment: Object.fromEntries(
        Object.entries(isRecord(environment) ? environment : {}).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      ),
    };
  }

  private keyPolicy(key: DeployedResource): ResourcePolicy {
    const document = policyDocument(key.properties.KeyPolicy);
    if (document) return { label: `the key policy of ${key.constructId}`, document };
    // What KMS attaches when CreateKey is given no policy: the account's IAM policies decide.
    const root = `arn:${this.env.partition}:iam::${this.env.account}:root`;
    return {
      label: `the default key policy of ${key.constructId}`,
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }],
      },
    };
  }

  /**
   * What SNS attaches to a topic created without a policy: the account's principals, and services
   * acting for its resources (aws:SourceOwner), may publish. An AWS::SNS::TopicPolicy replaces it.
   */
  private defaultTopicPolicy(topic: DeployedResource): ResourcePolicy {
    const statement = {
      Sid: '__default_statement_ID',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [
        'SNS:GetTopicAttributes',
        'SNS:SetTopicAttributes',
        'SNS:AddPermission',
        'SNS:RemovePermission',
        'SNS:DeleteTopic',
        'SNS:Subscribe',
        'SNS:ListSubscriptionsByTopic',
        'SNS:Publish',
      ],
      Resource: topic.arn,
      Condition: { StringEquals: { 'AWS:SourceOwner': this.env.account } },
    };
    return {
      label: `SNS's default policy of ${topic.constructId}`,
      document: { Version: '2008-10-17', Statement: [statement] },
    };
  }

  /** The statements of every `policyType` resource whose `property` names the resource. */
  private attachedPolicy(
    owner: DeployedResource,
    policyType: string,
    property: string,
    reference: string,
  ): ResourcePolicy | undefined {
    const policies = this.resourcesOfType(policyType).filter((policy) => {
      const named = policy.properties[property];
      return named === reference || strings(named).includes(reference);
    });
    if (policies.length === 0) return undefined;
    return {
      label: `${policies.map((policy) => `${policyType} ${policy.logicalId}`).join(' + ')} on ${owner.constructId}`,
      document: {
        Version: '2012-10-17',
        Statement: policies.flatMap((policy) =>
          statementsOf(policyDocument(policy.properties.PolicyDocument)),
        ),
      },
    };
  }

  private lambdaPermissions(fn: DeployedResource): ResourcePolicy | undefined {
    const permissions = this.resourcesOfType('AWS::Lambda::Permission').filter((permission) => {
      const target = String(permission.properties.FunctionName ?? '');
      return target === fn.ref || target === fn.arn || isPartOf(target, fn);
    });
    if (permissions.length === 0) return undefined;
    return {
      label: `the Lambda permissions ${permissions.map((p) => p.logicalId).join(', ')} of ${fn.constructId}`,
      document: {
        Version: '2012-10-17',
        Statement: permissions.map((permission) =>
          lambdaPermissionStatement(permission, fn, this.env),
        ),
      },
    };
  }

  private encryptionKey(given: string): EncryptionKey {
    const keys = this.resourcesOfType('AWS::KMS::Key');
    const alias = this.resourcesOfType('AWS::KMS::Alias').find(
      (a) => a.ref === given || a.ref === given.replace(/^arn:[^:]+:kms:[^:]*:[^:]*:/, ''),
    );
    const target = alias ? String(alias.properties.TargetKeyId ?? '') : given;
    const key = keys.find((k) => k.arn === target || k.ref === target);
    const awsManaged = /(^|:)alias\/aws\//.test(given);
    const { partition, region, account } = this.env;
    const arn =
      key?.arn ??
      (given.startsWith('arn:')
        ? given
        : `arn:${partition}:kms:${region}:${account}:${keyPath(given)}`);
    return { given, arn, key, awsManaged };
  }
}

function resolveResources(resolver: TemplateResolver, stack: StackTemplate): DeployedResource[] {
  return Object.entries(resourcesOf(stack))
    .filter(([logicalId]) => resolver.isCreated(stack, logicalId))
    .map(([logicalId, raw]) => {
      const definition = isRecord(raw) ? raw : {};
      const identity = resolver.identity(stack, logicalId);
      const properties = resolver.resolve(stack, definition.Properties ?? {});
      const metadata = isRecord(definition.Metadata) ? definition.Metadata : {};
      const path =
        typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : undefined;
      return {
        stack: stack.stackName,
        logicalId,
        type: String(definition.Type),
        path,
        constructId: constructIdOf(stack.stackName, logicalId, path),
        properties: isRecord(properties) ? properties : {},
        ref: identity.ref,
        arn: identity.arn,
        attributes: identity.attributes,
      };
    });
}

function constructIdOf(stackName: string, logicalId: string, path: string | undefined): string {
  if (path === undefined) return logicalId;
  return path.replace(`${stackName}/`, '').replace(/(\/Resource)+$/, '');
}

function namesConstruct(resource: DeployedResource, name: string): boolean {
  return resource.path === name || resource.constructId === name;
}

/** Whether `arn` names a part of the resource: an index, stream, object, version or alias of it. */
function isPartOf(arn: string, resource: DeployedResource): boolean {
  const own = resource.arn;
  if (own === undefined) return false;
  switch (resource.type) {
    case 'AWS::DynamoDB::Table':
      return arn.startsWith(`${own}/index/`) || arn.startsWith(`${own}/stream/`);
    case 'AWS::S3::Bucket':
      return arn.startsWith(`${own}/`);
    case 'AWS::Lambda::Function':
      return arn.startsWith(`${own}:`) || arn === own.replace(/^arn:.*:function:/, '');
    default:
      return false;
  }
}

function describePart(arn: string, ownerArn: string): string {
  const rest = arn.slice(ownerArn.length);
  const index = /^\/index\/(.+)$/.exec(rest);
  if (index) return `index ${index[1]} of `;
  if (rest.startsWith('/stream/')) return 'the stream of ';
  if (rest.startsWith(':')) return `version ${rest.slice(1)} of `;
  return 'an object in ';
}

const KINDS: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'table',
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
  'AWS::KMS::Key': 'key',
  'AWS::Lambda::Function': 'function',
  'AWS::IAM::Role': 'role',
  'AWS::StepFunctions::StateMachine': 'state machine',
  'AWS::Logs::LogGroup': 'log group',
  'AWS::S3::Bucket': 'bucket',
  'AWS::Scheduler::Schedule': 'schedule',
  'AWS::CloudWatch::Alarm': 'alarm',
  'AWS::Lambda::EventSourceMapping': 'event source mapping',
};

function kindOf(type: string): string {
  return KINDS[type] ?? type;
}

/** Whether a resource runs as the role (state machine, schedule target, pipe, ...). */
function usesRole(resource: DeployedResource, roleArn: string): boolean {
  const target = resource.properties.Target;
  return (
    resource.properties.RoleArn === roleArn || (isRecord(target) && target.RoleArn === roleArn)
  );
}

function keyPath(given: string): string {
  return given.startsWith('alias/') ? given : `key/${given}`;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
