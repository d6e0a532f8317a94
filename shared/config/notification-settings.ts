import * as z from '../validation/zod.ts';

/**
 * How the notifier sends: sender identities, quiet hours, send rates and retries. Configuration,
 * not code: the defaults below are our choices (docs/decisions.md), overridden per deployment.
 */

const clockTime = /* @__PURE__ */ z.onFirstUse(() =>
  z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM, 24-hour')),
);

export const notificationSettingsSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    sms: z.object({
      /** The alphanumeric sender id shown on the phone (at most 11 characters). */
      senderId: z
        .string()
        .check(z.regex(/^[A-Za-z0-9]{1,11}$/, 'a sender id is 1 to 11 letters or digits')),
      /** SMS a second, across the notifier (the provider's quota). */
      ratePerSecond: z.number().check(z.positive()),
      /** No SMS from `start` to `end`, Riyadh time; such messages wait until `end`. */
      quietHours: z.nullable(z.object({ start: clockTime, end: clockTime })),
    }),
    email: z.object({
      from: z.email(),
      configurationSet: z.string().check(z.minLength(1)),
      ratePerSecond: z.number().check(z.positive()),
    }),
    retry: z.object({
      /** Attempts at a transient failure before the message is dead-lettered. */
      maxAttempts: z.int().check(z.minimum(1), z.maximum(20)),
      baseDelayMs: z.int().check(z.minimum(1)),
      maxDelayMs: z.int().check(z.minimum(1)),
    }),
  }),
);

export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

/**
 * The send rate each notifier container keeps so that all of them together stay within the
 * account's quota: the quota shared by the most containers the SQS event source may run at once.
 */
export function ratePerContainer(accountRatePerSecond: number, maxContainers: number): number {
  if (!(accountRatePerSecond > 0) || !Number.isInteger(maxContainers) || maxContainers < 1) {
    throw new RangeError(
      `a send rate needs a positive account rate and a whole number of containers, not ${accountRatePerSecond} and ${maxContainers}`,
    );
  }
  return accountRatePerSecond / maxContainers;
}

/**
 * Our defaults, as data: held to `notificationSettingsSchema` by test/unit/config/defaults.test.ts.
 * The notifier parses them once, merged with its environment, on its first event; parsed here too,
 * they built the schema (its e-mail and time patterns) at every cold start, and parsed twice.
 */
export const defaultNotificationSettings: NotificationSettings = {
  sms: {
    senderId: 'CitizenAcc',
    ratePerSecond: 50,
    quietHours: { start: '22:00', end: '08:00' },
  },
  email: {
    from: 'no-reply@dafaa.example.sa',
    configurationSet: 'dafaa-beneficiary-mail',
    ratePerSecond: 100,
  },
  retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 30_000 },
};
