import { isoDate, isoDateSchema } from '../calendar/calendar-date.ts';
import { HOUSING_PROOFS } from '../households/household.ts';
import * as z from '../validation/zod.ts';

/**
 * The program's rules and thresholds as configuration (domain.md, entitlement.md). Changing a
 * threshold is a configuration change, not a code change. The defaults are the published rules;
 * `docs/decisions.md` says where a value is our choice.
 */
export const programRulesSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    eligibility: z.object({
      /** Not outside the Kingdom for more than this many days in the year. */
      maxDaysAbroadPerYear: z.int().check(z.minimum(0), z.maximum(366)),
      /** 18 and over is an adult dependent (weight 0.5); under, a minor (weight 0.3). */
      adultAge: z.int().check(z.minimum(1), z.maximum(30)),
      /** An independent individual must be at least this old. */
      independentMinimumAge: z.int().check(z.minimum(1), z.maximum(30)),
      /** Independents registered inside one of these windows are not accepted (suspension of March 2020). */
      independentRegistrationSuspensions: z.array(
        z.object({
          from: isoDateSchema,
          until: z.nullable(isoDateSchema),
          source: z.string().check(z.minLength(1)),
        }),
      ),
      acceptedHousingProofs: z.array(z.enum(HOUSING_PROOFS)).check(z.minLength(1)),
    }),
    objections: z.object({
      /** An objection may be filed up to this many days after the eligibility result it contests. */
      windowDays: z.int().check(z.minimum(1)),
      /** Arrears on an accepted objection cover at most this many months. */
      arrearsCapMonths: z.int().check(z.minimum(1), z.maximum(12)),
      /** When off, ops enter arrears by hand on acceptance (the program decides case by case since 2025). */
      automaticArrears: z.boolean(),
      /** Accepted before this day of the month: arrears ride the next cycle; on or after it, the one after. */
      nextCycleIfAcceptedBeforeDay: z.int().check(z.minimum(1), z.maximum(28)),
    }),
  }),
);

export type ProgramRules = z.infer<typeof programRulesSchema>;
export type EligibilityRules = ProgramRules['eligibility'];
export type ObjectionRules = ProgramRules['objections'];

/**
 * The published rules, as data: typed here and held to `programRulesSchema` by a unit test
 * (test/unit/config/defaults.test.ts). Parsing them at module load built the schema in every Lambda
 * that reads them, at each cold start, for a value that never changes between deployments.
 */
export const defaultProgramRules: ProgramRules = {
  eligibility: {
    maxDaysAbroadPerYear: 90,
    adultAge: 18,
    independentMinimumAge: 18,
    independentRegistrationSuspensions: [
      {
        from: /* @__PURE__ */ isoDate(2020, 3, 1),
        until: /* @__PURE__ */ isoDate(2025, 12, 1),
        source:
          'Registration of new independents suspended in March 2020 (seed article); the program said in December 2025 that an independent with proof of housing can register',
      },
    ],
    acceptedHousingProofs: ['title-deed', 'ejar-lease', 'university-housing'],
  },
  objections: {
    windowDays: 90,
    arrearsCapMonths: 5,
    automaticArrears: true,
    nextCycleIfAcceptedBeforeDay: 10,
  },
};
