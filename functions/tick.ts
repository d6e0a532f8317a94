import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbCalendarOverrides } from '../shared/adapters/dynamodb/dynamodb-calendar-overrides.ts';
import { DynamoDbCycleRepository } from '../shared/adapters/dynamodb/dynamodb-cycle-repository.ts';
import { StepFunctionsCycleStarter } from '../shared/adapters/sfn/step-functions-cycle-starter.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { requireEnv } from '../shared/config/env.ts';
import {
  type CycleExecutionStatuses,
  type DueCycles,
  type StartDueCyclesDeps,
  startDueCycles,
} from '../shared/cycles/start-due-cycles.ts';
import { captureClient, countMetric, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The daily tick, invoked by EventBridge Scheduler (its event is ignored): starts the cycles due by
 * today, logs what it found (a warning when it caught up a missed cycle) and counts both, and that
 * it succeeded.
 */

export type TickDeps = StartDueCyclesDeps;

export async function handleTick(deps: TickDeps): Promise<DueCycles> {
  const result = await startDueCycles(deps, {});
  const missed = result.toStart.filter((start) => start.trigger === 'missed').length;
  const started = result.toStart.filter((start) => start.started).length;
  const restarted = result.toStart.filter((start) => start.restartOf !== null).length;
  (missed > 0 || restarted > 0 ? logger.warn : logger.info).call(logger, 'tick', { ...result });
  countMetric('CyclesStarted', started);
  countMetric('CyclesMissed', missed);
  // Counted only once the tick got through: 26 hours without one raise TickSilentAlarm.
  countMetric('TickSucceeded', 1);
  return result;
}

export function createTickHandler(deps: () => TickDeps) {
  return observed(middy<unknown, DueCycles>().handler(() => handleTick(deps())));
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createTickHandler(once(() => depsFromEnvironment(env)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv): TickDeps {
  const client = createDocumentClient({}, captureClient);
  const cyclesTable = requireEnv(env, 'CYCLES_TABLE');
  const stepFunctions = captureClient(new SFNClient({}));
  const stateMachineArn = requireEnv(env, 'STATE_MACHINE_ARN');
  return {
    cycles: new DynamoDbCycleRepository(client, cyclesTable),
    calendarOverrides: new DynamoDbCalendarOverrides(client, cyclesTable),
    starter: new StepFunctionsCycleStarter(stepFunctions, stateMachineArn),
    executions: new StepFunctionsExecutionStatuses(stepFunctions, stateMachineArn),
    calendar: { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule },
    clock: { now: () => new Date() },
  };
}

/**
 * How an execution of the cycle state machine ended, by name: DescribeExecution's status, null
 * when Step Functions has none of that name (it forgets a closed execution after 90 days).
 */
export class StepFunctionsExecutionStatuses implements CycleExecutionStatuses {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  async statusOf(executionName: string): Promise<string | null> {
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
    try {
      const { status } = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return status ?? null;
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return null;
      throw error;
    }
  }
}
