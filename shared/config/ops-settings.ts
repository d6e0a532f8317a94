import { z } from 'zod';

/**
 * What ops have decided about running a month: the budget a cycle's total is held against, and when
 * a run needs a second operator's approval. Configuration, not code; the defaults are our choices
 * for three million households (docs/decisions.md).
 */
export const opsSettingsSchema = z.object({
  /** The monthly budget: a dry run shows the cycle's total against it. */
  budgetHalalas: z.int().min(0),
  approval: z.object({
    /** A run whose total is above this waits for a second operator. */
    totalAboveHalalas: z.int().min(0),
    /** ...as does one whose total moves more than this share from last month's (0.05 = 5%). */
    changeFromLastMonthAbove: z.number().min(0),
  }),
});

export type OpsSettings = z.infer<typeof opsSettingsSchema>;

export const defaultOpsSettings: OpsSettings = opsSettingsSchema.parse({
  budgetHalalas: 3_200_000_000_00,
  approval: { totalAboveHalalas: 3_000_000_000_00, changeFromLastMonthAbove: 0.05 },
});
