import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { CycleView } from '../../shared/ops-api/api-types.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { currentCycle, formatDate, formatMonth, formatNumber } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import { may, useMe } from '../layout/me-context.tsx';
import { CycleActions } from './cycle-actions.tsx';
import { MonthReport } from './month-report.tsx';
import { SegmentProgress } from './segment-progress.tsx';

const POLL_MS = 2000;

/** `/cycles/:month`: the month's status, its segments progressing live, its actions and summary. */
export function MonthPage() {
  const { month = currentCycle() } = useParams();
  const { t, language } = useLanguage();
  const me = useMe();
  const view = useApiQuery<CycleView>(`/cycles/${month}`, ({ cycle }) =>
    cycle?.status === 'planned' || cycle?.status === 'running' ? POLL_MS : null,
  );
  const cycle = view.data?.cycle ?? null;

  return (
    <>
      <h1>{t.month.title(formatMonth(language, month))}</h1>
      <MonthPicker month={month} />
      <ErrorNotice error={view.error} />
      {view.data && !cycle && <p>{t.month.notPlanned}</p>}
      {cycle && (
        <dl className="facts">
          <dt>{t.month.statusLabel}</dt>
          <dd>
            <span className={`badge status-${cycle.status}`}>{t.month.status[cycle.status]}</span>
          </dd>
          <dt>{t.month.paymentDate}</dt>
          <dd>
            {formatDate(language, cycle.paymentDate)}
            {cycle.paymentNumber !== null && ` (#${formatNumber(language, cycle.paymentNumber)})`}
          </dd>
          <dt>{t.month.policy}</dt>
          <dd>
            <bdi>{cycle.policyVersion}</bdi>
          </dd>
        </dl>
      )}
      {cycle?.hold && (
        <p className="notice notice-warning">{t.month.held(cycle.hold.by, cycle.hold.reason)}</p>
      )}
      {view.data && may(me, 'cycle.operate') && (
        <CycleActions month={month} cycle={cycle} onDone={view.reload} />
      )}
      {cycle && view.data && <SegmentProgress cycle={cycle} segments={view.data.segments} />}
      {cycle?.totals && <MonthReport key={cycle.finalizedAt} month={month} />}
    </>
  );
}

function MonthPicker({ month }: { readonly month: string }) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [value, setValue] = useState(month);

  function show(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (/^\d{4}-\d{2}$/.test(value)) navigate(`/cycles/${value}`);
  }

  return (
    <form className="inline-form" onSubmit={show}>
      <label htmlFor="month-picker">{t.month.pick}</label>
      <input
        id="month-picker"
        type="month"
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit">{t.month.show}</button>
    </form>
  );
}
