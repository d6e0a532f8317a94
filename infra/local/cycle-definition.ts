import { DafaaError } from '../../shared/errors/dafaa-error.ts';
import type { SynthesizedApp } from './synthesized-app.ts';

/**
 * The cycle's flow as deployed: the state machine's `DefinitionString` from the synthesized template,
 * its Lambda ARNs resolved for an account and region, and which functions/ entry each Task state
 * invokes. A local run executes exactly this definition, so the flow is written once, in the CDK.
 */

/** An Amazon States Language document, as the template carries it. */
export type AslDefinition = { readonly StartAt: string; readonly States: Record<string, AslState> };
export type AslState = { readonly Type: string; readonly Resource?: string } & Record<
  string,
  unknown
>;

/**
 * A Task state's Lambda: its functions/ entry, and how the state calls it: `direct` (the function ARN
 * as the resource: the payload in, the function's result out) or `invoke` (the `lambda:invoke`
 * integration: `{ FunctionName, Payload }` in, `{ Payload, StatusCode }` out).
 */
export interface TaskFunction {
  readonly entry: string;
  readonly integration: 'direct' | 'invoke';
}

export interface CycleDefinition {
  readonly definition: AslDefinition;
  /** The Lambda each Task state invokes, by state name (map item states included). */
  readonly tasks: Readonly<Record<string, TaskFunction>>;
  /** The state machine's ARN in the account and region it was resolved for. */
  readonly stateMachineArn: string;
}

/** The template holds something the definition resolver does not know how to read. */
export class DefinitionResolutionError extends DafaaError {
  override readonly name: string = 'DefinitionResolutionError';
}

export interface Deployment {
  readonly account: string;
  readonly region: string;
}

/** A test account and the app's default region: what local runs and the rehearsal resolve ARNs for. */
export const LOCAL_DEPLOYMENT: Deployment = { account: '111122223333', region: 'me-central-1' };

/** The function ARN a logical id gets in a deployment: its logical id stands for its physical name. */
export const functionArn = (deployment: Deployment, logicalId: string) =>
  `arn:aws:lambda:${deployment.region}:${deployment.account}:function:${logicalId}`;

export function cycleDefinition(
  app: SynthesizedApp,
  deployment: Deployment = LOCAL_DEPLOYMENT,
): CycleDefinition {
  const template = app.templates[app.statelessStackName];
  const machine = template?.Resources[app.stateMachineLogicalId];
  if (!machine) {
    throw new DefinitionResolutionError(`no state machine ${app.stateMachineLogicalId} in the app`);
  }
  const text = resolveString(machine.Properties?.DefinitionString, deployment, app);
  const definition = JSON.parse(text) as AslDefinition;
  const entriesByArn = new Map(
    Object.entries(app.functionEntries).map(([logicalId, entry]) => [
      functionArn(deployment, logicalId),
      entry,
    ]),
  );
  const tasks: Record<string, TaskFunction> = {};
  for (const [name, state] of taskStates(definition)) {
    const integration = state.Resource === LAMBDA_INVOKE ? 'invoke' : 'direct';
    const parameters = state.Parameters as { FunctionName?: unknown } | undefined;
    const arn = integration === 'invoke' ? parameters?.FunctionName : state.Resource;
    const entry = typeof arn === 'string' ? entriesByArn.get(arn) : undefined;
    if (!entry) {
      throw new DefinitionResolutionError(
        `task state ${name} invokes ${String(arn)}, which is none of our functions`,
      );
    }
    tasks[name] = { entry, integration };
  }
  const stateMachineArn = `arn:aws:states:${deployment.region}:${deployment.account}:stateMachine:${app.stateMachineLogicalId}`;
  return { definition, tasks, stateMachineArn };
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** Every Task state, those inside map item processors and parallel branches included. */
function* taskStates(definition: AslDefinition): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Task') yield [name, state];
    const nested = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[]) ?? [])];
    for (const inner of nested) {
      if (inner && typeof inner === 'object') yield* taskStates(inner as AslDefinition);
    }
  }
}

/** Resolves the intrinsics a definition string is built from: Fn::Join, Lambda ARNs, pseudo parameters. */
function resolveString(value: unknown, deployment: Deployment, app: SynthesizedApp): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [[intrinsic, argument] = []] = Object.entries(value);
    if (intrinsic === 'Fn::Join' && Array.isArray(argument)) {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => resolveString(part, deployment, app)).join(separator);
    }
    if (intrinsic === 'Fn::GetAtt' && Array.isArray(argument) && argument[1] === 'Arn') {
      const logicalId = String(argument[0]);
      if (logicalId in app.functionEntries) return functionArn(deployment, logicalId);
    }
    if (intrinsic === 'Ref') {
      const pseudo: Record<string, string> = {
        'AWS::Partition': 'aws',
        'AWS::Region': deployment.region,
        'AWS::AccountId': deployment.account,
        'AWS::URLSuffix': 'amazonaws.com',
      };
      const resolved = pseudo[String(argument)];
      if (resolved !== undefined) return resolved;
    }
  }
  throw new DefinitionResolutionError(
    `the state machine's definition holds ${JSON.stringify(value)}, which a local run cannot resolve`,
  );
}
