import type { CalendarView } from '../../shared/ops-api/api-types.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatDate, formatHijri, formatMonth, formatNumber } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import { may, useMe } from '../layout/me-context.tsx';
import { OverrideRequestForm } from './override-request-form.tsx';

/** `/calendar`: the next twelve payment dates with their Hijri dates and reasons, and the overrides. */
export function CalendarPage() {
  const { t, language } = useLanguage();
  const me = useMe();
  const calendar = useApiQuery<CalendarView>('/calendar');

  return (
    <>
      <h1>{t.calendar.title}</h1>
      <ErrorNotice error={calendar.error} />
      {calendar.data && (
        <>
          <table className="data">
            <caption>{t.calendar.dates}</caption>
            <thead>
              <tr>
                <th scope="col">{t.calendar.cycle}</th>
                <th scope="col">{t.calendar.paymentNumber}</th>
                <th scope="col">{t.calendar.date}</th>
                <th scope="col">{t.calendar.hijri}</th>
                <th scope="col">{t.calendar.reason}</th>
              </tr>
            </thead>
            <tbody>
              {calendar.data.dates.map((date) => (
                <tr key={date.cycle}>
                  <th scope="row">{formatMonth(language, date.cycle)}</th>
                  <td>
                    {date.paymentNumber === null ? '—' : formatNumber(language, date.paymentNumber)}
                  </td>
                  <td className="nowrap">{formatDate(language, date.date)}</td>
                  <td className="nowrap">{formatHijri(language, date.hijri)}</td>
                  <td>{date.reason[language]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t.calendar.overrides}</h2>
          {calendar.data.overrides.length === 0 ? (
            <p>{t.calendar.noOverrides}</p>
          ) : (
            <ul className="overrides">
              {calendar.data.overrides.map((override) => (
                <li key={`${override.kind}-${override.date}`}>
                  <strong>{t.calendar.overrideKind[override.kind]}</strong>{' '}
                  {formatDate(language, override.date)}: {override.reason} ({t.calendar.recordedBy}{' '}
                  {override.recordedBy})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {may(me, 'cycle.operate') && <OverrideRequestForm onRequested={calendar.reload} />}
    </>
  );
}
