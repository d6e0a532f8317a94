import type { ApprovalDecision, ApprovalView, Me } from '../../shared/ops-api/api-types.ts';
import { useApiAction, useApiQuery } from '../api/use-api.ts';
import { ActionWithReason } from '../components/action-with-reason.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatDate, formatDateTime, formatMonth, formatRiyals } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import { may, useMe } from '../layout/me-context.tsx';
import { ApprovalDiff } from './approval-diff.tsx';

/** `/approvals`: the requests waiting for a second person first, then the decided ones. */
export function ApprovalsPage() {
  const { t } = useLanguage();
  const approvals = useApiQuery<readonly ApprovalView[]>('/approvals');
  const sorted = [...(approvals.data ?? [])].sort(
    (a, b) =>
      Number(b.status === 'pending') - Number(a.status === 'pending') ||
      b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <>
      <h1>{t.approvals.title}</h1>
      <ErrorNotice error={approvals.error} />
      {approvals.data && sorted.length === 0 && <p>{t.approvals.empty}</p>}
      <ul className="cards">
        {sorted.map((approval) => (
          <li key={approval.requestId}>
            <ApprovalCard approval={approval} onDecided={approvals.reload} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** Whether this user may decide this request: an approver who did not ask for it. */
function mayDecide(me: Me, approval: ApprovalView): boolean {
  return (
    approval.status === 'pending' && may(me, 'approval.decide') && approval.requestedBy !== me.sub
  );
}

interface ApprovalCardProps {
  readonly approval: ApprovalView;
  readonly onDecided: () => void;
}

function ApprovalCard({ approval, onDecided }: ApprovalCardProps) {
  const { t, language } = useLanguage();
  const me = useMe();
  const action = useApiAction();
  const headingId = `approval-${approval.requestId}`;

  function decide(verb: 'approve' | 'reject') {
    return async (reason: string): Promise<boolean> => {
      const path = `/approvals/${encodeURIComponent(approval.requestId)}/${verb}`;
      const decision = await action.run<ApprovalDecision>(path, { reason });
      if (decision) onDecided();
      return decision !== null;
    };
  }

  return (
    <article className="card" aria-labelledby={headingId} data-request-id={approval.requestId}>
      <h2 id={headingId}>
        {t.approvals.kind[approval.kind]} — {formatMonth(language, approval.cycle)}{' '}
        <span className={`badge approval-${approval.status}`}>
          {t.approvals.status[approval.status]}
        </span>
      </h2>
      <dl className="facts">
        <dt>{t.approvals.why}</dt>
        <dd>{approval.why}</dd>
        <dt>{t.app.reason}</dt>
        <dd>{approval.reason}</dd>
        {approval.override ? (
          <>
            <dt>{t.approvals.override}</dt>
            <dd>
              {t.calendar.overrideKind[approval.override.kind]}:{' '}
              {formatDate(language, approval.override.date)}
            </dd>
          </>
        ) : (
          <>
            <dt>{t.approvals.projected}</dt>
            <dd>{formatRiyals(language, approval.projectedTotalHalalas)}</dd>
            <dt>{t.approvals.lastMonth}</dt>
            <dd>
              {approval.lastMonthTotalHalalas === null
                ? t.app.none
                : formatRiyals(language, approval.lastMonthTotalHalalas)}
            </dd>
          </>
        )}
        <dt>{t.approvals.requestedBy}</dt>
        <dd>
          <bdi title={approval.requestedBy}>{approval.requestedByName ?? approval.requestedBy}</bdi>
          {approval.requestedBy === me.sub && ` (${t.approvals.you})`} ·{' '}
          {formatDateTime(language, approval.createdAt)}
        </dd>
      </dl>
      {approval.status === 'pending' && approval.kind !== 'calendar' && may(me, 'cycle.plan') && (
        <ApprovalDiff cycle={approval.cycle} />
      )}
      {approval.decidedBy && (
        <p>
          {t.approvals.decidedBy(
            approval.decidedByName ?? approval.decidedBy,
            approval.decisionReason ?? '',
          )}
        </p>
      )}
      {mayDecide(me, approval) && (
        <div className="buttons">
          <ActionWithReason
            label={t.approvals.approve}
            reason="required"
            onSubmit={decide('approve')}
          />
          <ActionWithReason
            label={t.approvals.reject}
            reason="required"
            tone="danger"
            onSubmit={decide('reject')}
          />
        </div>
      )}
      <ErrorNotice error={action.error} />
    </article>
  );
}
