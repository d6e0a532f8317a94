import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import type { DisbursementDeps } from '../shared/calendar/compute-disbursement-date.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { EXIT, explainError, UsageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { agreementCommand } from './commands/agreement-command.ts';
import { CALENDAR_USAGE, calendarCommand } from './commands/calendar-command.ts';

/**
 * The `dafaa` command: the ops CLI. This file is its composition root: it builds the calendar
 * from the shipped data, hands it to the command, and turns every error into one line and an
 * exit code (2 for bad input, 3 for a missing prerequisite, 1 for a bug).
 */

export const USAGE = `usage: dafaa <command> [options]

Commands:
  calendar     the disbursement calendar (${CALENDAR_USAGE.replace('usage: dafaa calendar ', '')})
  calendar agreement   how well the fallback Eid rule matches SAMA's announcements

Run "dafaa <command> --help" for a command's options.`;

export function runCli(args: readonly string[], io: CliIo): number {
  try {
    return dispatch(args, io);
  } catch (error) {
    const { line, exitCode } = explainError(error);
    io.err(`dafaa: ${line}`);
    if (process.env.DAFAA_DEBUG === '1' && error instanceof Error) io.err(error.stack ?? '');
    return exitCode;
  }
}

function dispatch(args: readonly string[], io: CliIo): number {
  const [command, ...rest] = args;
  const deps: DisbursementDeps = {
    calendar: createBundledBankCalendar(),
    schedule: defaultPaymentSchedule,
  };
  switch (command) {
    case 'calendar':
      return rest[0] === 'agreement'
        ? agreementCommand(deps.schedule, rest.slice(1), io)
        : calendarCommand(deps, rest, io);
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
