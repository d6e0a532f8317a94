import { describe, expect, it } from 'vitest';
import {
  defaultPaymentSchedule,
  paymentScheduleSchema,
} from '../../../shared/calendar/payment-schedule.ts';
import {
  defaultNotificationSettings,
  notificationSettingsSchema,
} from '../../../shared/config/notification-settings.ts';
import { defaultOpsSettings, opsSettingsSchema } from '../../../shared/config/ops-settings.ts';
import { defaultProgramRules, programRulesSchema } from '../../../shared/config/program-rules.ts';

// The defaults are typed data, not parsed at module load (a Lambda would build each schema at every
// cold start for a value fixed at deployment): here each is held to its schema, unchanged by it.
describe('configuration defaults', () => {
  it.each([
    ['the program rules', programRulesSchema, defaultProgramRules],
    ['the payment schedule', paymentScheduleSchema, defaultPaymentSchedule],
    ['the ops settings', opsSettingsSchema, defaultOpsSettings],
    ['the notification settings', notificationSettingsSchema, defaultNotificationSettings],
  ] as const)(
    'keeps %s valid and as parsed when checked against the schema',
    (_, schema, value) => {
      // Arrange, act
      const result = schema.safeParse(value);

      // Assert
      expect(result.error).toBeUndefined();
      expect(result.data).toEqual(value);
    },
  );
});
