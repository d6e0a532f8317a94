import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import type { DisbursementDeps } from '../shared/calendar/compute-disbursement-date.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { EXIT, explainError, UsageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { agreementCommand } from './commands/agreement-command.ts';
import { CALENDAR_USAGE, calendarCommand } from './commands/calendar-command.ts';
import { CYCLE_USAGE, cycleCommand } from './commands/cycle-command.ts';
import { localUpCommand } from './commands/local-up-command.ts';
import { notifyCommand, outboxCommand } from './commands/notify-command.ts';
import { objectionCommand } from './commands/objection-command.ts';
import { SEED_USAGE, seedCommand } from './commands/seed-command.ts';
import {
  localCycleDeps,
  localDynamoDbEndpoint,
  localNotifierDeps,
  localObjectionDeps,
  localSesEndpoint,
} from './local-context.ts';

/**
 * The `dafaa` command: the ops CLI. This file is its composition root: it builds what each command
 * needs (the calendar from the shipped data, the cycle's ports against the local stack), and turns
 * every error into one line and an exit code (2 bad input, 3 a missing prerequisite, 1 a bug).
 */

export const USAGE = `usage: dafaa <command> [options]

Commands:
  calendar     the disbursement calendar (${CALENDAR_USAGE.replace('usage: dafaa calendar ', '')})
  calendar agreement   how well the fallback Eid rule matches SAMA's announcements
  local up     start the local stack and keep it running
  seed         ${SEED_USAGE.replace('usage: dafaa seed ', '')}: a synthetic register, into the local stack
  cycle        ${CYCLE_USAGE.replace('usage: dafaa cycle ', '')}
  objection    submit | review | accept | reject | show: an objection's lifecycle, with its messages
  notify drain deliver the queued messages (email to the local SES server, SMS to the outbox)
  outbox       the SMS the local SMS channel has sent, with their segment counts

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

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  const calendarDeps = (): DisbursementDeps => ({
    calendar: createBundledBankCalendar(),
    schedule: defaultPaymentSchedule,
  });
  const cycleDeps = () => localCycleDeps(localDynamoDbEndpoint());
  const localNotifier = () =>
    localNotifierDeps({ dynamodb: localDynamoDbEndpoint(), ses: localSesEndpoint() });
  switch (command) {
    case 'calendar':
      return rest[0] === 'agreement'
        ? agreementCommand(defaultPaymentSchedule, rest.slice(1), io)
        : calendarCommand(calendarDeps(), rest, io);
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
      return cycleCommand(cycleDeps, rest, io);
    case 'objection':
      return objectionCommand(() => localObjectionDeps(localDynamoDbEndpoint()), rest, io);
    case 'notify':
      return notifyCommand(localNotifier, rest, io);
    case 'outbox':
      return outboxCommand(localNotifier, rest, io);
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
