import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useLanguage } from '../i18n/language-context.tsx';

interface ActionWithReasonProps {
  /** The action's name, on the button that opens the form and on its confirm button. */
  readonly label: string;
  /** Required reasons are recorded in the audit log; an optional one is a note. */
  readonly reason: 'required' | 'optional';
  /** Posts the action; resolves true when it was done, to close the form. */
  readonly onSubmit: (reason: string) => Promise<boolean>;
  /** Fields of this action beyond the reason (the rerun's "only failed", arrears lines). */
  readonly children?: ReactNode;
  readonly tone?: 'primary' | 'danger';
}

/** A button that opens a small form asking why, then posts the action. */
export function ActionWithReason({
  label,
  reason,
  onSubmit,
  children,
  tone = 'primary',
}: ActionWithReasonProps) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const fieldId = useId();

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (await onSubmit(text.trim())) {
      setOpen(false);
      setText('');
    }
  }

  if (!open) {
    return (
      <button type="button" className={tone} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  return (
    <form className="action-form" onSubmit={submit} aria-label={label}>
      <label htmlFor={fieldId}>
        {reason === 'required' ? t.app.reason : `${t.app.note} ${t.app.optional}`}
      </label>
      <textarea
        id={fieldId}
        value={text}
        required={reason === 'required'}
        rows={2}
        onChange={(event) => setText(event.target.value)}
      />
      {children}
      <div className="buttons">
        <button type="submit" className={tone}>
          {t.app.confirm(label)}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t.app.cancel}
        </button>
      </div>
    </form>
  );
}
