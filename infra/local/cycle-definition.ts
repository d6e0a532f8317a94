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

/** The definition names a Lambda that is none of our functions, or none at all. */
export class DefinitionResolutionError extends DafaaError {
  override readonly name: string = 'DefinitionResolutionError';
}

/**
 * What the definition is read from: the deployed view of the app (infra/contract's DeployedApp),
 * named structurally so that the CLI can name these types without typechecking the CDK app.
 */
export interface DeployedLookup {
  resource(
    name: string,
    type: string,
  ): {
    readonly logicalId: string;
    readonly arn: string | undefined;
    readonly properties: Readonly<Record<string, unknown>>;
  };
  function(name: string): { readonly arn: string };
}

/**
 * The cycle's definition from the deployed view of the synthesized app (every reference resolved for
 * its account and region), with each Task state's Lambda mapped to its functions/ entry.
 */
export function cycleDefinition(deployed: DeployedLookup, app: SynthesizedApp): CycleDefinition {
  const machine = deployed.resource(
    `${app.statelessStackName}/${app.stateMachineLogicalId}`,
    'AWS::StepFunctions::StateMachine',
  );
  const text = machine.properties.DefinitionString;
  if (typeof text !== 'string' || machine.arn === undefined) {
    throw new DefinitionResolutionError(`the state machine ${machine.logicalId} has no definition`);
  }
  const definition = JSON.parse(text) as AslDefinition;
  const entriesByArn = new Map(
    Object.entries(app.functionEntries).map(([logicalId, entry]) => [
      deployed.function(`${app.statelessStackName}/${logicalId}`).arn,
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
  return { definition, tasks, stateMachineArn: machine.arn };
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
