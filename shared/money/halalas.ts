import * as z from '../validation/zod.ts';

/**
 * Money is an integer number of halalas (1 SAR = 100 halalas), never a floating-point riyal amount.
 */
export const halalasSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
);
export type Halalas = number;

export const HALALAS_PER_RIYAL = 100;

/** 129600 -> "1,296.00" (Western digits; the message templates localise). */
export function formatRiyals(amount: Halalas): string {
  const riyals = Math.floor(amount / HALALAS_PER_RIYAL);
  const halalas = String(amount % HALALAS_PER_RIYAL).padStart(2, '0');
  return `${riyals.toLocaleString('en-US')}.${halalas}`;
}
