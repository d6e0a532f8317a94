import { createHash } from 'node:crypto';
import * as z from '../validation/zod.ts';

/**
 * An email address a household's hard bounce or complaint has suppressed: the notifier skips email
 * to it (`suppressed`) until ops lift it with a reason. The address itself is kept only as a hash
 * (to match the address the notifier is about to use) and masked (to show); who, what and when are
 * kept beside it, and so is the lifting.
 */

export const SUPPRESSION_CAUSES = ['hard-bounce', 'complaint'] as const;

export const suppressionSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    householdId: z.string().check(z.minLength(1)),
    /** sha256 of the address, lower-cased and trimmed ({@link addressHashOf}). */
    addressHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    /** The address as it may be shown: `b*******y@example.sa`. */
    maskedAddress: z.string(),
    cause: z.enum(SUPPRESSION_CAUSES),
    /** The delivery whose receipt suppressed it. */
    deliveryId: z.string().check(z.minLength(1)),
    /** When the provider reported the bounce or complaint. */
    at: z.string(),
    /** Null while in force. */
    lifted: z.nullable(
      z.object({
        by: z.string().check(z.minLength(1)),
        reason: z.string().check(z.minLength(1)),
        at: z.string(),
      }),
    ),
  }),
);

export type Suppression = z.infer<typeof suppressionSchema>;

/** The same address however it was typed: trimmed, lower-cased, then sha256 in hex. */
export function addressHashOf(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex');
}
