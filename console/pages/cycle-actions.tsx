import { useState } from 'react';
import type { CycleRecord } from '../../shared/cycles/cycle-record.ts';
import { useApiAction } from '../api/use-api.ts';
import { ActionWithReason } from '../components/action-with-reason.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useLanguage } from '../i18n/language-context.tsx';

interface CycleActionsProps {
  readonly month: string;
  readonly cycle: CycleRecord | null;
  /** Called after an action was accepted, to load the month again. */
  readonly onDone: () => void;
}

/**
 * Run, rerun, hold and release, for users who may operate a cycle, each with the reason the audit
 * log records. The API answers what it started (or why it asks for a second person's approval).
 */
export function CycleActions({ month, cycle, onDone }: CycleActionsProps) {
  const { t } = useLanguage();
  const action = useApiAction();
  const [onlyFailed, setOnlyFailed] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const finished = cycle?.status === 'completed' || cycle?.status === 'incomplete';

  function post(verb: 'run' | 'rerun' | 'hold' | 'release', body: object) {
    return async (reason: string): Promise<boolean> => {
      setAnswer(null);
      const result = await action.run<{ message?: string }>(`/cycles/${month}/${verb}`, {
        reason,
        ...body,
      });
      if (result === null) return false;
      setAnswer(result.message ?? t.app.done);
      onDone();
      return true;
    };
  }

  return (
    <section aria-labelledby="actions-heading" className="actions">
      <h2 id="actions-heading">{t.month.actions}</h2>
      <div className="buttons">
        {!finished && (
          <ActionWithReason label={t.month.run} reason="required" onSubmit={post('run', {})} />
        )}
        {finished && (
          <ActionWithReason
            label={t.month.rerun}
            reason="required"
            onSubmit={post('rerun', { onlyFailed })}
          >
            <label className="checkbox">
              <input
                type="checkbox"
                checked={onlyFailed}
                onChange={(event) => setOnlyFailed(event.target.checked)}
              />
              {t.month.onlyFailed}
            </label>
          </ActionWithReason>
        )}
        {cycle && !cycle.hold && (
          <ActionWithReason
            label={t.month.hold}
            reason="required"
            tone="danger"
            onSubmit={post('hold', {})}
          />
        )}
        {cycle?.hold && (
          <ActionWithReason
            label={t.month.release}
            reason="required"
            onSubmit={post('release', {})}
          />
        )}
      </div>
      {answer && (
        <p className="notice" role="status">
          {answer}
        </p>
      )}
      <ErrorNotice error={action.error} />
    </section>
  );
}
