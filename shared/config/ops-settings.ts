import * as z from '../validation/zod.ts';
import { ConfigurationError } from './env.ts';

/**
 * What ops have decided about running a month: the budget a cycle's total is held against, and when
 * a run needs a second operator's approval. Configuration, not code; the defaults are our choices
 * for three million households (docs/decisions.md).
 */
export const opsSettingsSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    /** The monthly budget: a dry run shows the cycle's total against it. */
    budgetHalalas: z.int().check(z.minimum(0)),
    approval: z.object({
      /** A run whose total is above this waits for a second operator. */
      totalAboveHalalas: z.int().check(z.minimum(0)),
      /** ...as does one whose total moves more than this share from last month's (0.05 = 5%). */
      changeFromLastMonthAbove: z.number().check(z.minimum(0)),
    }),
  }),
);

export type OpsSettings = z.infer<typeof opsSettingsSchema>;

/** Our defaults, as data: held to `opsSettingsSchema` by test/unit/config/defaults.test.ts. */
export const defaultOpsSettings: OpsSettings = {
  budgetHalalas: 3_200_000_000_00,
  approval: { totalAboveHalalas: 3_000_000_000_00, changeFromLastMonthAbove: 0.05 },
};

/**
 * The ops settings, with `DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS` and `DAFAA_APPROVAL_CHANGE_ABOVE`
 * overriding the approval thresholds (a deployment's choice; the tests set them low). `env` is the
 * composition root's: a Lambda's environment, or the CLI's process.
 */
export function opsSettingsFromEnvironment(env: NodeJS.ProcessEnv): OpsSettings {
  const number = (variable: string, fallback: number) => {
    const text = env[variable];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0)
      throw new ConfigurationError(`${variable} is not a non-negative number: "${text}"`);
    return value;
  };
  return opsSettingsSchema.parse({
    ...defaultOpsSettings,
    approval: {
      totalAboveHalalas: Math.round(
        number('DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS', defaultOpsSettings.approval.totalAboveHalalas),
      ),
      changeFromLastMonthAbove: number(
        'DAFAA_APPROVAL_CHANGE_ABOVE',
        defaultOpsSettings.approval.changeFromLastMonthAbove,
      ),
    },
  });
}
