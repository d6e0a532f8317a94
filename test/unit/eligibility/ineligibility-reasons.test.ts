import { describe, expect, it } from 'vitest';
import {
  describeIneligibility,
  INELIGIBILITY_REASONS,
  ineligibilityReasonSchema,
} from '../../../shared/eligibility/ineligibility-reasons.ts';
import { LANGUAGES } from '../../../shared/i18n/language.ts';

const ARABIC_LETTER = /[\u0621-\u064A]/;

describe('describeIneligibility', () => {
  it.each(INELIGIBILITY_REASONS)('has an Arabic text for %s', (reason) => {
    // Act
    const text = describeIneligibility(reason, 'ar');

    // Assert
    expect(typeof text).toBe('string');
    expect(text.trim().length).toBeGreaterThan(5);
    expect(text).toMatch(ARABIC_LETTER);
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it.each(INELIGIBILITY_REASONS)('has an English text for %s', (reason) => {
    // Act
    const text = describeIneligibility(reason, 'en');

    // Assert
    expect(typeof text).toBe('string');
    expect(text.trim().length).toBeGreaterThan(5);
    expect(text).not.toMatch(ARABIC_LETTER);
    expect(text).toMatch(/^[A-Z]/);
  });

  it('gives every reason its own text in each language', () => {
    for (const language of LANGUAGES) {
      // Act
      const texts = INELIGIBILITY_REASONS.map((reason) => describeIneligibility(reason, language));

      // Assert
      expect(new Set(texts).size).toBe(INELIGIBILITY_REASONS.length);
    }
  });

  it('quotes no threshold, since thresholds are configuration', () => {
    for (const reason of INELIGIBILITY_REASONS) {
      for (const language of LANGUAGES) {
        expect(describeIneligibility(reason, language)).not.toMatch(/[0-9\u0660-\u0669]/);
      }
    }
  });

  it('writes the reasons as the program does', () => {
    expect(describeIneligibility('in-prison', 'en')).toBe('In prison');
    expect(describeIneligibility('in-shelter', 'ar')).toBe('الإقامة في إحدى دور الإيواء');
    expect(describeIneligibility('data-mismatch', 'ar')).toContain('الجهات ذات العلاقة');
    expect(describeIneligibility('not-saudi-citizen', 'ar')).toContain('بطاقات التنقل');
    expect(describeIneligibility('not-saudi-citizen', 'en')).toContain('mobility-card');
  });
});

describe('ineligibilityReasonSchema', () => {
  it('accepts every reason code and refuses an unknown one', () => {
    for (const reason of INELIGIBILITY_REASONS) {
      expect(ineligibilityReasonSchema.parse(reason)).toBe(reason);
    }
    expect(ineligibilityReasonSchema.safeParse('too-rich').success).toBe(false);
  });
});
