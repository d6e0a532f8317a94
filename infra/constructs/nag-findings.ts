import { Stack, Validations } from 'aws-cdk-lib';
import { Policy } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag names what it finds, so that an acknowledgement names exactly the finding it
 * covers (`AwsSolutions-IAM5[Resource::<the resource as cdk-nag renders it>]`), and
 * acknowledgements of wildcards that are checked against the policy they sit on: a wildcard
 * finding names only the resource `*` or the action, so the check holds the rest (which actions on
 * `*`; on which resources the wildcard action) to what the acknowledgement says.
 */

/**
 * The parts of an ARN in this stack as cdk-nag renders them: a literal where the stack knows it
 * (the region; the partition once partition literals are on), else the pseudo parameter.
 */
export function arnPartsAsFound(scope: IConstruct): {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
} {
  const stack = Stack.of(scope);
  const literal = (value: string, pseudo: string) => {
    const resolved: unknown = stack.resolve(value);
    return typeof resolved === 'string' ? resolved : `<AWS::${pseudo}>`;
  };
  return {
    partition: literal(stack.partition, 'Partition'),
    region: literal(stack.region, 'Region'),
    account: literal(stack.account, 'AccountId'),
  };
}

/** An attribute of a resource of this stack as cdk-nag renders it: `<LogicalId.Attribute>`. */
export function attributeAsFound(resource: IConstruct, attribute: string): string {
  const cfn = resource.node.defaultChild ?? resource;
  return `<${Stack.of(resource).getLogicalId(cfn as never)}.${attribute}>`;
}

type Statement = { Action?: string | string[]; Resource?: unknown };

/** What has been acknowledged on each policy, checked against the policy once it is final. */
const acknowledged = new WeakMap<
  Policy,
  { onAnyResource: Set<string>; wildcardActions: Set<string> }
>();

/** The policy's statements as they will be synthesized. */
function statementsOf(policy: Policy): Statement[] {
  const document = Stack.of(policy).resolve(policy.document.toJSON()) as
    | { Statement?: Statement[] }
    | undefined;
  return document?.Statement ?? [];
}

const actionsOf = (statement: Statement) => [statement.Action ?? []].flat();
const onAnyResource = (statement: Statement) => [statement.Resource].flat().includes('*');

function registry(policy: Policy) {
  let entry = acknowledged.get(policy);
  if (entry === undefined) {
    const created = { onAnyResource: new Set<string>(), wildcardActions: new Set<string>() };
    entry = created;
    acknowledged.set(policy, created);
    // Once the policy is final (at synthesis), the acknowledgements must cover it exactly.
    policy.node.addValidation({
      validate: () => {
        const statements = statementsOf(policy);
        const granted = new Set(statements.filter(onAnyResource).flatMap(actionsOf));
        const problems: string[] = [];
        for (const action of granted) {
          if (!created.onAnyResource.has(action))
            problems.push(`grants ${action} on "*", which no acknowledgement names`);
        }
        for (const action of created.onAnyResource) {
          if (!granted.has(action))
            problems.push(`acknowledges ${action} on "*", which it does not grant`);
        }
        for (const action of created.wildcardActions) {
          const holding = statements.filter((statement) => actionsOf(statement).includes(action));
          if (holding.length === 0)
            problems.push(`acknowledges the action ${action}, which it does not grant`);
          if (holding.some(onAnyResource))
            problems.push(
              `grants the action ${action} on "*": acknowledged only on named resources`,
            );
        }
        return problems.map((problem) => `${policy.node.path}: ${problem}`);
      },
    });
  }
  return entry;
}

/**
 * Acknowledges cdk-nag's IAM5 finding of Resource "*" on one policy for exactly `actions`, with
 * the reason: synthesis fails if the policy grants any other action on "*", or not these.
 */
export function acknowledgeActionsOnAnyResource(
  policy: Policy,
  actions: readonly string[],
  reason: string,
): void {
  for (const action of actions) registry(policy).onAnyResource.add(action);
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `${actions.join(', ')} on "*": ${reason}`,
  });
}

/**
 * Acknowledges cdk-nag's IAM5 finding of a wildcard action (`kms:GenerateDataKey*`) on one policy:
 * synthesis fails if the policy does not grant it, or grants it on "*".
 */
export function acknowledgeWildcardAction(policy: Policy, action: string, reason: string): void {
  registry(policy).wildcardActions.add(action);
  Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Action::${action}]`, reason });
}

/** The role's default policy, where its grants land (created by the first grant). */
export function defaultPolicyOf(role: IConstruct | undefined): Policy {
  const policy = role?.node.tryFindChild('DefaultPolicy');
  if (!(policy instanceof Policy)) {
    throw new Error(`${role?.node.path ?? 'a role'} has no default policy to acknowledge on`);
  }
  return policy;
}
