import * as z from '../validation/zod.ts';
import {
  type BankCalendar,
  type BankCalendarOptions,
  createBankCalendar,
} from './bank-calendar.ts';
import {
  type BankCalendarData,
  bankCalendarDataSchema,
  type CalendarOverride,
  calendarOverrideSchema,
  parseCalendarFile,
} from './bank-calendar-data.ts';
import bankCalendarJson from './data/bank-calendar.json' with { type: 'json' };
import calendarOverridesJson from './data/calendar-overrides.json' with { type: 'json' };

/**
 * The calendar data that ships with dafaa (shared/calendar/data/), validated on first use. Overrides
 * that ops record at run time are passed in on top of the shipped ones.
 */

let validated: { data: BankCalendarData; overrides: CalendarOverride[] } | undefined;

export function bundledCalendarData(): { data: BankCalendarData; overrides: CalendarOverride[] } {
  validated ??= {
    data: parseCalendarFile(
      bankCalendarDataSchema,
      bankCalendarJson,
      'shared/calendar/data/bank-calendar.json',
    ),
    overrides: parseCalendarFile(
      z.array(calendarOverrideSchema),
      calendarOverridesJson,
      'shared/calendar/data/calendar-overrides.json',
    ),
  };
  return validated;
}

export function createBundledBankCalendar(
  extraOverrides: readonly CalendarOverride[] = [],
  options: BankCalendarOptions = {},
): BankCalendar {
  const { data, overrides } = bundledCalendarData();
  return createBankCalendar(data, [...overrides, ...extraOverrides], options);
}
