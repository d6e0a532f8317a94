import type { CycleTally } from '../../shared/cycles/cycle-tally.ts';
import type { CycleReport } from '../../shared/ops-api/api-types.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ChartFigure, type ChartRow } from '../components/chart-figure.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import {
  formatCountChange,
  formatNumber,
  formatRiyals,
  formatRiyalsChange,
} from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import type { Language, Messages } from '../i18n/messages.ts';
import { notEligibleByReason, paidTotalHalalas, setAsideByReason } from './report-rows.ts';

/** The finalized month: outcomes, reasons, the paid total against the budget, last month's diff. */
export function MonthReport({ month }: { readonly month: string }) {
  const { t, language } = useLanguage();
  const report = useApiQuery<CycleReport>(`/cycles/${month}/report`);
  if (!report.data) return <ErrorNotice error={report.error} />;
  const { cycle, previous, budgetHalalas } = report.data;
  const totals = cycle.totals;
  if (!totals) return null;
  const count = (label: string, value: number): ChartRow => ({
    label,
    value,
    shown: formatNumber(language, value),
  });
  const money = (label: string, halalas: number): ChartRow => ({
    label,
    value: halalas,
    shown: formatRiyals(language, halalas),
  });

  return (
    <section aria-labelledby="report-heading" className="report">
      <h2 id="report-heading">{t.report.title}</h2>
      <div className="charts">
        <ChartFigure
          title={t.report.outcomes}
          labelHeading={t.report.measure}
          valueHeading={t.report.households}
          rows={[
            count(t.report.paid, totals.paid),
            count(t.report.notEligible, totals.notEligible),
            count(t.report.nothingDue, totals.nothingDue),
            count(t.report.setAside, totals.setAside),
          ]}
        />
        <ChartFigure
          title={t.report.totals}
          labelHeading={t.report.measure}
          valueHeading={t.report.amount}
          rows={[
            money(t.report.paidTotal, paidTotalHalalas(totals)),
            money(t.report.budget, budgetHalalas),
          ]}
        />
        <ChartFigure
          title={t.report.notEligibleByReason}
          labelHeading={t.report.reason}
          valueHeading={t.report.households}
          rows={notEligibleByReason(totals).map(({ reason, count: households }) =>
            count(t.report.ineligibility[reason], households),
          )}
        />
        <ChartFigure
          title={t.report.setAsideByReason}
          labelHeading={t.report.reason}
          valueHeading={t.report.households}
          rows={setAsideByReason(totals).map(({ reason, count: households }) =>
            count(reason, households),
          )}
        />
      </div>
      <DiffTable t={t} language={language} current={totals} previous={previous?.totals ?? null} />
    </section>
  );
}

interface DiffTableProps {
  readonly t: Messages;
  readonly language: Language;
  readonly current: CycleTally;
  readonly previous: CycleTally | null;
}

function DiffTable({ t, language, current, previous }: DiffTableProps) {
  if (!previous) return <p>{t.report.noPrevious}</p>;
  const counts: ReadonlyArray<[string, (tally: CycleTally) => number]> = [
    [t.report.paid, (tally) => tally.paid],
    [t.report.notEligible, (tally) => tally.notEligible],
    [t.report.nothingDue, (tally) => tally.nothingDue],
    [t.report.setAside, (tally) => tally.setAside],
  ];
  const paidNow = paidTotalHalalas(current);
  const paidBefore = paidTotalHalalas(previous);
  return (
    <table className="data diff">
      <caption>{t.report.diff}</caption>
      <thead>
        <tr>
          <th scope="col">{t.report.measure}</th>
          <th scope="col">{t.report.thisMonth}</th>
          <th scope="col">{t.report.lastMonth}</th>
          <th scope="col">{t.report.change}</th>
        </tr>
      </thead>
      <tbody>
        {counts.map(([label, read]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{formatNumber(language, read(current))}</td>
            <td>{formatNumber(language, read(previous))}</td>
            <td>{formatCountChange(language, read(current) - read(previous))}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t.report.paidTotal}</th>
          <td>{formatRiyals(language, paidNow)}</td>
          <td>{formatRiyals(language, paidBefore)}</td>
          <td>{formatRiyalsChange(language, paidNow - paidBefore)}</td>
        </tr>
      </tbody>
    </table>
  );
}
