import { UnresolvableIntrinsicError } from './errors.ts';
import { type AwsEnvironment, type PhysicalIdentity, physicalIdentity } from './physical-names.ts';

/**
 * Resolves the CloudFormation intrinsics of synthesized templates to the concrete values they would
 * take in one account and region: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split,
 * Fn::ImportValue (from the other stacks' exports), Fn::If and the condition functions,
 * Fn::FindInMap, Fn::GetAZs, Fn::Base64, Fn::ToJsonString, Fn::Length, and the pseudo parameters.
 * Resources are named by physical-names.ts. An attribute that no rule knows resolves to a marker
 * string (`«unresolved ...»`, listed in `unresolved`) so that one exotic resource does not stop the
 * policies of the others from being read.
 */

/** A CloudFormation template as JSON. */
export type Template = Readonly<Record<string, unknown>>;

/** A template and the name of the stack CloudFormation deploys it as. */
export interface StackTemplate {
  readonly stackName: string;
  readonly template: Template;
}

/** `Ref: AWS::NoValue`: the property or list element it stands for is removed. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
type Resolved = unknown;

/** Resolves values within the stacks it was given; memoises identities, exports and conditions. */
export class TemplateResolver {
  private readonly identities = new Map<string, PhysicalIdentity>();
  private readonly resolving = new Set<string>();
  private readonly conditions = new Map<string, boolean>();
  private exportsByName: Map<string, { stack: StackTemplate; value: unknown }> | undefined;
  private readonly markers = new Set<string>();

  readonly env: AwsEnvironment;
  readonly stacks: readonly StackTemplate[];

  constructor(env: AwsEnvironment, stacks: readonly StackTemplate[]) {
    this.env = env;
    this.stacks = stacks;
  }

  /** The intrinsics that could only be resolved to a marker string. */
  get unresolved(): readonly string[] {
    return [...this.markers];
  }

