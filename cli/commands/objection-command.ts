import type { AuditLog } from '../../shared/audit/ports.ts';
import { parseCycleId } from '../../shared/calendar/calendar-date.ts';
import type { ArrearsLine } from '../../shared/households/household.ts';
import type { DeliveryRecord } from '../../shared/notifications/delivery-record.ts';
import type { DeliveryRepository } from '../../shared/notifications/ports.ts';
import { ObjectionNotFoundError } from '../../shared/objections/errors.ts';
import type { ObjectionChangeDeps } from '../../shared/objections/notify-objection-change.ts';
import { OBJECTION_SUBJECTS, type Objection } from '../../shared/objections/objection.ts';
import { messagesOf } from '../../shared/objections/objection-messages.ts';
import {
  acceptObjection,
  type ObjectionDeps,
  rejectObjection,
  startObjectionReview,
  submitObjection,
} from '../../shared/objections/objection-use-cases.ts';
import { recordObjectionChange } from '../../shared/objections/record-objection-change.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';

export const OBJECTION_USAGE =
  'usage: dafaa objection submit --household H --cycle YYYY-MM --subject ineligibility|amount --reasons TEXT | review ID --by OPERATOR | accept ID --by OPERATOR [--arrears YYYY-MM=HALALAS,...] | reject ID --by OPERATOR --reason TEXT | show ID';

/**
 * `dafaa objection ...`: drives an objection through its statuses against the local stack. Each
 * change goes through the same use case that the objections table's stream runs in AWS, so the
 * beneficiary's message is queued here as it would be there.
 */
export async function objectionCommand(
  deps: () => {
    objections: ObjectionDeps;
    change: ObjectionChangeDeps;
    audit: AuditLog;
    deliveries: Pick<DeliveryRepository, 'listByHousehold'>;
  },
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    {
      household: { type: 'string' },
      cycle: { type: 'string' },
      subject: { type: 'string', default: 'ineligibility' },
      person: { type: 'string' },
      reasons: { type: 'string' },
      document: { type: 'string', multiple: true },
      by: { type: 'string' },
      note: { type: 'string' },
      reason: { type: 'string' },
      arrears: { type: 'string' },
    },
    OBJECTION_USAGE,
    2,
  );
  const [action, objectionId] = positionals;
  const operator = () => {
    if (!values.by) throw new UsageError(`${action} needs --by OPERATOR (who decides is recorded)`);
    return values.by;
  };
  const id = () => {
    if (!objectionId) throw new UsageError(`${action} needs the objection id; ${OBJECTION_USAGE}`);
    return objectionId;
  };
  const note = values.note === undefined ? {} : { note: values.note };
  const { objections, change, audit, deliveries } = deps();
  const before = async () => {
    const found = await objections.objections.get(id());
    if (!found) throw new ObjectionNotFoundError(id());
    return found;
  };
  const report = async (previous: Objection | null, after: Objection) => {
    const message = await recordObjectionChange({ audit, change }, previous, after);
    io.out(describeObjection(after, await messagesOf(deliveries, after)));
    if (message)
      io.out(`Queued the "${message.event}" message for the beneficiary (${message.language}).`);
    return 0;
  };

  switch (action) {
    case 'submit': {
      if (!values.household || !values.cycle || !values.reasons) {
        throw new UsageError('submit needs --household, --cycle and --reasons');
      }
      const subject = OBJECTION_SUBJECTS.find((candidate) => candidate === values.subject);
      if (!subject)
        throw new UsageError(`--subject takes ineligibility or amount, not "${values.subject}"`);
      const submitted = await submitObjection(objections, {
        householdId: values.household,
        resultCycle: parseCycleId(values.cycle),
        subject,
        reasons: values.reasons,
        ...(values.person === undefined ? {} : { personId: values.person }),
        documents: values.document ?? [],
      });
      return report(null, submitted);
    }
    case 'review': {
      const previous = await before();
      return report(
        previous,
        await startObjectionReview(objections, {
          objectionId: id(),
          operatorId: operator(),
          ...note,
        }),
      );
    }
    case 'accept': {
      const previous = await before();
      const manual =
        values.arrears === undefined ? {} : { manualArrears: parseArrears(values.arrears) };
      return report(
        previous,
        await acceptObjection(objections, {
          objectionId: id(),
          operatorId: operator(),
          ...note,
          ...manual,
        }),
      );
    }
    case 'reject': {
      if (!values.reason)
        throw new UsageError('reject needs --reason TEXT: the beneficiary is told why');
      const previous = await before();
      return report(
        previous,
        await rejectObjection(objections, {
          objectionId: id(),
          operatorId: operator(),
          reason: values.reason,
          ...note,
        }),
      );
    }
    case 'show': {
      const objection = await before();
      io.out(describeObjection(objection, await messagesOf(deliveries, objection)));
      return 0;
    }
    default:
      throw new UsageError(OBJECTION_USAGE);
  }
}

/** `2026-09=129600,2026-10=129600` -> arrears lines. */
function parseArrears(text: string): ArrearsLine[] {
  return text.split(',').map((part) => {
    const [month, amount] = part.split('=');
    if (!month || !amount || !/^\d+$/.test(amount)) {
      throw new UsageError(
        `--arrears takes YYYY-MM=HALALAS pairs separated by commas, not "${part}"`,
      );
    }
    return { cycle: parseCycleId(month), amountHalalas: Number(amount) };
  });
}

/** An objection, its history and (when they were read) its messages, as the CLI prints it. */
export function describeObjection(
  objection: Objection,
  messages: readonly DeliveryRecord[] | null,
): string {
  const lines = [
    `Objection ${objection.objectionId}: ${objection.status}`,
    `household ${objection.householdId}, result of ${objection.resultCycle}, subject ${objection.subject}`,
    ...objection.history.map(
      (step) =>
        `  ${step.at}  ${step.from ?? '—'} -> ${step.to}  by ${step.by}${step.note ? `  (${step.note})` : ''}`,
    ),
  ];
  if (objection.rejectionReason) lines.push(`rejected: ${objection.rejectionReason}`);
  if (messages !== null)
    lines.push(
      messages.length === 0 ? 'messages: none sent yet' : 'messages:',
      ...messages.map(
        (message) =>
          `  ${message.updatedAt}  ${message.event} by ${message.channel}: ${message.status}${message.reason ? ` (${message.reason})` : ''}`,
      ),
    );
  if (objection.arrears) {
    const { lines: arrears, totalHalalas, payInCycle } = objection.arrears;
    lines.push(
      `arrears: ${arrears.map((line) => `${line.cycle} ${line.amountHalalas}`).join(', ')}; total ${totalHalalas} halalas, paid in ${payInCycle}`,
    );
  }
  return lines.join('\n');
}
