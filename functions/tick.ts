import { SFNClient } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbCalendarOverrides } from '../shared/adapters/dynamodb/dynamodb-calendar-overrides.ts';
import { DynamoDbCycleRepository } from '../shared/adapters/dynamodb/dynamodb-cycle-repository.ts';
import { StepFunctionsCycleStarter } from '../shared/adapters/sfn/step-functions-cycle-starter.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { requireEnv } from '../shared/config/env.ts';
import {
  type DueCycles,
  type StartDueCyclesDeps,
  startDueCycles,
} from '../shared/cycles/start-due-cycles.ts';
import { emitMetrics, type Telemetry, telemetryFromEnvironment } from './emf.ts';

/**
 * The daily tick, invoked by EventBridge Scheduler (its event is ignored): starts the cycles due by
 * today, logs what it found (a warning when it caught up a missed cycle) and counts both, and that
 * it succeeded.
 */

export type TickDeps = StartDueCyclesDeps & { readonly telemetry: Telemetry };

export async function handleTick(deps: TickDeps): Promise<DueCycles> {
  const result = await startDueCycles(deps, {});
  const missed = result.toStart.filter((start) => start.trigger === 'missed').length;
  const started = result.toStart.filter((start) => start.started).length;
  const level = missed > 0 ? 'WARN' : 'INFO';
  console.log(
    JSON.stringify({ level, service: deps.telemetry.service, message: 'tick', ...result }),
  );
  emitMetrics(
    deps.telemetry.namespace,
    {},
    {
      CyclesStarted: { value: started, unit: 'Count' },
      CyclesMissed: { value: missed, unit: 'Count' },
      // Counted only once the tick got through: 26 hours without one raise TickSilentAlarm.
      TickSucceeded: { value: 1, unit: 'Count' },
    },
  );
  return result;
}

export function createTickHandler(deps: () => TickDeps) {
  return middy<unknown, DueCycles>().handler(() => handleTick(deps()));
}

let deps: TickDeps | undefined;
/** Clients are made once per container, on the first tick. */
function depsFromEnvironment(): TickDeps {
  const client = createDocumentClient({});
  const cyclesTable = requireEnv(process.env, 'CYCLES_TABLE');
  deps ??= {
    cycles: new DynamoDbCycleRepository(client, cyclesTable),
    calendarOverrides: new DynamoDbCalendarOverrides(client, cyclesTable),
    starter: new StepFunctionsCycleStarter(
      new SFNClient({}),
      requireEnv(process.env, 'STATE_MACHINE_ARN'),
    ),
    calendar: { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule },
    clock: { now: () => new Date() },
    telemetry: telemetryFromEnvironment(process.env),
  };
  return deps;
}

export const handler = createTickHandler(depsFromEnvironment);
