import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currentCycle,
  formatHijri,
  formatNumber,
  formatRiyals,
} from '../../../console/i18n/format.ts';

describe('console formatting', () => {
  it('writes Arabic with Arabic-Indic digits and English with Western ones', () => {
    // Act
    const arabic = formatNumber('ar', 1234);
    const english = formatNumber('en', 1234);

    // Assert
    expect(arabic).toBe('١٬٢٣٤');
    expect(english).toBe('1,234');
  });

  it('shows halalas as riyals to the halala, whatever the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (halalas) => {
        // Act
        const shown = formatRiyals('en', halalas);

        // Assert
        const digits = shown.replace(/[^0-9.]/g, '');
        expect(Math.round(Number(digits) * 100)).toBe(halalas);
      }),
    );
  });

  it("keeps the API's Hijri day: the Umm al-Qura tables of @internationalized/date and of Intl agree", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1356, max: 1500 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 29 }),
        (year, month, day) => {
          // Act
          const shown = formatHijri(
            'en',
            `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
          );

          // Assert
          expect(shown).toMatch(new RegExp(`^${day} \\S.* ${year} AH$`));
        },
      ),
    );
  });

  it("writes the API's Hijri day out in each language", () => {
    // Act
    const english = formatHijri('en', '1448-09-25');
    const arabic = formatHijri('ar', '1448-09-25');

    // Assert
    expect(english).toBe('25 Ramadan 1448 AH');
    expect(arabic).toContain('رمضان');
    expect(arabic).toContain('١٤٤٨');
    expect(arabic).toContain('٢٥');
  });

  it("takes this month in Riyadh, which starts three hours before UTC's", () => {
    // Act
    const month = currentCycle(new Date('2026-11-30T21:30:00Z'));

    // Assert
    expect(month).toBe('2026-12');
  });
});
