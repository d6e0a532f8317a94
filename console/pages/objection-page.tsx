import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ObjectionView } from '../../shared/ops-api/api-types.ts';
import { useApiAction, useApiQuery } from '../api/use-api.ts';
import { ActionWithReason } from '../components/action-with-reason.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatDate, formatDateTime, formatMonth } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import { may, useMe } from '../layout/me-context.tsx';
import { type ArrearsLine, ArrearsLines } from './arrears-lines.tsx';

/** `/objections/:id`: one objection, its history, and review / accept / reject. */
export function ObjectionPage() {
  const { id = '' } = useParams();
  const { t, language } = useLanguage();
  const me = useMe();
  const objection = useApiQuery<ObjectionView>(`/objections/${encodeURIComponent(id)}`);
  const data = objection.data;

  return (
    <>
      <p>
        <Link to="/objections">{t.objections.back}</Link>
      </p>
      <h1>
        {t.objections.id} <bdi>{id}</bdi>
      </h1>
      <ErrorNotice error={objection.error} />
      {data && (
        <>
          <dl className="facts">
            <dt>{t.objections.statusLabel}</dt>
            <dd>
              <span className="badge">{t.objections.status[data.status]}</span>
            </dd>
            <dt>{t.objections.household}</dt>
            <dd>
              <Link to={`/households/${data.householdId}`}>{data.householdId}</Link>
            </dd>
            <dt>{t.objections.resultCycle}</dt>
            <dd>{formatMonth(language, data.resultCycle)}</dd>
            <dt>{t.objections.subjectLabel}</dt>
            <dd>{t.objections.subject[data.subject]}</dd>
            <dt>{t.objections.submittedOn}</dt>
            <dd>{formatDate(language, data.submittedOn)}</dd>
            {data.rejectionReason && (
              <>
                <dt>{t.objections.rejectionReason}</dt>
                <dd>
                  <bdi>{data.rejectionReason}</bdi>
                </dd>
              </>
            )}
            <dt>{t.objections.reasons}</dt>
            <dd>
              <bdi>{data.reasons}</bdi>
            </dd>
          </dl>
          <h2>{t.objections.history}</h2>
          <ol className="history">
            {data.history.map((entry) => (
              <li key={entry.at}>
                {formatDateTime(language, entry.at)}:{' '}
                {t.objections.transition(
                  entry.from ? t.objections.status[entry.from] : '—',
                  t.objections.status[entry.to],
                  entry.by,
                )}
                {entry.note && (
                  <>
                    {' — '}
                    <bdi>{entry.note}</bdi>
                  </>
                )}
              </li>
            ))}
          </ol>
          {may(me, 'objection.decide') && (
            <ObjectionActions objection={data} onDone={objection.reload} />
          )}
        </>
      )}
    </>
  );
}

interface ObjectionActionsProps {
  readonly objection: ObjectionView;
  readonly onDone: () => void;
}

function ObjectionActions({ objection, onDone }: ObjectionActionsProps) {
  const { t } = useLanguage();
  const action = useApiAction();
  const [arrears, setArrears] = useState<readonly ArrearsLine[]>([]);
  const path = (verb: string) => `/objections/${encodeURIComponent(objection.objectionId)}/${verb}`;
  const note = (text: string) => (text === '' ? {} : { note: text });

  async function post(verb: string, body: object): Promise<boolean> {
    const answer = await action.run<ObjectionView>(path(verb), body);
    if (answer) onDone();
    return answer !== null;
  }

  return (
    <section className="actions">
      <div className="buttons">
        {objection.status === 'submitted' && (
          <ActionWithReason
            label={t.objections.review}
            reason="optional"
            onSubmit={(text) => post('review', note(text))}
          />
        )}
        {objection.status === 'under-review' && (
          <>
            <ActionWithReason
              label={t.objections.accept}
              reason="optional"
              onSubmit={(text) =>
                post('accept', { ...note(text), ...(arrears.length > 0 ? { arrears } : {}) })
              }
            >
              <ArrearsLines lines={arrears} onChange={setArrears} />
            </ActionWithReason>
            <ActionWithReason
              label={t.objections.reject}
              reason="required"
              tone="danger"
              onSubmit={(text) => post('reject', { reason: text })}
            />
          </>
        )}
      </div>
      <ErrorNotice error={action.error} />
    </section>
  );
}