  /** `value`, with every intrinsic in it resolved in the context of `stack`. */
  resolve(stack: StackTemplate, value: unknown): unknown {
    const resolved = this.value(stack, value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** The physical identity (Ref, ARN, attributes) of one resource of `stack`. */
  identity(stack: StackTemplate, logicalId: string): PhysicalIdentity {
    const key = `${stack.stackName}/${logicalId}`;
    const known = this.identities.get(key);
    if (known) return known;
    const resource = resourcesOf(stack)[logicalId];
    if (!isRecord(resource) || typeof resource.Type !== 'string') {
      throw new UnresolvableIntrinsicError(`${key}: no such resource`);
    }
    if (this.resolving.has(key)) {
      throw new UnresolvableIntrinsicError(`${key}: its name depends on itself`);
    }
    this.resolving.add(key);
    try {
      const properties = isRecord(resource.Properties) ? resource.Properties : {};
      const identity = physicalIdentity(
        this.env,
        stack.stackName,
        logicalId,
        resource.Type,
        (name) => this.resolve(stack, properties[name]),
      );
      this.identities.set(key, identity);
      return identity;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** Whether the resource's `Condition` (if any) holds, i.e. whether CloudFormation creates it. */
  isCreated(stack: StackTemplate, logicalId: string): boolean {
    const resource = resourcesOf(stack)[logicalId];
    const condition = isRecord(resource) ? resource.Condition : undefined;
    return typeof condition !== 'string' || this.condition(stack, condition);
  }

  private value(stack: StackTemplate, value: unknown): Resolved {
    if (Array.isArray(value)) {
      return value.map((item) => this.value(stack, item)).filter((item) => item !== NO_VALUE);
    }
    if (!isRecord(value)) return value;
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only && (only[0] === 'Ref' || only[0].startsWith('Fn::'))) {
      return this.intrinsic(stack, only[0], only[1]);
    }
    return Object.fromEntries(
      entries
        .map(([key, item]) => [key, this.value(stack, item)] as const)
        .filter(([, item]) => item !== NO_VALUE),
    );
  }

  private intrinsic(stack: StackTemplate, name: string, argument: unknown): Resolved {
    switch (name) {
      case 'Ref':
        return this.ref(stack, this.text(stack, argument, name));
      case 'Fn::GetAtt':
        return this.getAtt(stack, argument);
      case 'Fn::Join':
        return this.join(stack, argument);
      case 'Fn::Sub':
        return this.sub(stack, argument);
      case 'Fn::Select':
        return this.select(stack, argument);
      case 'Fn::Split':
        return this.split(stack, argument);
      case 'Fn::ImportValue':
        return this.importValue(this.text(stack, argument, name));
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.env.region}${zone}`);
      case 'Fn::Base64':
        return Buffer.from(this.text(stack, argument, name)).toString('base64');
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(stack, argument));
      case 'Fn::Length':
        return this.list(stack, argument, name).length;
      case 'Fn::FindInMap':
        return this.findInMap(stack, argument);
      case 'Fn::If':
        return this.fnIf(stack, argument);
      case 'Fn::Equals':
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or':
        return this.booleanFunction(stack, name, argument);
      default:
        throw new UnresolvableIntrinsicError(`${stack.stackName}: ${name} is not supported`);
    }
  }

  private ref(stack: StackTemplate, name: string): Resolved {
    const pseudo = this.pseudoParameter(stack, name);
    if (pseudo !== undefined) return pseudo;
    const parameters = isRecord(stack.template.Parameters) ? stack.template.Parameters : {};
    const parameter = parameters[name];
    if (isRecord(parameter)) {
      return parameter.Default ?? this.marker(`Ref ${name} (a parameter without default)`);
    }
    return this.identity(stack, name).ref;
  }

  private pseudoParameter(stack: StackTemplate, name: string): Resolved | undefined {
    const { account, region, partition, urlSuffix } = this.env;
    const values: Record<string, Resolved> = {
      'AWS::AccountId': account,
      'AWS::Region': region,
      'AWS::Partition': partition,
      'AWS::URLSuffix': urlSuffix,
      'AWS::StackName': stack.stackName,
      'AWS::StackId': `arn:${partition}:cloudformation:${region}:${account}:stack/${stack.stackName}/00000000-0000-0000-0000-000000000000`,
      'AWS::NotificationARNs': [],
      'AWS::NoValue': NO_VALUE,
    };
    return values[name];
  }

  private getAtt(stack: StackTemplate, argument: unknown): Resolved {
    const [logicalId, attribute] =
      typeof argument === 'string'
        ? splitOnce(argument, '.')
        : this.list(stack, argument, 'Fn::GetAtt').map((part) => String(part));
    if (logicalId === undefined || attribute === undefined) {
      throw new UnresolvableIntrinsicError(`${stack.stackName}: malformed Fn::GetAtt`);
    }
    const identity = this.identity(stack, logicalId);
    return identity.attributes[attribute] ?? this.marker(`Fn::GetAtt ${logicalId}.${attribute}`);
  }

  private join(stack: StackTemplate, argument: unknown): string {
    const [delimiter, items] = this.pair(stack, argument, 'Fn::Join');
    return this.list(stack, items, 'Fn::Join')
      .map((item) => this.scalar(item, 'Fn::Join'))
      .join(this.scalar(delimiter, 'Fn::Join'));
  }

  private sub(stack: StackTemplate, argument: unknown): string {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string' || !isRecord(variables)) {
      throw new UnresolvableIntrinsicError(`${stack.stackName}: malformed Fn::Sub`);
    }
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_, escaped: string, name: string) => {
      if (escaped) return `\${${name}}`;
      if (name in variables) return this.scalar(this.resolve(stack, variables[name]), 'Fn::Sub');
      const value = name.includes('.') ? this.getAtt(stack, name) : this.ref(stack, name.trim());
      return this.scalar(value, 'Fn::Sub');
    });
  }

  private select(stack: StackTemplate, argument: unknown): Resolved {
    const [index, items] = this.pair(stack, argument, 'Fn::Select');
    const list = this.list(stack, items, 'Fn::Select');
    const position = Number(index);
    if (!Number.isInteger(position) || position < 0 || position >= list.length) {
      throw new UnresolvableIntrinsicError(
        `${stack.stackName}: Fn::Select index ${String(index)} outside a list of ${list.length}`,
      );
    }
    return list[position];
  }

  private split(stack: StackTemplate, argument: unknown): string[] {
    const [delimiter, source] = this.pair(stack, argument, 'Fn::Split');
    return this.text(stack, source, 'Fn::Split').split(this.scalar(delimiter, 'Fn::Split'));
  }

  private importValue(name: string): Resolved {
    this.exportsByName ??= this.collectExports();
    const exported = this.exportsByName.get(name);
    if (!exported) {
      throw new UnresolvableIntrinsicError(`Fn::ImportValue ${name}: no stack exports it`);
    }
    return this.resolve(exported.stack, exported.value);
  }

  private collectExports(): Map<string, { stack: StackTemplate; value: unknown }> {
    const found = new Map<string, { stack: StackTemplate; value: unknown }>();
    for (const stack of this.stacks) {
      const outputs = isRecord(stack.template.Outputs) ? stack.template.Outputs : {};
      for (const output of Object.values(outputs)) {
        if (!isRecord(output) || !isRecord(output.Export)) continue;
        const name = this.resolve(stack, output.Export.Name);
        if (typeof name === 'string') found.set(name, { stack, value: output.Value });
      }
    }
    return found;
  }

  private findInMap(stack: StackTemplate, argument: unknown): Resolved {
    const [mapName, topKey, secondKey] = this.list(stack, argument, 'Fn::FindInMap').map(String);
    const mappings = isRecord(stack.template.Mappings) ? stack.template.Mappings : {};
    const map = mapName === undefined ? undefined : mappings[mapName];
    const top = isRecord(map) && topKey !== undefined ? map[topKey] : undefined;
    const value = isRecord(top) && secondKey !== undefined ? top[secondKey] : undefined;
    if (value === undefined) {
      throw new UnresolvableIntrinsicError(
        `${stack.stackName}: Fn::FindInMap ${mapName}.${topKey}.${secondKey} is not in Mappings`,
      );
    }
    return value;
  }

  private fnIf(stack: StackTemplate, argument: unknown): Resolved {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
      throw new UnresolvableIntrinsicError(`${stack.stackName}: malformed Fn::If`);
    }
    return this.value(stack, this.condition(stack, argument[0]) ? argument[1] : argument[2]);
  }

  private booleanFunction(stack: StackTemplate, name: string, argument: unknown): boolean {
    const operands = Array.isArray(argument) ? argument : [];
    if (name === 'Fn::Equals') {
      const [left, right] = operands.map((operand) => this.resolve(stack, operand));
      return JSON.stringify(left) === JSON.stringify(right);
    }
    const values = operands.map((operand) => this.conditionOperand(stack, operand));
    if (name === 'Fn::Not') return !values[0];
    if (name === 'Fn::And') return values.every(Boolean);
    return values.some(Boolean);
  }

  private conditionOperand(stack: StackTemplate, operand: unknown): boolean {
    if (isRecord(operand) && typeof operand.Condition === 'string') {
      return this.condition(stack, operand.Condition);
    }
    return this.resolve(stack, operand) === true;
  }

  private condition(stack: StackTemplate, name: string): boolean {
    const key = `${stack.stackName}/${name}`;
    const known = this.conditions.get(key);
    if (known !== undefined) return known;
    const conditions = isRecord(stack.template.Conditions) ? stack.template.Conditions : {};
    if (!(name in conditions)) {
      throw new UnresolvableIntrinsicError(`${stack.stackName}: no condition ${name}`);
    }
    const value = this.conditionOperand(stack, conditions[name]);
    this.conditions.set(key, value);
    return value;
  }

  private pair(stack: StackTemplate, argument: unknown, name: string): [unknown, unknown] {
    if (!Array.isArray(argument) || argument.length !== 2) {
      throw new UnresolvableIntrinsicError(`${stack.stackName}: ${name} takes two arguments`);
    }
    return [this.resolve(stack, argument[0]), argument[1]];
  }

  private list(stack: StackTemplate, value: unknown, name: string): unknown[] {
    const resolved = this.resolve(stack, value);
    if (!Array.isArray(resolved)) {
      throw new UnresolvableIntrinsicError(`${stack.stackName}: ${name} expects a list`);
    }
    return resolved;
  }

  private text(stack: StackTemplate, value: unknown, name: string): string {
    return this.scalar(this.resolve(stack, value), name);
  }

  private scalar(value: unknown, name: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new UnresolvableIntrinsicError(`${name} expects a string, got ${JSON.stringify(value)}`);
  }

  private marker(what: string): string {
    this.markers.add(what);
    return `«unresolved ${what}»`;
  }
}

/** The `Resources` section of a stack's template. */
export function resourcesOf(stack: StackTemplate): Readonly<Record<string, unknown>> {
  return isRecord(stack.template.Resources) ? stack.template.Resources : {};
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function splitOnce(text: string, separator: string): [string | undefined, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
