import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar/calendar-date.ts';
import { OutsideUmmAlQuraRangeError } from '../../../shared/calendar/errors.ts';
import { formatHijri } from '../../../shared/calendar/format-date.ts';
import {
  findHijriDays,
  formatHijriIso,
  toHijri,
  UMM_AL_QURA_FIRST_DAY,
  UMM_AL_QURA_LAST_DAY,
} from '../../../shared/calendar/hijri-date.ts';
import { d } from '../../support/calendar.ts';

describe('Umm al-Qura dates', () => {
  it('converts the Eid dates SAMA published for 2026 to 2029', () => {
    expect(toHijri(d('2026-03-20'))).toEqual({ year: 1447, month: 10, day: 1 });
    expect(toHijri(d('2027-05-16'))).toEqual({ year: 1448, month: 12, day: 10 });
    expect(formatHijriIso(toHijri(d('2029-02-14')))).toBe('1450-10-01');
  });

  it('covers 1 Muharram 1300 to 30 Dhu al-Hijjah 1600 and refuses what lies outside', () => {
    expect(toHijri(UMM_AL_QURA_FIRST_DAY)).toEqual({ year: 1300, month: 1, day: 1 });
    expect(toHijri(UMM_AL_QURA_LAST_DAY)).toEqual({ year: 1600, month: 12, day: 30 });
    expect(() => toHijri(addDays(UMM_AL_QURA_FIRST_DAY, -1))).toThrow(OutsideUmmAlQuraRangeError);
    expect(() => toHijri(addDays(UMM_AL_QURA_LAST_DAY, 1))).toThrow(
      /outside the Umm al-Qura calendar table/,
    );
  });

  it('finds both Eids al-Fitr of a Gregorian year that has two', () => {
    expect(findHijriDays(d('2000-01-01'), d('2000-12-31'), 10, 1)).toEqual([
      '2000-01-08',
      '2000-12-27',
    ]);
  });

  it('writes Hijri dates in Arabic with Arabic-Indic digits', () => {
    expect(formatHijri(toHijri(d('2027-03-04')), 'ar')).toBe('٢٥ رمضان ١٤٤٨ هـ');
    expect(formatHijri(toHijri(d('2027-03-04')), 'en')).toBe('25 Ramadan 1448 AH');
  });
});
