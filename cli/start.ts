import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { formatDate } from '../shared/calendar/format-date.ts';
import { nextDisbursements } from '../shared/calendar/list-disbursements.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { riyadhDateOf } from '../shared/calendar/riyadh-clock.ts';
import { languageSchema } from '../shared/i18n/language.ts';
import { EXIT, explainError, UsageError } from './cli-errors.ts';
import { parseCommandLine, processIo } from './cli-io.ts';
import { renderCalendar } from './commands/calendar-command.ts';
import { type LocalStack, startLocalStack } from './local-stack/local-stack.ts';
import { checkDynamoDbLocal, checkSesLocal } from './local-stack/smoke-checks.ts';

/**
 * `npm start`: the main job on the embedded local stack. For now: start DynamoDB Local and the SES
 * server, prove each does real work, print the next twelve disbursement dates, and stop the servers.
 * Ctrl-C stops the servers too.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'usage: npm start [-- --lang ar|en]';
const io = processIo;
let stack: LocalStack | undefined;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`• ${label} … `);
  try {
    const result = await work();
    io.out(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    io.out('failed');
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    { lang: { type: 'string', default: 'en' } },
    USAGE,
  );
  const language = languageSchema.safeParse(values.lang);
  if (!language.success) throw new UsageError(`--lang takes ar or en, not "${values.lang}"`);

  io.out(`dafaa, local run (Node ${process.version})\n`);
  stack = await timed('Starting DynamoDB Local and the SES server', startLocalStack);
  const { dynamodb, ses } = stack;
  io.out(`    DynamoDB Local     ${dynamodb.endpoint}`);
  io.out(`    SES + web inbox    ${ses.endpoint}`);
  const table = await timed(
    'DynamoDB Local: create a table, write and read an item, delete it',
    () => checkDynamoDbLocal(dynamodb.endpoint),
  );
  io.out(`    table ${table} created and deleted`);
  const email = await timed('SES: send an Arabic email and read it back from the inbox', () =>
    checkSesLocal(ses.endpoint),
  );
  io.out(`    "${email.subject}" read back intact`);

  const today = riyadhDateOf(io.now());
  const deps = { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule };
  io.out(`\nThe next twelve disbursement dates (today in Riyadh: ${formatDate(today, 'en')})\n`);
  io.out(renderCalendar(nextDisbursements(deps, today, 12), language.data));
  io.out('');
  await timed('Stopping the local servers', () => stack?.stop() ?? Promise.resolve());
}

process.once('SIGINT', () => {
  io.err('\nInterrupted: stopping the local servers.');
  void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(EXIT.interrupted));
});

main().catch(async (error: unknown) => {
  await stack?.stop();
  const { line, exitCode } = explainError(error);
  io.err(`dafaa: ${line}`);
  process.exitCode = exitCode;
});
