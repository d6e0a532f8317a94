import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { calendarWithStoredOverrides } from '../shared/calendar/manage-overrides.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { EXIT, explainError, UsageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { agreementCommand } from './commands/agreement-command.ts';
import { approvalsCommand } from './commands/approvals-command.ts';
import { auditCommand, localAuditLog } from './commands/audit-command.ts';
import { CALENDAR_USAGE, calendarCommand } from './commands/calendar-command.ts';
import { calendarOverrideCommand } from './commands/calendar-override-command.ts';
import { CYCLE_USAGE, cycleCommand } from './commands/cycle-command.ts';
import {
  notifyEventsCommand,
  notifySweepCommand,
  suppressionCommand,
} from './commands/delivery-truth-command.ts';
import { householdCommand } from './commands/household-command.ts';
import { localUpCommand } from './commands/local-up-command.ts';
import { notifyCommand, outboxCommand } from './commands/notify-command.ts';
import { objectionCommand } from './commands/objection-command.ts';
import { SEED_USAGE, seedCommand } from './commands/seed-command.ts';
import {
  LocalStackNotRunningError,
  localCliRecording,
  localCycleDeps,
  localDynamoDbEndpoint,
  localNotifierDeps,
  localOpsApiUrl,
  localOpsDeps,
  localSesEndpoint,
} from './local-context.ts';
import { loginCommand } from './remote/login-command.ts';
import { opsApiClient } from './remote/ops-api-client.ts';
import { REMOTE_COMMANDS, remoteCommand } from './remote/remote-commands.ts';
import { remoteApiOf } from './remote/remote-target.ts';

/**
 * The `dafaa` command: the ops CLI. This file is its composition root: it builds what each command
 * needs (the calendar from the shipped data, the cycle's ports against the local stack), and turns
 * every error into one line and an exit code (2 bad input, 3 a missing prerequisite, 1 a bug).
 */

export const USAGE = `usage: dafaa <command> [options]

Commands:
  calendar     the disbursement calendar (${CALENDAR_USAGE.replace('usage: dafaa calendar ', '')})
  calendar agreement   how well the fallback Eid rule matches SAMA's announcements
  calendar override|close|open|unset|overrides   ops overrides of the calendar, stored and audited
  local up     start the local stack and keep it running
  seed         ${SEED_USAGE.replace('usage: dafaa seed ', '')}: a synthetic register, into the local stack
  cycle        ${CYCLE_USAGE.replace('usage: dafaa cycle ', '')}
  approvals    list | approve | reject: runs waiting for a second operator
  objection    submit | review | accept | reject | show: an objection's lifecycle, with its messages
  household    HOUSEHOLD_ID [--lang ar|en]: its payments, objections and every message, PII masked
  notify drain deliver the queued messages (email to the local SES server, SMS to the outbox)
  notify events --simulate [--bounce PCT] [--sms-fail PCT] ...: SES and SNS receipts for what was sent, recorded
  notify sweep [--hours-later H]: deliveries with no receipt 72 hours after sending become unknown
  notify suppression list|lift --household H [--reason TEXT --by OPERATOR]: addresses a bounce or complaint suppressed
  outbox       the SMS the local SMS channel has sent, with their segment counts
  audit        list [--limit N] | verify: the audit log, and whether its hash chain is intact

Against a deployment (--target aws --stage STAGE --region REGION) or a console by its address (--api URL),
the CLI goes through the ops API as the user who signed in (dafaa login; the token is cached in ~/.dafaa/cache)
and takes: ${REMOTE_COMMANDS}. Nobody is named with --by there: who acts is who signed in.
  login|logout sign in to the ops API (locally: the running stack's console, --user local-operator, ...)

Run "dafaa <command> --help" for a command's options.`;

export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    const { line, exitCode } = explainError(error);
    io.err(`dafaa: ${line}`);
    if (process.env.DAFAA_DEBUG === '1' && error instanceof Error) io.err(error.stack ?? '');
    return exitCode;
  }
}

const OVERRIDE_ACTIONS = ['override', 'close', 'open', 'unset', 'overrides'];

/**
 * `dafaa calendar ...` with the overrides stored in the running local stack, or the shipped data alone
 * when no stack is running: then, after a successful answer, a note on stderr says so.
 */
async function calendarWithNote(args: readonly string[], io: CliIo): Promise<number> {
  let shippedOnly = false;
  const exitCode = await calendarCommand(
    async () => {
      let endpoint: string;
      try {
        endpoint = localDynamoDbEndpoint();
      } catch (error) {
        if (!(error instanceof LocalStackNotRunningError)) throw error;
        shippedOnly = true;
        return { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule };
      }
      const calendar = await calendarWithStoredOverrides(
        localOpsDeps(endpoint).overrides.overrides,
      );
      return { calendar, schedule: defaultPaymentSchedule };
    },
    args,
    io,
  );
  if (shippedOnly)
    io.err(
      '(shipped calendar data only: no local stack is running, so stored overrides are not included)',
    );
  return exitCode;
}

/**
 * `--target local|aws`, `--stage`, `--region`, anywhere on the command line, taken out before the
 * command reads its own options (defaults: DAFAA_TARGET or local, DAFAA_STAGE or dev, AWS_REGION or
 * me-central-1).
 */
