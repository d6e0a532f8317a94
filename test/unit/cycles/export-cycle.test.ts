import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import type { CycleId, IsoDate } from '../../../shared/calendar/calendar-date.ts';
import {
  exportCycle,
  PAYMENT_FILE_HEADER,
  PaymentFileError,
  renderPaymentFile,
} from '../../../shared/cycles/export-cycle.ts';
import { runMonth } from '../../support/cycle-flow.ts';
import { inMemoryCycle } from '../../support/cycles.ts';
import {
  InMemoryHouseholdRepository,
  InMemoryPaymentRepository,
} from '../../support/fakes/in-memory-cycle-ports.ts';

const CYCLE = '2026-12' as CycleId;
const register = () => [
  ...generateRegister({
    households: 150,
    seed: 8,
    arrearsDueBy: CYCLE,
    asOf: '2026-10-01' as IsoDate,
  }),
];

/** A register run through the cycle, in memory. */
async function ranCycle() {
  const fakes = inMemoryCycle();
  const registered = register();
  await fakes.households.putMany(registered);
  const { cycle } = await runMonth(fakes.deps, { cycle: CYCLE });
  return { ...fakes, cycle, registered };
}

describe('exportCycle', () => {
  it('holds exactly the paid households, sorted, with control totals that match the cycle', async () => {
    const { deps, payments, cycle } = await ranCycle();
    const paid = [...payments.records.values()].filter((record) => record.status === 'paid');
    expect(paid.length).toBeGreaterThan(50);

    const { lines, control } = await exportCycle(deps, CYCLE);

    const ids = paid.map((record) => record.paymentId).sort();
    expect(lines.map((line) => line.paymentId)).toEqual(ids);
    expect(lines[0]).toEqual({
      paymentId: ids[0],
      ibanMasked: payments.records.get(ids[0] ?? '')?.ibanMasked,
      amountHalalas: payments.records.get(ids[0] ?? '')?.amountHalalas,
      arrearsHalalas: payments.records.get(ids[0] ?? '')?.arrearsHalalas,
      totalHalalas: payments.records.get(ids[0] ?? '')?.totalHalalas,
      paymentDate: '2026-12-10',
    });
    const totals = cycle.totals;
    expect(control).toMatchObject({
      records: totals?.paid,
      totalAmountHalalas: totals?.amountHalalas,
      totalArrearsHalalas: totals?.arrearsHalalas,
      grandTotalHalalas: (totals?.amountHalalas ?? 0) + (totals?.arrearsHalalas ?? 0),
      firstPaymentId: ids[0],
      lastPaymentId: ids.at(-1),
    });
    expect(control.totalArrearsHalalas).toBeGreaterThan(0);
  });

  it('renders a CSV whose trailer states the count, the total and the hash of the lines above it', async () => {
    const { deps } = await ranCycle();
    const exported = await exportCycle(deps, CYCLE);

    const text = renderPaymentFile(exported);

    const rows = text.split('\n');
    expect(rows.at(-1)).toBe('');
    expect(rows[0]).toBe(PAYMENT_FILE_HEADER);
    expect(rows).toHaveLength(exported.control.records + 3);
    const trailer = rows.at(-2) ?? '';
    expect(trailer).toBe(
      `# control,records=${exported.control.records},total_halalas=${exported.control.grandTotalHalalas},sha256=${exported.control.sha256}`,
    );
    const body = text.slice(0, text.indexOf('# control'));
    expect(createHash('sha256').update(body).digest('hex')).toBe(exported.control.sha256);
    const lines = rows.slice(1, -2).map((row) => row.split(','));
    expect(lines.reduce((sum, cells) => sum + Number(cells[4]), 0)).toBe(
      exported.control.grandTotalHalalas,
    );
    expect(lines.every((cells) => Number(cells[2]) + Number(cells[3]) === Number(cells[4]))).toBe(
      true,
    );
  });

  it('never holds a full IBAN, only the masked one', async () => {
    const { deps, registered } = await ranCycle();

    const text = renderPaymentFile(await exportCycle(deps, CYCLE));

    const ibans = registered.map((household) =>
      String((household.bankAccount as { iban: string }).iban),
    );
    expect(ibans.some((iban) => text.includes(iban))).toBe(false);
    expect(text).not.toMatch(/SA\d{22}/);
    for (const row of text.split('\n').slice(1, -2)) {
      expect(row.split(',')[1]).toMatch(/^SA\*\* (\*{4} ){4}\d{4}$/);
    }
  });

  it('gives the same file and hash whatever order the store lists the records in', async () => {
    const { deps, payments } = await ranCycle();
    const first = renderPaymentFile(await exportCycle(deps, CYCLE));
    const reversed = new InMemoryPaymentRepository(new InMemoryHouseholdRepository());
    for (const record of [...payments.records.values()].reverse()) {
      await reversed.writeOnce(record, null);
    }

    const again = await exportCycle({ payments: reversed }, CYCLE);

    expect(renderPaymentFile(again)).toBe(first);
    expect(again.control.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exports an empty file with its trailer when nobody is paid', async () => {
    const { deps } = inMemoryCycle();

    const exported = await exportCycle(deps, CYCLE);

    expect(exported.control).toMatchObject({
      records: 0,
      grandTotalHalalas: 0,
      firstPaymentId: null,
      lastPaymentId: null,
    });
    expect(renderPaymentFile(exported)).toBe(
      `${PAYMENT_FILE_HEADER}\n# control,records=0,total_halalas=0,sha256=${createHash('sha256').update(`${PAYMENT_FILE_HEADER}\n`).digest('hex')}\n`,
    );
  });

  it('refuses a paid record with no bank account', async () => {
    const { deps, payments } = await ranCycle();
    const paid = [...payments.records.values()].find((record) => record.status === 'paid');
    if (!paid) throw new Error('the register has no paid household');
    payments.records.set(paid.paymentId, { ...paid, ibanMasked: null });

    await expect(exportCycle(deps, CYCLE)).rejects.toThrow(PaymentFileError);
  });
});
