import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
} from '../../shared/notifications/delivery-record.ts';
import {
  liftSuppressions,
  listSuppressions,
  type SuppressionOpsDeps,
} from '../../shared/notifications/manage-suppressions.ts';
import {
  type SweepDeliveriesDeps,
  sweepDeliveries,
} from '../../shared/notifications/sweep-deliveries.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import {
  DEFAULT_SHARES,
  type SimulationDeps,
  type SimulationResult,
  simulateReceipts,
} from '../local-stack/simulate-receipts.ts';
import { renderTable } from '../render/table.ts';

/**
 * `dafaa notify events|sweep|suppression`: what became of the messages. Locally, `events
 * --simulate` makes SES and SNS receipts for the messages sent and records them; `sweep` gives up
 * on those without a receipt after 72 hours (`--hours-later` moves the clock); `suppression list`
 * and `lift` show and lift the addresses a hard bounce or complaint suppressed (lifting needs who
 * and why, and is audited).
 */

export const EVENTS_USAGE =
  'usage: dafaa notify events --simulate [--bounce PCT] [--soft-bounce PCT] [--complaint PCT] [--sms-fail PCT] [--silent PCT] [--seed N]';
export const SWEEP_USAGE = 'usage: dafaa notify sweep [--hours-later HOURS]';
export const SUPPRESSION_USAGE =
  'usage: dafaa notify suppression list --household H | lift --household H --reason TEXT --by OPERATOR';

function percent(flag: string, value: string): number {
  const share = Number(value);
  if (value.trim() === '' || !Number.isFinite(share) || share < 0 || share > 100) {
    throw new UsageError(`--${flag} takes a percentage from 0 to 100, not "${value}"`);
  }
  return share;
}

export async function notifyEventsCommand(
  deps: () => SimulationDeps,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values } = parseCommandLine(
    args,
    {
      simulate: { type: 'boolean', default: false },
      bounce: { type: 'string', default: String(DEFAULT_SHARES.bounce) },
      'soft-bounce': { type: 'string', default: String(DEFAULT_SHARES.softBounce) },
      complaint: { type: 'string', default: String(DEFAULT_SHARES.complaint) },
      'sms-fail': { type: 'string', default: String(DEFAULT_SHARES.smsFail) },
      silent: { type: 'string', default: String(DEFAULT_SHARES.silent) },
      seed: { type: 'string', default: String(DEFAULT_SHARES.seed) },
    },
    EVENTS_USAGE,
    1,
  );
  if (!values.simulate) {
    throw new UsageError(
      `receipts come from SES and SNS in AWS; locally, simulate them: ${EVENTS_USAGE}`,
    );
  }
  const shares = {
    bounce: percent('bounce', values.bounce),
    softBounce: percent('soft-bounce', values['soft-bounce']),
    complaint: percent('complaint', values.complaint),
    smsFail: percent('sms-fail', values['sms-fail']),
    silent: percent('silent', values.silent),
    seed: Number(values.seed),
  };
  if (!Number.isInteger(shares.seed)) throw new UsageError(`--seed takes a whole number`);
  if (shares.bounce + shares.softBounce + shares.complaint + shares.silent > 100) {
    throw new UsageError(
      '--bounce, --soft-bounce, --complaint and --silent add up to more than 100',
    );
  }
  io.out(renderSimulation(await simulateReceipts(deps(), shares)));
  return 0;
}

/** The tally as a table of the statuses receipts set, then what changed nothing, in one line each. */
export function renderSimulation({ tally }: Pick<SimulationResult, 'tally'>): string {
  const rows = DELIVERY_STATUSES.flatMap((status: DeliveryStatus) => {
    const count = tally.recorded[status] ?? 0;
    return count === 0 ? [] : [[status, count.toLocaleString('en-US')]];
  });
  const lines = [
    `${tally.received.toLocaleString('en-US')} receipts read (SES events by SNS, SMS status logs by CloudWatch Logs).`,
    rows.length === 0
      ? 'No delivery changed.'
      : renderTable([{ header: 'Status set' }, { header: 'Deliveries', align: 'right' }], rows),
    `Changed nothing: ${tally.unchanged} (repeats, delays after the end, lower-ranked); said nothing of the outcome: ${tally.ignored} (SES Send).`,
  ];
  if (tally.suppressed > 0) {
    lines.push(
      `Suppressed ${tally.suppressed} email addresses (hard bounces, complaints): dafaa notify suppression list --household H`,
    );
  }
  if (tally.unmatched > 0) lines.push(`Matched no delivery: ${tally.unmatched}.`);
  if (tally.early > 0) lines.push(`Came before their send was recorded: ${tally.early}.`);
  if (tally.setAside.length > 0) {
    lines.push(`Set aside: ${tally.setAside.length}:`);
    for (const item of tally.setAside.slice(0, 5)) lines.push(`  ${item.ref}: ${item.reason}`);
  }
  return lines.join('\n');
}

export async function notifySweepCommand(
  deps: () => SweepDeliveriesDeps,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values } = parseCommandLine(
    args,
    { 'hours-later': { type: 'string', default: '0' } },
    SWEEP_USAGE,
    1,
  );
  const hours = Number(values['hours-later']);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 400) {
    throw new UsageError(
      `--hours-later takes hours from 0 to 9600, not "${values['hours-later']}"`,
    );
  }
  const asOf = new Date(io.now().getTime() + hours * 60 * 60 * 1000);
  const result = await sweepDeliveries(deps(), asOf);
  io.out(
    `Sweep as of ${asOf.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${result.markedUnknown} of ${result.examined} deliveries sent more than 72 hours before, with no receipt, are now unknown.`,
  );
  return 0;
}

export async function suppressionCommand(
  deps: () => SuppressionOpsDeps,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    { household: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } },
    SUPPRESSION_USAGE,
    2,
  );
  const [, action] = positionals;
  if (!values.household) throw new UsageError(`${SUPPRESSION_USAGE}: --household is needed`);
  if (action === 'list') {
    const suppressions = await listSuppressions(deps(), values.household);
    if (suppressions.length === 0) {
      io.out(`Household ${values.household} has no email address suppressed.`);
      return 0;
    }
    io.out(
      renderTable(
        [
          { header: 'Address' },
          { header: 'Cause' },
          { header: 'Since (UTC)' },
          { header: 'Message' },
          { header: 'Lifted' },
        ],
        suppressions.map((suppression) => [
          suppression.maskedAddress,
          suppression.cause,
          suppression.at.slice(0, 16).replace('T', ' '),
          suppression.deliveryId,
          suppression.lifted === null
            ? 'in force'
            : `by ${suppression.lifted.by} on ${suppression.lifted.at.slice(0, 10)}: ${suppression.lifted.reason}`,
        ]),
      ),
    );
    return 0;
  }
  if (action !== 'lift') throw new UsageError(SUPPRESSION_USAGE);
  if (!values.by?.trim())
    throw new UsageError('lift needs --by OPERATOR: who lifts it is recorded');
  if (!values.reason?.trim()) throw new UsageError('lift needs --reason TEXT: why is recorded');
  const lifted = await liftSuppressions(deps(), {
    householdId: values.household,
    by: values.by,
    reason: values.reason,
  });
  io.out(
    `Lifted ${lifted.map((suppression) => `${suppression.maskedAddress} (${suppression.cause})`).join(', ')} for household ${values.household}: its next email goes out. Recorded in the audit log.`,
  );
  return 0;
}
