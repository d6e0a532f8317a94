import { type CalendarDate, GregorianCalendar, toCalendar } from '@internationalized/date';
import { type FormEvent, useState } from 'react';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  I18nProvider,
  Label,
  Popover,
} from 'react-aria-components';
import { useApiAction } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { calendarLocaleOf } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';

type OverrideKind = 'payment-date' | 'closed-day' | 'open-day';
const KINDS: readonly OverrideKind[] = ['payment-date', 'closed-day', 'open-day'];

/**
 * Asks for a calendar override: a payment date moved, or a day the banks close or open. The API
 * records the request as an approval that a second person decides. The date can be picked in the
 * Gregorian or the Umm al-Qura calendar; it is sent as the Gregorian day.
 */
export function OverrideRequestForm({ onRequested }: { readonly onRequested: () => void }) {
  const { t, language } = useLanguage();
  const action = useApiAction();
  const [kind, setKind] = useState<OverrideKind>('payment-date');
  const [cycle, setCycle] = useState('');
  const [date, setDate] = useState<CalendarDate | null>(null);
  const [hijri, setHijri] = useState(language === 'ar');
  const [reason, setReason] = useState('');
  const [requested, setRequested] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!date) return;
    setRequested(false);
    const answer = await action.run('/calendar/override-requests', {
      kind,
      ...(kind === 'payment-date' ? { cycle } : {}),
      date: toCalendar(date, new GregorianCalendar()).toString(),
      reason: reason.trim(),
    });
    if (answer === null) return;
    setRequested(true);
    onRequested();
  }

  return (
    <section aria-labelledby="override-heading">
      <h2 id="override-heading">{t.calendar.requestTitle}</h2>
      <p>{t.calendar.requestExplain}</p>
      <form className="stacked-form" onSubmit={submit}>
        <label htmlFor="override-kind">{t.calendar.kindLabel}</label>
        <select
          id="override-kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as OverrideKind)}
        >
          {KINDS.map((value) => (
            <option key={value} value={value}>
              {t.calendar.overrideKind[value]}
            </option>
          ))}
        </select>
        {kind === 'payment-date' && (
          <>
            <label htmlFor="override-cycle">{t.calendar.cycleLabel}</label>
            <input
              id="override-cycle"
              type="month"
              required
              value={cycle}
              onChange={(event) => setCycle(event.target.value)}
            />
          </>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={hijri}
            onChange={(event) => setHijri(event.target.checked)}
          />
          {t.calendar.hijriPicker}
        </label>
        <I18nProvider locale={calendarLocaleOf(language, hijri ? 'islamic-umalqura' : 'gregory')}>
          <DatePicker value={date} onChange={setDate} isRequired className="date-picker">
            <Label>{t.calendar.dateLabel}</Label>
            <Group className="date-field">
              <DateInput className="date-input">
                {(segment) => <DateSegment segment={segment} className="date-segment" />}
              </DateInput>
              <Button className="date-button">▾</Button>
            </Group>
            <Popover className="date-popover">
              <Dialog className="date-dialog">
                <Calendar>
                  <header className="calendar-header">
                    <Button slot="previous">‹</Button>
                    <Heading />
                    <Button slot="next">›</Button>
                  </header>
                  <CalendarGrid>
                    {(day) => <CalendarCell date={day} className="calendar-cell" />}
                  </CalendarGrid>
                </Calendar>
              </Dialog>
            </Popover>
          </DatePicker>
        </I18nProvider>
        <label htmlFor="override-reason">{t.app.reason}</label>
        <textarea
          id="override-reason"
          required
          rows={2}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <button type="submit" className="primary" disabled={action.pending}>
          {t.calendar.submit}
        </button>
      </form>
      {requested && (
        <p className="notice" role="status">
          {t.calendar.requested}
        </p>
      )}
      <ErrorNotice error={action.error} />
    </section>
  );
}
