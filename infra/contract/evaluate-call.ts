// @cloud-copilot/iam-simulate is AGPL-3.0-or-later. It is a devDependency used only here, by tests
// and dev tools that evaluate the synthesized policies offline; no Lambda imports infra/contract, so
// it is never bundled into deployed code. Keep it that way (functions/ must not import this file).
import {
  type EvaluationResult,
  getDenialReasons,
  getGrantReasons,
  type RequestAnalysis,
  type RequestDenial,
  type RequestGrant,
  runSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import type {
  DeployedApp,
  DeployedRole,
  NamedPolicy,
  ResourcePolicy,
} from './deployed-policies.ts';
import { SimulationInputError, UnknownResourceError } from './errors.ts';

/**
 * Would AWS allow this call, given the policies the CDK app synthesizes? One account, the usual
 * same-account rules (as iam-simulate implements them): an Allow in the caller's identity policies
 * or in the resource's policy suffices unless either denies; a service principal has no identity
 * policy, so only the resource policy can allow it; KMS is the exception, where the key policy must
 * allow the caller or delegate to the account (the CDK default key policy does, via the account
 * root) for identity policies to count.
 *
 * A call to a resource encrypted with a KMS key also makes the KMS calls the service makes on the
 * caller's behalf, checked against the caller's identity policies and the key policy:
 * - DynamoDB (tables, indexes, streams): a read needs kms:Decrypt, a write kms:Decrypt and
 *   kms:GenerateDataKey. DynamoDB caches a table key per caller for minutes, so most requests do
 *   not reach KMS, but the first one does: a role that lacks either fails at the first read or
 *   write, which is what we model.
 * - SQS: SendMessage needs kms:GenerateDataKey and kms:Decrypt; ReceiveMessage kms:Decrypt.
 * - SNS: Publish to an encrypted topic needs kms:GenerateDataKey and kms:Decrypt.
 * - S3: PutObject kms:GenerateDataKey, GetObject kms:Decrypt.
 * For a role the KMS request carries kms:ViaService (`<service>.<region>.amazonaws.com`) and
 * kms:CallerAccount; for a service principal (CloudWatch publishing to a topic) it carries
 * aws:SourceAccount and aws:SourceArn instead. Encryption-context keys are not set (iam-simulate
 * ignores them), so a key policy that conditions on them is not modelled.
 */

/** Who makes the call: one of the templates' roles (or the role a function runs as), or a service. */
export type CallPrincipal =
  | { readonly role: string }
  | { readonly function: string }
  | {
      readonly service: string;
      /** The resource the service acts for (the alarm, the schedule): aws:SourceArn. */
      readonly sourceArn?: string;
      readonly sourceAccount?: string;
    };

/** One AWS API call, as IAM authorises it. */
export interface Call {
  readonly principal: CallPrincipal;
  /** As IAM names it: `dynamodb:UpdateItem`. */
  readonly action: string;
  /** The ARN of the resource (a table, index, queue, topic, key, function), or `*`. */
  readonly resource: string;
  /** Request context keys, over the defaults (aws:SecureTransport true, the source keys). */
  readonly context?: Readonly<Record<string, string>>;
}

/** Whether AWS would allow a call, and why, with the KMS calls it implies. */
export interface Verdict {
  readonly call: Call;
  /** This call and every implied call allowed. */
  readonly allowed: boolean;
  /** The decision on this call alone. */
  readonly decision: EvaluationResult;
  /** Names the principal, the action, the resource, and the policy that allowed, denied or lacked it. */
  readonly explain: string;
  /** The KMS calls AWS makes for this one (empty when the resource is not encrypted with a key). */
  readonly implied: readonly Verdict[];
}

/** Evaluates a call, and the KMS calls it implies, against the deployed policies. */
export async function evaluate(app: DeployedApp, call: Call): Promise<Verdict> {
  const caller = callerOf(app, call.principal);
  const own = await decide(app, caller, call);
  const implied = await impliedKmsCalls(app, caller, call);
  const failing = implied.filter((verdict) => !verdict.allowed);
  const allowed = own.decision === 'Allowed' && failing.length === 0;
  const failures = failing.map((verdict) => verdict.explain).join('; ');
  const joint = own.decision === 'Allowed' ? 'but the call fails' : 'and besides';
  const explain = failing.length > 0 ? `${own.explain}; ${joint}: ${failures}` : own.explain;
  return { call, allowed, decision: own.decision, explain, implied };
}

/** The principal as the simulator sees it, its policies, and how explanations name it. */
interface Caller {
  readonly principal: string;
  readonly label: string;
  readonly role: DeployedRole | undefined;
  readonly service: string | undefined;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly context: Readonly<Record<string, string>>;
}

function callerOf(app: DeployedApp, principal: CallPrincipal): Caller {
  if ('service' in principal) {
    const source = principal.sourceArn;
    return {
      principal: principal.service,
      label:
        source === undefined
          ? principal.service
          : `${principal.service} for ${app.describe(source)}`,
      role: undefined,
      service: principal.service,
      identityPolicies: [],
      context: {
        'aws:SourceAccount': principal.sourceAccount ?? app.account,
        // The legacy key SNS's default topic policy tests for services acting for the account.
        'aws:SourceOwner': principal.sourceAccount ?? app.account,
        'aws:PrincipalServiceName': principal.service,
        ...(source === undefined ? {} : { 'aws:SourceArn': source }),
      },
    };
  }
  const role =
    'role' in principal ? app.role(principal.role) : functionRole(app, principal.function);
  const [runner] = app.functionsRunningAs(role);
  const session = runner?.name ?? 'contract-check';
  return {
    principal: `arn:${app.env.partition}:sts::${app.account}:assumed-role/${role.name}/${session}`,
    label: app.describeRole(role),
    role,
    service: undefined,
    identityPolicies: role.identityPolicies,
    context: { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': app.account },
  };
}

function functionRole(app: DeployedApp, name: string): DeployedRole {
  const fn = app.function(name);
  if (!fn.role) {
    throw new UnknownResourceError(
      `function ${name} runs as ${fn.roleArn}, which no template defines`,
    );
  }
  return fn.role;
}

/** The decision on one call (no implied calls), and its explanation. */
async function decide(
  app: DeployedApp,
  caller: Caller,
  call: Call,
): Promise<{ decision: EvaluationResult; explain: string }> {
  const resourcePolicy = app.resourcePolicyOf(call.resource);
  const simulation: Simulation = {
    request: {
      principal: caller.principal,
      action: call.action,
      resource: { resource: call.resource, accountId: accountOf(call.resource) ?? app.account },
      contextVariables: { 'aws:SecureTransport': 'true', ...caller.context, ...call.context },
    },
    identityPolicies: caller.identityPolicies.map(({ name, document }) => ({
      name,
      policy: document,
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy?.document,
    permissionBoundaryPolicies: caller.role?.permissionsBoundary && [
      {
        name: caller.role.permissionsBoundary.name,
        policy: caller.role.permissionsBoundary.document,
      },
    ],
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    throw new SimulationInputError(
      `${call.action} on ${call.resource}: ${response.errors.message} ${JSON.stringify(response.errors)}`,
    );
  }
  const analysis =
    response.resultType === 'single' ? response.result.analysis : response.results[0]?.analysis;
  const decision = response.overallResult;
  const subject = `${caller.label} ${decision === 'Allowed' ? 'may' : 'may not'} call ${call.action} on ${app.describe(call.resource)}`;
  const reasons =
    decision === 'Allowed'
      ? grantsOf(analysis, resourcePolicy)
      : denialsOf(app, caller, call, analysis, resourcePolicy);
  return { decision, explain: `${subject}: ${reasons}` };
}

function grantsOf(
  analysis: RequestAnalysis | undefined,
  policy: ResourcePolicy | undefined,
): string {
  const grants = analysis ? getGrantReasons(analysis) : [];
  if (grants.length === 0) return 'allowed';
  return `allowed by ${grants.map((grant) => grantLabel(grant, policy)).join(' and ')}`;
}

function grantLabel(grant: RequestGrant, policy: ResourcePolicy | undefined): string {
  const statement = `statement ${grant.statementIndex}${grant.statementId ? ` (${grant.statementId})` : ''}`;
  if (grant.policyType === 'resource')
    return `${statement} of ${policy?.label ?? 'the resource policy'}`;
  return `${statement} of ${grant.policyIdentifier}`;
}

function denialsOf(
  app: DeployedApp,
  caller: Caller,
  call: Call,
  analysis: RequestAnalysis | undefined,
  policy: ResourcePolicy | undefined,
): string {
  const denials = analysis ? getDenialReasons(analysis) : [];
  const reasons = denials
    .map((denial) => denialLabel(app, caller, call, denial, policy))
    .filter((reason): reason is string => reason !== undefined);
  return reasons.length > 0 ? reasons.join('; ') : 'implicitly denied';
}

function denialLabel(
  app: DeployedApp,
  caller: Caller,
  call: Call,
  denial: RequestDenial,
  policy: ResourcePolicy | undefined,
): string | undefined {
  if (denial.denialType === 'Explicit') {
    const sid = denial.statementId ? ` (${denial.statementId})` : '';
    const where =
      denial.policyType === 'resource'
        ? (policy?.label ?? 'the resource policy')
        : (denial.policyIdentifier ?? denial.policyType);
    return `statement ${denial.statementIndex}${sid} of ${where} denies it explicitly`;
  }
  if (denial.policyType === 'identity') {
    // A service principal has no identity policy: only the resource policy could allow it.
    return caller.role ? identityDenial(caller.role) : undefined;
  }
  if (denial.policyType === 'resource') return resourceDenial(app, caller, call, policy);
  return `the ${denial.policyType} policy does not allow it`;
}

function identityDenial(role: DeployedRole): string {
  const names = role.identityPolicies.map((policy) => policy.name);
  const unseen =
    role.unresolvedPolicies.length > 0
      ? ` (attached but not in the templates, so not evaluated: ${role.unresolvedPolicies.join(', ')})`
      : '';
  return `no statement of its identity policies (${names.join(', ') || 'none'}) allows it${unseen}`;
}

/**
 * Why the resource's side did not allow it. For a role in the same account that matters only for
 * KMS (the key policy must delegate); elsewhere its identity policies could have allowed it alone.
 */
function resourceDenial(
  app: DeployedApp,
  caller: Caller,
  call: Call,
  policy: ResourcePolicy | undefined,
): string | undefined {
  if (caller.role) {
    if (!policy) return undefined;
    if (call.action.toLowerCase().startsWith('kms:')) {
      return `${policy.label} neither allows the role nor lets the account's IAM policies decide`;
    }
    return `and no statement of ${policy.label} allows it either`;
  }
  const who = caller.service ?? 'the caller';
  if (!policy) return `${app.describe(call.resource)} has no resource policy to allow ${who}`;
  return `no statement of ${policy.label} allows ${who}`;
}

/** The ARN's account field, when it has one. */
function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

const DECRYPT = ['kms:Decrypt'] as const;
const DECRYPT_AND_GENERATE = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** The KMS actions a service calls for an action on a resource encrypted with a KMS key. */
const IMPLIED_KMS_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'dynamodb:getitem': DECRYPT,
  'dynamodb:batchgetitem': DECRYPT,
  'dynamodb:query': DECRYPT,
  'dynamodb:scan': DECRYPT,
  'dynamodb:conditioncheckitem': DECRYPT,
  'dynamodb:getrecords': DECRYPT,
  'dynamodb:partiqlselect': DECRYPT,
  'dynamodb:putitem': DECRYPT_AND_GENERATE,
  'dynamodb:updateitem': DECRYPT_AND_GENERATE,
  'dynamodb:deleteitem': DECRYPT_AND_GENERATE,
  'dynamodb:batchwriteitem': DECRYPT_AND_GENERATE,
  'dynamodb:partiqlinsert': DECRYPT_AND_GENERATE,
  'dynamodb:partiqlupdate': DECRYPT_AND_GENERATE,
  'dynamodb:partiqldelete': DECRYPT_AND_GENERATE,
  'sqs:sendmessage': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'sqs:receivemessage': DECRYPT,
  'sns:publish': ['kms:GenerateDataKey', 'kms:Decrypt'],
  's3:putobject': ['kms:GenerateDataKey'],
  's3:getobject': DECRYPT,
};

/** The KMS actions AWS would call for this one, if it touches a resource encrypted with a key. */
export function impliedKmsActions(action: string): readonly string[] {
  return IMPLIED_KMS_ACTIONS[action.toLowerCase()] ?? [];
}

async function impliedKmsCalls(app: DeployedApp, caller: Caller, call: Call): Promise<Verdict[]> {
  const actions = impliedKmsActions(call.action);
  const key = actions.length > 0 ? app.encryptionKeyOf(call.resource) : undefined;
  if (!key) return [];
  const service = call.action.split(':')[0] ?? '';
  const context: Record<string, string> = caller.service
    ? { ...call.context }
    : {
        ...call.context,
        'kms:ViaService': `${service}.${app.region}.${app.env.urlSuffix}`,
        'kms:CallerAccount': app.account,
      };
  const verdicts: Verdict[] = [];
  for (const action of actions) {
    const kmsCall: Call = { principal: call.principal, action, resource: key.arn, context };
    const onBehalf = `${call.action} needs ${action} on its key`;
    if (key.awsManaged) {
      verdicts.push(awsManagedKeyVerdict(kmsCall, caller, key.given, onBehalf));
    } else if (!key.key) {
      verdicts.push(
        refused(
          kmsCall,
          `${onBehalf}: the key ${key.given} is not in the templates, so its policy cannot be read`,
        ),
      );
    } else {
      const own = await decide(app, caller, kmsCall);
      verdicts.push({
        call: kmsCall,
        allowed: own.decision === 'Allowed',
        decision: own.decision,
        explain: `${onBehalf}: ${own.explain}`,
        implied: [],
      });
    }
  }
  return verdicts;
}

/**
 * An AWS managed key (alias/aws/sqs, ...) lets every principal of the account use it through its
 * service; no service principal can be added to its policy.
 */
function awsManagedKeyVerdict(
  call: Call,
  caller: Caller,
  given: string,
  onBehalf: string,
): Verdict {
  if (caller.service) {
    return refused(
      call,
      `${onBehalf}: ${given} is an AWS managed key, whose policy cannot allow ${caller.service}`,
    );
  }
  return {
    call,
    allowed: true,
    decision: 'Allowed',
    explain: `${onBehalf}: ${given} is an AWS managed key, usable through its service by the account's principals`,
    implied: [],
  };
}

function refused(call: Call, explain: string): Verdict {
  return { call, allowed: false, decision: 'ImplicitlyDenied', explain, implied: [] };
}
