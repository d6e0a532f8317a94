import { createHash } from 'node:crypto';
import type { CycleId, IsoDate } from '../calendar/calendar-date.ts';
import type { Halalas } from '../money/halalas.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { CycleError } from './errors.ts';

/**
 * Exports a cycle's payment file for the bank.
 * In: a month. Out: one line per paid household, sorted by payment id, and the control totals the
 * bank checks the file against (counts, sums, first and last id, and the SHA-256 of the CSV body).
 * The lines carry the masked IBAN only: the payment records never hold the full one.
 */

/** One instruction in the payment file. */
export interface PaymentFileLine {
  readonly paymentId: string;
  readonly ibanMasked: string;
  readonly amountHalalas: Halalas;
  readonly arrearsHalalas: Halalas;
  readonly totalHalalas: Halalas;
  readonly paymentDate: IsoDate;
}

/** What the file's trailer and the operator's summary state, computed from the lines themselves. */
export interface PaymentFileControl {
  readonly records: number;
  readonly totalAmountHalalas: Halalas;
  readonly totalArrearsHalalas: Halalas;
  readonly grandTotalHalalas: Halalas;
  /** Null when nobody is paid. */
  readonly firstPaymentId: string | null;
  readonly lastPaymentId: string | null;
  /** Hex SHA-256 of the CSV body (the header and the lines, each ending in a newline). */
  readonly sha256: string;
}

export interface ExportedCycle {
  readonly lines: readonly PaymentFileLine[];
  readonly control: PaymentFileControl;
}

/** A paid record that cannot go into the payment file as it stands. */
export class PaymentFileError extends CycleError {
  override readonly name: string = 'PaymentFileError';
}

export const PAYMENT_FILE_HEADER =
  'payment_id,iban_masked,amount_halalas,arrears_halalas,total_halalas,payment_date';

export async function exportCycle(
  deps: Pick<CycleDeps, 'payments'>,
  cycle: CycleId,
): Promise<ExportedCycle> {
  const lines: PaymentFileLine[] = [];
  for await (const record of deps.payments.listCycle(cycle)) {
    if (record.status !== 'paid') continue;
    if (record.ibanMasked === null) {
      throw new PaymentFileError(`payment ${record.paymentId} is paid but has no bank account`);
    }
    if (record.totalHalalas !== record.amountHalalas + record.arrearsHalalas) {
      throw new PaymentFileError(
        `payment ${record.paymentId} does not add up: ${record.amountHalalas} + ${record.arrearsHalalas} is not ${record.totalHalalas}`,
      );
    }
    lines.push({
      paymentId: record.paymentId,
      ibanMasked: record.ibanMasked,
      amountHalalas: record.amountHalalas,
      arrearsHalalas: record.arrearsHalalas,
      totalHalalas: record.totalHalalas,
      paymentDate: record.paymentDate,
    });
  }
  // By code unit, not locale: the order (and so the checksum) is the same on every machine.
  lines.sort((a, b) => (a.paymentId < b.paymentId ? -1 : a.paymentId > b.paymentId ? 1 : 0));
  const sum = (pick: (line: PaymentFileLine) => number) =>
    lines.reduce((total, line) => total + pick(line), 0);
  return {
    lines,
    control: {
      records: lines.length,
      totalAmountHalalas: sum((line) => line.amountHalalas),
      totalArrearsHalalas: sum((line) => line.arrearsHalalas),
      grandTotalHalalas: sum((line) => line.totalHalalas),
      firstPaymentId: lines[0]?.paymentId ?? null,
      lastPaymentId: lines.at(-1)?.paymentId ?? null,
      sha256: createHash('sha256').update(paymentFileBody(lines)).digest('hex'),
    },
  };
}

/**
 * The payment file as CSV: the header, one line per payment, and the control trailer
 * `# control,records=N,total_halalas=T,sha256=H`, whose hash covers everything above it.
 */
export function renderPaymentFile(exported: ExportedCycle): string {
  const { records, grandTotalHalalas, sha256 } = exported.control;
  return `${paymentFileBody(exported.lines)}# control,records=${records},total_halalas=${grandTotalHalalas},sha256=${sha256}\n`;
}

/** The part of the file the checksum covers. */
function paymentFileBody(lines: readonly PaymentFileLine[]): string {
  const rows = lines.map((line) =>
    [
      csvField(line.paymentId),
      csvField(line.ibanMasked),
      line.amountHalalas,
      line.arrearsHalalas,
      line.totalHalalas,
      line.paymentDate,
    ].join(','),
  );
  return [PAYMENT_FILE_HEADER, ...rows].map((row) => `${row}\n`).join('');
}

/** Quotes a field only when CSV needs it (ids come from the register, which is not ours to trust). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
