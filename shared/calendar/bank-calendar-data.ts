import { describeIssues } from '../validation/describe-issues.ts';
import * as z from '../validation/zod.ts';
import { cycleIdSchema, isoDateSchema, WEEKDAY_CODES } from './calendar-date.ts';
import { InvalidCalendarDataError } from './errors.ts';

/**
 * The schemas of the two calendar data files: the bank calendar (weekends, fixed holidays, announced
 * Eid closures, the fallback rule; built from shared/calendar-data.md, one source per row) and the
 * ops overrides (an extra closed day, an extra open day, a month's announced payment date).
 * The schemas are also the types.
 */

const text = /* @__PURE__ */ z.onFirstUse(() => z.string().check(z.trim(), z.minLength(1)));
const localizedName = /* @__PURE__ */ z.onFirstUse(() => z.object({ en: text, ar: text }));
const year = /* @__PURE__ */ z.onFirstUse(() => z.int().check(z.minimum(1900), z.maximum(2200)));

export const EID_KINDS = ['eid-al-fitr', 'eid-al-adha'] as const;
export type EidKind = (typeof EID_KINDS)[number];

const weekendEraSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    from: isoDateSchema,
    days: z.tuple([z.enum(WEEKDAY_CODES), z.enum(WEEKDAY_CODES)]),
    source: text,
  }),
);

const fixedHolidaySchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    id: text,
    name: localizedName,
    month: z.int().check(z.minimum(1), z.maximum(12)),
    day: z.int().check(z.minimum(1), z.maximum(31)),
    since: year,
    /** From this year on, a holiday on the weekend's first day moves to the day before, on its second day to the day after. */
    weekendShiftSince: z.nullable(year),
    source: text,
  }),
);

const eidClosureRowSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z
    .object({
      eid: z.enum(EID_KINDS),
      /** The day of Eid as observed (1 Shawwal, 10 Dhu al-Hijjah); may differ from Umm al-Qura by a sighting. */
      eidDate: isoDateSchema,
      /** The announced bank closure, calendar days inclusive; null where no announcement was found. */
      closure: z.nullable(z.object({ first: isoDateSchema, last: isoDateSchema })),
      source: text,
      note: z.optional(text),
    })
    .check(
      z.refine((row) => row.closure === null || row.closure.first <= row.closure.last, {
        message: 'closure.first must not be after closure.last',
      }),
    ),
);

const fallbackSpanSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    daysBeforeEid: z.int().check(z.minimum(0), z.maximum(10)),
    daysAfterEid: z.int().check(z.minimum(0), z.maximum(10)),
  }),
);

export const bankCalendarDataSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    version: text,
    weekends: z.array(weekendEraSchema).check(z.minLength(1)),
    fixedHolidays: z.array(fixedHolidaySchema),
    eidClosures: z.array(eidClosureRowSchema),
    fallbackClosure: z.object({
      'eid-al-fitr': fallbackSpanSchema,
      'eid-al-adha': fallbackSpanSchema,
      rationale: text,
    }),
  }),
);

export type BankCalendarData = z.infer<typeof bankCalendarDataSchema>;
export type WeekendEra = z.infer<typeof weekendEraSchema>;
export type FixedHoliday = z.infer<typeof fixedHolidaySchema>;
export type EidClosureRow = z.infer<typeof eidClosureRowSchema>;
export type FallbackSpan = z.infer<typeof fallbackSpanSchema>;

// A function, not an object: `z.optional(text)` at module load made the schema in every Lambda that
// imports this module (and kept it in the bundle of those that never read an override).
const recorded = () => ({
  reason: text,
  recordedBy: text,
  recordedAt: isoDateSchema,
  source: z.optional(text),
});

export const calendarOverrideSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('closed-day'), date: isoDateSchema, ...recorded() }),
    z.object({ kind: z.literal('open-day'), date: isoDateSchema, ...recorded() }),
    z.object({
      kind: z.literal('payment-date'),
      cycle: cycleIdSchema,
      date: isoDateSchema,
      ...recorded(),
    }),
  ]),
);

export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;
export type ClosedDayOverride = Extract<CalendarOverride, { kind: 'closed-day' }>;
export type OpenDayOverride = Extract<CalendarOverride, { kind: 'open-day' }>;
export type PaymentDateOverride = Extract<CalendarOverride, { kind: 'payment-date' }>;

/** Validates untrusted data against a schema, naming the file and every path that is wrong. */
export function parseCalendarFile<T>(
  schema: z.core.$ZodType<T>,
  input: unknown,
  origin: string,
): T {
  const result = z.safeParse(schema, input);
  if (!result.success) {
    throw new InvalidCalendarDataError(`${origin} is not valid: ${describeIssues(result.error)}`);
  }
  return result.data;
}
