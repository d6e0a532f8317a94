import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSmsSegments } from '../../../shared/notifications/sms-segments.ts';

const ARABIC_LETTER = 'ب';
const EMOJI = '😀';

describe('countSmsSegments', () => {
  it('counts an empty text as one GSM-7 message', () => {
    expect(countSmsSegments('')).toEqual({ encoding: 'gsm7', units: 0, segments: 1 });
  });

  it('fits 160 GSM-7 characters in one message and splits 153 a part after that', () => {
    expect(countSmsSegments('a'.repeat(160))).toEqual({
      encoding: 'gsm7',
      units: 160,
      segments: 1,
    });
    expect(countSmsSegments('a'.repeat(161))).toEqual({
      encoding: 'gsm7',
      units: 161,
      segments: 2,
    });
    expect(countSmsSegments('a'.repeat(153 * 2)).segments).toBe(2);
    expect(countSmsSegments('a'.repeat(153 * 2 + 1)).segments).toBe(3);
  });

  it('counts an extension character as two septets when the text is GSM-7', () => {
    expect(countSmsSegments('€'.repeat(80))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(countSmsSegments('€'.repeat(81))).toEqual({ encoding: 'gsm7', units: 162, segments: 2 });
    expect(countSmsSegments('^{}\\[~]|\f').units).toBe(18);
  });

  it('keeps the whole GSM 03.38 alphabet in GSM-7', () => {
    const alphabet =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

    const count = countSmsSegments(alphabet);

    expect(count.encoding).toBe('gsm7');
    expect(count.units).toBe(alphabet.length);
  });

  it('switches to UCS-2 when one character is outside the GSM alphabet', () => {
    expect(countSmsSegments(`${'a'.repeat(100)}ç`)).toEqual({
      encoding: 'ucs2',
      units: 101,
      segments: 2,
    });
    expect(countSmsSegments('Payment – deposited').encoding).toBe('ucs2');
    expect(countSmsSegments('١٩٩١٢').encoding).toBe('ucs2');
  });

  it('fits 70 UCS-2 units in one message and splits 67 a part after that', () => {
    expect(countSmsSegments(ARABIC_LETTER.repeat(70))).toEqual({
      encoding: 'ucs2',
      units: 70,
      segments: 1,
    });
    expect(countSmsSegments(ARABIC_LETTER.repeat(71)).segments).toBe(2);
    expect(countSmsSegments(ARABIC_LETTER.repeat(134)).segments).toBe(2);
    expect(countSmsSegments(ARABIC_LETTER.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as two UTF-16 units', () => {
    expect(countSmsSegments(EMOJI)).toEqual({ encoding: 'ucs2', units: 2, segments: 1 });
    expect(countSmsSegments(EMOJI.repeat(35)).segments).toBe(1);
    expect(countSmsSegments(EMOJI.repeat(36)).segments).toBe(2);
  });

  it('never splits a surrogate pair across parts, even when that costs a part', () => {
    // 134 units would be two parts of 67, but the emoji cannot start at unit 67.
    const text = `${ARABIC_LETTER.repeat(66)}${EMOJI}${ARABIC_LETTER.repeat(66)}`;

    const count = countSmsSegments(text);

    expect(count).toEqual({ encoding: 'ucs2', units: 134, segments: 3 });
  });

  it('never splits an escape sequence across parts, even when that costs a part', () => {
    // 306 septets would be two parts of 153, but the euro sign cannot start at septet 153.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;

    const count = countSmsSegments(text);

    expect(count).toEqual({ encoding: 'gsm7', units: 306, segments: 3 });
  });

  const character = fc.constantFrom(
    'a',
    'Z',
    '7',
    ' ',
    '\n',
    'é',
    '€',
    '{',
    '~',
    'ç',
    ARABIC_LETTER,
    '٢',
    EMOJI,
  );
  const text = fc.array(character, { maxLength: 400 }).map((characters) => characters.join(''));

  it('never counts fewer parts when a character is appended', () => {
    fc.assert(
      fc.property(text, character, (before, appended) => {
        expect(countSmsSegments(before + appended).segments).toBeGreaterThanOrEqual(
          countSmsSegments(before).segments,
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('never counts fewer parts than the units need', () => {
    fc.assert(
      fc.property(text, (sample) => {
        const { encoding, units, segments } = countSmsSegments(sample);
        const [single, part] = encoding === 'gsm7' ? [160, 153] : [70, 67];

        expect(segments).toBeGreaterThanOrEqual(units <= single ? 1 : Math.ceil(units / part));
        expect(segments).toBeLessThanOrEqual(Math.max(1, Math.ceil(units / (part - 1))));
      }),
    );
  });
});
