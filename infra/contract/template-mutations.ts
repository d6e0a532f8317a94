import { NothingToRemoveError } from './errors.ts';
import { isRecord, resourcesOf, type StackTemplate } from './intrinsics.ts';

/**
 * Copies of synthesized templates with one permission taken away, to prove that a check bites:
 * remove an action from a role's identity policies, or statements from a resource's policy (a key
 * policy, a queue or topic policy, a trust policy), or whole resources (a Lambda permission). Each
 * throws NothingToRemoveError when it removes nothing, so that a mutation test cannot pass by
 * mutating nothing.
 */

type Statement = Record<string, unknown>;

/** The stacks, with `action` gone from every statement of the role's identity policies. */
export function withoutRoleAction(
  stacks: readonly StackTemplate[],
  roleLogicalId: string,
  action: string,
): StackTemplate[] {
  let removed = 0;
  const copy = mapPolicyDocuments(
    stacks,
    (logicalId, resource, key) => {
      const attached = key === 'PolicyDocument' && namesRole(resource.Properties, roleLogicalId);
      const inline = logicalId === roleLogicalId && key === 'Policies';
      return attached || inline;
    },
    (statement) => {
      const actions = listOf(statement.Action);
      const kept = actions.filter((a) => a.toLowerCase() !== action.toLowerCase());
      removed += actions.length - kept.length;
      return kept.length === 0 ? [] : [{ ...statement, Action: kept }];
    },
  );
  if (removed === 0) {
    throw new NothingToRemoveError(`no identity policy of ${roleLogicalId} names ${action}`);
  }
  return copy;
}

/** The stacks, with the statements `matches` picks gone from the policies of `logicalId`. */
export function withoutStatements(
  stacks: readonly StackTemplate[],
  logicalId: string,
  matches: (statement: Statement) => boolean,
): StackTemplate[] {
  let removed = 0;
  const copy = mapPolicyDocuments(
    stacks,
    (id) => id === logicalId,
    (statement) => {
      if (!matches(statement)) return [statement];
      removed += 1;
      return [];
    },
  );
  if (removed === 0) throw new NothingToRemoveError(`no statement of ${logicalId} matches`);
  return copy;
}

/** The stacks without the resources `matches` selects (by type and resolved-or-not properties). */
export function withoutResources(
  stacks: readonly StackTemplate[],
  matches: (resource: { readonly type: string; readonly properties: Statement }) => boolean,
): StackTemplate[] {
  let removed = 0;
  const copy = structuredClone(stacks) as StackTemplate[];
  for (const stack of copy) {
    const resources = stack.template.Resources;
    if (!isRecord(resources)) continue;
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (!isRecord(resource)) continue;
      const properties = isRecord(resource.Properties) ? resource.Properties : {};
      if (matches({ type: String(resource.Type), properties })) {
        delete resources[logicalId];
        removed += 1;
      }
    }
  }
  if (removed === 0) throw new NothingToRemoveError('no resource matched: nothing was removed');
  return copy;
}

const DOCUMENT_KEYS = ['PolicyDocument', 'KeyPolicy', 'AssumeRolePolicyDocument', 'Policies'];

/** A deep copy of the stacks, each selected policy document's statements mapped. */
function mapPolicyDocuments(
  stacks: readonly StackTemplate[],
  selects: (logicalId: string, resource: Record<string, unknown>, key: string) => boolean,
  map: (statement: Statement) => Statement[],
): StackTemplate[] {
  const copy = structuredClone(stacks) as StackTemplate[];
  for (const stack of copy) {
    for (const [logicalId, resource] of Object.entries(resourcesOf(stack))) {
      if (!isRecord(resource) || !isRecord(resource.Properties)) continue;
      const properties = resource.Properties;
      for (const key of DOCUMENT_KEYS) {
        if (!(key in properties) || !selects(logicalId, resource, key)) continue;
        const documents =
          key === 'Policies'
            ? listOfRecords(properties[key]).map((policy) => policy.PolicyDocument)
            : [properties[key]];
        for (const document of documents) {
          if (isRecord(document))
            document.Statement = listOfRecords(document.Statement).flatMap(map);
        }
      }
    }
  }
  return copy;
}

function namesRole(properties: unknown, roleLogicalId: string): boolean {
  const roles = isRecord(properties) ? properties.Roles : undefined;
  return listOfRecords(roles).some((role) => role.Ref === roleLogicalId);
}

function listOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is string => typeof item === 'string');
}

function listOfRecords(value: unknown): Record<string, unknown>[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter(isRecord);
}
