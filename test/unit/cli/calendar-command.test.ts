import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { displayWidth, renderTable } from '../../../cli/render/table.ts';
import { runDafaa } from '../../support/cli.ts';

const run = (args: string[], now = new Date('2026-11-21T22:00:00Z')) => runDafaa(args, now);

const calendarJson = z.array(
  z.strictObject({
    cycle: z.string().regex(/^\d{4}-\d{2}$/),
    paymentNumber: z.int().positive().nullable(),
    date: z.iso.date(),
    weekday: z.enum(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']),
    hijriDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    reason: z.string().min(10),
  }),
);

describe('dafaa calendar', () => {
  it('prints 2027 as twelve JSON objects that follow the rule and the data', async () => {
    const { exitCode, out } = await run(['calendar', '2027', '--json']);
    expect(exitCode).toBe(0);
    const months = calendarJson.parse(JSON.parse(out));
    expect(
      months.map((month) => [month.cycle, month.paymentNumber, month.date, month.weekday]),
    ).toEqual([
      ['2027-01', 110, '2027-01-10', 'Sun'],
      ['2027-02', 111, '2027-02-10', 'Wed'],
      ['2027-03', 112, '2027-03-04', 'Thu'], // 10 Mar falls in SAMA's Eid al-Fitr closure, 7-11 Mar
      ['2027-04', 113, '2027-04-11', 'Sun'], // Saturday 10th
      ['2027-05', 114, '2027-05-10', 'Mon'],
      ['2027-06', 115, '2027-06-10', 'Thu'],
      ['2027-07', 116, '2027-07-11', 'Sun'], // Saturday 10th
      ['2027-08', 117, '2027-08-10', 'Tue'],
      ['2027-09', 118, '2027-09-09', 'Thu'], // Friday 10th
      ['2027-10', 119, '2027-10-10', 'Sun'],
      ['2027-11', 120, '2027-11-10', 'Wed'],
      ['2027-12', 121, '2027-12-09', 'Thu'], // Friday 10th
    ]);
    expect(months[2]?.hijriDate).toBe('1448-09-25');
  });

  it('prints a year as a table, in English or in Arabic', async () => {
    const english = (await run(['calendar', '2027'])).out.split('\n');
    expect(english[0]).toMatch(/^Month\s+Payment\s+Date\s+Weekday\s+Hijri date\s+Reason$/);
    expect(english).toHaveLength(14);
    expect(english[4]).toMatch(
      /^Mar 2027\s+112\s+2027-03-04\s+Thu\s+25 Ramadan 1448 AH\s+10 Mar 2027 falls in SAMA's/,
    );
    const arabic = (await run(['calendar', '2027', '--lang', 'ar'])).out.split('\n');
    expect(arabic[0]).toMatch(/^\u200Fالشهر\s+الدفعة/);
    expect(arabic[1]).toMatch(/^\u200F─+/);
    expect(arabic[4]).toMatch(/^\u200Fمارس ٢٠٢٧\s+١١٢\s+٤ مارس ٢٠٢٧\s+الخميس\s+٢٥ رمضان ١٤٤٨ هـ/);
  });

  it('prints a range of months', async () => {
    const months = calendarJson.parse(
      JSON.parse((await run(['calendar', '--from', '2018-01', '--to', '2026-12', '--json'])).out),
    );
    expect(months).toHaveLength(108);
    expect(months[0]).toMatchObject({ cycle: '2018-01', paymentNumber: 2 });
    expect(months.at(-1)).toMatchObject({ cycle: '2026-12', paymentNumber: 109 });
  });

  it('prints the next twelve payments from today in Riyadh when given no period', async () => {
    const months = calendarJson.parse(
      JSON.parse((await run(['calendar', '--json'], new Date('2026-12-10T21:30:00Z'))).out),
    );
    expect(months).toHaveLength(12);
    expect(months[0]?.cycle).toBe('2027-01'); // 00:30 on 11 Dec in Riyadh: December's payment is behind
  });

  it.each([
    [['calendar', '2027-13'], /2027-13 is not a month/],
    [['calendar', '1700'], /outside the Umm al-Qura calendar table/],
    [['calendar', '2027', '--frm', '2020-01'], /unknown option '--frm'/],
    [['calendar', '--from', '2027-05', '--to', '2027-01'], /--to 2027-01 is before --from 2027-05/],
    [['calendar', '2027', '--lang', 'fr'], /--lang takes ar or en/],
    [['calendar', 'next-year'], /neither a year \(2027\) nor a month/],
    [['calender'], /unknown command "calender"/],
  ])('refuses %j with one line and exit code 2', async (args, message) => {
    const { exitCode, out, err } = await run(args);
    expect(exitCode).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('prints how well the fallback rule matches the announcements', async () => {
    const { exitCode, out } = await run(['calendar', 'agreement']);
    expect(exitCode).toBe(0);
    expect(out).toMatch(/^2024\s+11\/12\s+2024-04: 2024-04-04 \/ 2024-04-07/m);
    expect(out).toMatch(/agree on 154 of 156 payment days \(98\.7%\)/);
  });
});

describe('renderTable', () => {
  it('aligns columns by what the terminal shows, counting Arabic marks as no width', async () => {
    expect(displayWidth('دفعة')).toBe(4);
    expect(displayWidth('تُصرف')).toBe(4);
    expect(displayWidth('\u200Fدفعة')).toBe(4);
    const table = renderTable(
      [{ header: 'a' }, { header: 'n', align: 'right' }, { header: 'z' }],
      [
        ['تُصرف', '7', 'x'],
        ['ab', '123', 'y'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'a       n  z',
      '────  ───  ─',
      'تُصرف    7  x',
      'ab    123  y',
    ]);
  });
});