function takeTarget(args: readonly string[]): {
  rest: string[];
  target: 'local' | 'aws';
  stage: string;
  region: string;
  api: string | undefined;
} {
  const rest: string[] = [];
  const found: Record<string, string> = {};
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--target' || flag === '--stage' || flag === '--region' || flag === '--api') {
      const value = inline ?? args[index + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`${flag} needs a value`);
      found[flag.slice(2)] = value;
      if (inline === undefined) index += 1;
      continue;
    }
    rest.push(arg);
  }
  const target = found.target ?? process.env.DAFAA_TARGET ?? 'local';
  if (target !== 'local' && target !== 'aws')
    throw new UsageError(`--target takes local or aws, not "${target}"`);
  return {
    rest,
    target,
    stage: found.stage ?? process.env.DAFAA_STAGE ?? 'dev',
    region: found.region ?? process.env.AWS_REGION ?? 'me-central-1',
    api: found.api ?? process.env.DAFAA_API_URL,
  };
}

/** Locally, `login` signs in to the running local stack's console (`npm start`, `dafaa local up`). */
function runningConsole(target: 'local' | 'aws'): string | undefined {
  return target === 'local' ? localOpsApiUrl() : undefined;
}

/** The ops deps of a local command that acts: its audit entries say they came from the local CLI. */
function localActingOps(io: CliIo) {
  return localOpsDeps(
    localDynamoDbEndpoint(),
    undefined,
    undefined,
    undefined,
    localCliRecording((line) => io.err(line)),
  );
}

/** `dafaa notify ...` on the local stack: drain, and what became of the messages. */
function notifyLocally(rest: readonly string[], io: CliIo): Promise<number> {
  const endpoint = () => localDynamoDbEndpoint();
  switch (rest[0]) {
    case 'events':
      return notifyEventsCommand(
        () => {
          const ops = localOpsDeps(endpoint());
          return {
            deliveries: ops.deliveries,
            suppressions: ops.suppressions.suppressions,
            households: localCycleDeps(endpoint()).households,
            clock: { now: () => io.now() },
          };
        },
        rest,
        io,
      );
    case 'sweep':
      return notifySweepCommand(
        () => ({ deliveries: localOpsDeps(endpoint()).deliveries }),
        rest,
        io,
      );
    case 'suppression':
      return suppressionCommand(() => localActingOps(io).suppressions, rest, io);
    default:
      return notifyCommand(
        () => localNotifierDeps({ dynamodb: localDynamoDbEndpoint(), ses: localSesEndpoint() }),
        rest,
        io,
      );
  }
}

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const { rest: commandLine, target, stage, region, api } = takeTarget(args);
  const [command, ...rest] = commandLine;
  // A deployment, or a console named by its address: through the ops API, as the signed-in user.
  const remote = () => {
    const address = api ?? runningConsole(target);
    if (target === 'local' && address === undefined) {
      throw new LocalStackNotRunningError(
        'no local console is running: start one with "npm start" or "npm run -s dafaa -- local up", or give --api URL',
      );
    }
    return remoteApiOf({ stage, region, api: address });
  };
  if (command === 'login' || command === 'logout') return loginCommand(remote, commandLine, io);
  if (target === 'aws' || api !== undefined) {
    return remoteCommand(async () => opsApiClient((await remote()).api), commandLine, io);
  }
  const cycleDeps = () => localCycleDeps(localDynamoDbEndpoint());
  const localActing = () => localActingOps(io);
  const localNotifier = () =>
    localNotifierDeps({ dynamodb: localDynamoDbEndpoint(), ses: localSesEndpoint() });
  switch (command) {
    case 'calendar':
      if (rest[0] === 'agreement')
        return agreementCommand(defaultPaymentSchedule, rest.slice(1), io);
      if (OVERRIDE_ACTIONS.includes(rest[0] ?? '')) {
        return calendarOverrideCommand(() => localActing().overrides, rest, io);
      }
      return calendarWithNote(rest, io);
    case 'local':
      if (rest[0] !== 'up') throw new UsageError('usage: dafaa local up');
      return localUpCommand(rest.slice(1), io);
    case 'seed':
      return seedCommand(
        () => {
          const endpoint = localDynamoDbEndpoint();
          return { endpoint, households: localCycleDeps(endpoint).households };
        },
        rest,
        io,
      );
    case 'cycle':
      return cycleCommand(cycleDeps, rest, io, localActing);
    case 'approvals':
      return approvalsCommand(
        () => {
          const ops = localActing();
          return { ...ops.approvals, overrides: ops.overrides.overrides };
        },
        rest,
        io,
      );
    case 'objection':
      return objectionCommand(() => localActing().objections, rest, io);
    case 'household':
      return householdCommand(
        () => {
          const endpoint = localDynamoDbEndpoint();
          const { cycles, payments } = localCycleDeps(endpoint);
          const ops = localOpsDeps(endpoint);
          return {
            cycles,
            payments,
            objections: ops.objections.objections.objections,
            deliveries: ops.deliveries,
            suppressions: ops.suppressions.suppressions,
          };
        },
        rest,
        io,
      );
    case 'notify':
      return notifyLocally(rest, io);
    case 'outbox':
      return outboxCommand(localNotifier, rest, io);
    case 'audit':
      return auditCommand(localAuditLog, rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return EXIT.ok;
    case undefined:
      io.err(USAGE);
      return EXIT.badInput;
    default:
      throw new UsageError(`unknown command "${command}": run dafaa --help`);
  }
}
