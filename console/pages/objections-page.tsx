import { Link, useSearchParams } from 'react-router';
import type { ObjectionView } from '../../shared/ops-api/api-types.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatDate, formatMonth } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';

const QUEUES = ['submitted', 'under-review'] as const;

/** `/objections?status=`: the queue of submitted objections, or of those under review. */
export function ObjectionsPage() {
  const { t, language } = useLanguage();
  const [search] = useSearchParams();
  const status = search.get('status') === 'under-review' ? 'under-review' : 'submitted';
  const queue = useApiQuery<readonly ObjectionView[]>(`/objections?status=${status}`);

  return (
    <>
      <h1>{t.objections.title}</h1>
      <nav aria-label={t.objections.statusLabel} className="tabs">
        <ul>
          {QUEUES.map((value) => (
            <li key={value}>
              <Link
                to={`/objections?status=${value}`}
                aria-current={value === status ? 'page' : undefined}
              >
                {t.objections.status[value]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorNotice error={queue.error} />
      {queue.data && queue.data.length === 0 && <p>{t.objections.empty}</p>}
      {queue.data && queue.data.length > 0 && (
        <table className="data">
          <caption>{t.objections.queue(t.objections.status[status])}</caption>
          <thead>
            <tr>
              <th scope="col">{t.objections.id}</th>
              <th scope="col">{t.objections.household}</th>
              <th scope="col">{t.objections.resultCycle}</th>
              <th scope="col">{t.objections.subjectLabel}</th>
              <th scope="col">{t.objections.submittedOn}</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.map((objection) => (
              <tr key={objection.objectionId}>
                <th scope="row">
                  <Link to={`/objections/${objection.objectionId}`}>
                    <bdi>{objection.objectionId}</bdi>
                  </Link>
                </th>
                <td>
                  <Link to={`/households/${objection.householdId}`}>{objection.householdId}</Link>
                </td>
                <td>{formatMonth(language, objection.resultCycle)}</td>
                <td>{t.objections.subject[objection.subject]}</td>
                <td>{formatDate(language, objection.submittedOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
