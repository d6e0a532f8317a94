import { useState } from 'react';
import type { CappedList, DryRunChange } from '../../shared/cycles/dry-run-cycle.ts';
import type { CyclePlan } from '../../shared/ops-api/api-types.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatNumber, formatRiyals, localeOf } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import { isIneligibilityReason } from './report-rows.ts';

/** How many households of each list the diff shows (the API sends up to 50). */
const SHOWN = 10;

/**
 * What an approver judges a run on: the month's dry run (`GET /api/cycles/{month}/plan`, the same as
 * `dafaa cycle plan`), asked for on demand because it reads the whole register: the total against
 * the budget, and the households added, dropped and changed since last month, with why.
 */
export function ApprovalDiff({ cycle }: { readonly cycle: string }) {
  const { t, language } = useLanguage();
  const [asked, setAsked] = useState(false);
  const plan = useApiQuery<CyclePlan>(asked ? `/cycles/${cycle}/plan` : null);
  const lists = plan.data
    ? ([
        [t.approvals.added, plan.data.added],
        [t.approvals.dropped, plan.data.dropped],
        [t.approvals.changed, plan.data.changed],
      ] as const)
    : [];

  return (
    <section className="approval-diff" aria-label={t.approvals.diff}>
      {!asked && (
        <button type="button" onClick={() => setAsked(true)}>
          {t.approvals.showDiff}
        </button>
      )}
      {plan.loading && <p role="status">{t.app.loading}</p>}
      <ErrorNotice error={plan.error} />
      {plan.data && (
        <>
          <dl className="facts">
            <dt>{t.approvals.projected}</dt>
            <dd>{formatRiyals(language, plan.data.totalHalalas)}</dd>
            <dt>{t.approvals.budget}</dt>
            <dd>{formatRiyals(language, plan.data.budgetHalalas)}</dd>
            {lists.map(([label, list]) => (
              <Count key={label} label={label} list={list} />
            ))}
          </dl>
          {lists.map(
            ([label, list]) =>
              list.entries.length > 0 && <ChangeTable key={label} caption={label} list={list} />,
          )}
        </>
      )}
    </section>
  );

  function Count({ label, list }: { label: string; list: CappedList<DryRunChange> }) {
    return (
      <>
        <dt>{label}</dt>
        <dd>{formatNumber(language, list.count)}</dd>
      </>
    );
  }

  function ChangeTable({ caption, list }: { caption: string; list: CappedList<DryRunChange> }) {
    const reasons = (codes: readonly string[]) =>
      new Intl.ListFormat(localeOf(language), { type: 'unit' }).format(
        codes.map((code) => (isIneligibilityReason(code) ? t.report.ineligibility[code] : code)),
      );
    return (
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.approvals.household}</th>
            <th scope="col">{t.approvals.before}</th>
            <th scope="col">{t.approvals.after}</th>
            <th scope="col">{t.approvals.reasons}</th>
          </tr>
        </thead>
        <tbody>
          {list.entries.slice(0, SHOWN).map((change) => (
            <tr key={change.householdId}>
              <th scope="row">
                <bdi>{change.householdId}</bdi>
              </th>
              <td>{formatRiyals(language, change.before)}</td>
              <td>{formatRiyals(language, change.after)}</td>
              <td>{reasons(change.reasons)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
}
