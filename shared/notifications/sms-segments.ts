/**
 * How many SMS parts a text takes, counted the way carriers count (3GPP TS 23.038 and 23.040).
 *
 * A text whose every character is in the GSM 03.38 default alphabet or its extension table goes as
 * GSM-7: a basic character is one septet, an extension character is two (escape + character); one
 * message holds 160 septets, and a concatenated one 153 per part (the user-data header takes the
 * rest). Anything else goes as UCS-2: 70 UTF-16 code units in one message, 67 per part.
 *
 * The split is exact rather than a division: like the sending stacks, a part never ends between an
 * escape and its extension character, nor between the two halves of a surrogate pair (an emoji), so
 * such a part carries one unit less and the count can be one part more than `ceil(units / 153)` or
 * `ceil(units / 67)`. Counting this way never under-counts what a carrier bills.
 */

/** The GSM 03.38 default alphabet (one septet each). ESC (0x1B) is not a character in its own right. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The GSM 03.38 extension table (escape + character: two septets each). */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const GSM7_SINGLE = 160;
const GSM7_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/** How a text goes over SMS: its encoding, its length in that encoding's units, and its parts. */
export interface SmsSegmentCount {
  readonly encoding: 'gsm7' | 'ucs2';
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  /** Billed parts; an empty text is still one message. */
  readonly segments: number;
}

/** The septets one character takes in GSM-7, or `null` when GSM-7 cannot carry it. */
function gsm7Width(character: string): 1 | 2 | null {
  if (GSM7_BASIC.has(character)) return 1;
  if (GSM7_EXTENSION.has(character)) return 2;
  return null;
}

/** Fills parts greedily, never splitting an indivisible unit group (an escape pair, a surrogate pair). */
function countParts(widths: readonly number[], single: number, part: number): number {
  const units = widths.reduce((sum, width) => sum + width, 0);
  if (units <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > part) {
      parts += 1;
      used = 0;
    }
    used += width;
  }
  return parts;
}

/**
 * Counts the SMS parts a text takes: `countSmsSegments('a'.repeat(161))` is
 * `{ encoding: 'gsm7', units: 161, segments: 2 }`; 71 Arabic letters are `{ 'ucs2', 71, 2 }`.
 */
export function countSmsSegments(text: string): SmsSegmentCount {
  // Iterating a string yields code points, so a surrogate pair stays one group of two units.
  const characters = [...text];
  const gsmWidths: number[] = [];
  for (const character of characters) {
    const width = gsm7Width(character);
    if (width === null) {
      const ucsWidths = characters.map((each) => each.length);
      return {
        encoding: 'ucs2',
        units: text.length,
        segments: countParts(ucsWidths, UCS2_SINGLE, UCS2_PART),
      };
    }
    gsmWidths.push(width);
  }
  return {
    encoding: 'gsm7',
    units: gsmWidths.reduce((sum, width) => sum + width, 0),
    segments: countParts(gsmWidths, GSM7_SINGLE, GSM7_PART),
  };
}
