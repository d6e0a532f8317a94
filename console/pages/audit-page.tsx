import { type FormEvent, useState } from 'react';
import type {
  AuditPage as AuditEntries,
  AuditVerification,
} from '../../shared/ops-api/api-types.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';

/** `/audit`: the newest fifty entries, and the chain's verification against an anchor. */
export function AuditPage() {
  const { t, language } = useLanguage();
  const page = useApiQuery<AuditEntries>('/audit?limit=50');

  return (
    <>
      <h1>{t.audit.title}</h1>
      <AuditVerify />
      <ErrorNotice error={page.error} />
      {page.data && (
        <table className="data">
          <caption>{t.audit.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t.audit.sequence}</th>
              <th scope="col">{t.audit.at}</th>
              <th scope="col">{t.audit.actor}</th>
              <th scope="col">{t.audit.from}</th>
              <th scope="col">{t.audit.action}</th>
              <th scope="col">{t.audit.subject}</th>
              <th scope="col">{t.audit.reason}</th>
            </tr>
          </thead>
          <tbody>
            {page.data.entries.map((entry) => (
              <tr key={entry.sequence}>
                <th scope="row">{formatNumber(language, entry.sequence)}</th>
                <td className="nowrap">{formatDateTime(language, entry.at)}</td>
                <td>
                  {/* The name the token carried, the subject it proves (what the chain records). */}
                  <bdi title={entry.actor}>{entry.via?.actorName ?? entry.actor}</bdi>
                </td>
                <td>
                  <bdi>{entry.via?.sourceIp ?? entry.via?.channel ?? '—'}</bdi>
                </td>
                <td>
                  <bdi>{entry.action}</bdi>
                </td>
                <td>
                  <bdi>{entry.subject}</bdi>
                </td>
                <td>
                  <bdi>{entry.reason ?? '—'}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function AuditVerify() {
  const { t } = useLanguage();
  const [anchor, setAnchor] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const verification = useApiQuery<AuditVerification>(asked);

  function verify(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const query = anchor.trim() === '' ? '' : `?anchor=${encodeURIComponent(anchor.trim())}`;
    const path = `/audit/verify${query}`;
    if (path === asked) verification.reload();
    else setAsked(path);
  }

  return (
    <section aria-labelledby="verify-heading" className="card">
      <h2 id="verify-heading">{t.audit.verify}</h2>
      <form className="inline-form" onSubmit={verify}>
        <label htmlFor="audit-anchor">{t.audit.anchor}</label>
        <input
          id="audit-anchor"
          dir="ltr"
          aria-describedby="audit-anchor-hint"
          value={anchor}
          onChange={(event) => setAnchor(event.target.value)}
        />
        <button type="submit">{t.audit.verify}</button>
        <p id="audit-anchor-hint" className="hint">
          {t.audit.anchorHint}
        </p>
      </form>
      <ErrorNotice error={verification.error} />
      {verification.data && <VerificationResult result={verification.data} />}
    </section>
  );
}

function VerificationResult({ result }: { readonly result: AuditVerification }) {
  const { t, language } = useLanguage();
  const { chain, head, anchor } = result;
  return (
    <div role="status">
      <p className={chain.valid ? 'notice' : 'notice notice-error'}>
        {chain.valid
          ? t.audit.valid(formatNumber(language, chain.entries))
          : t.audit.broken(formatNumber(language, chain.brokenAt), chain.problem)}
      </p>
      {anchor && (
        <p>
          {anchor.matches
            ? t.audit.anchorMatches(formatNumber(language, anchor.sequence))
            : t.audit.anchorDiffers(formatNumber(language, anchor.sequence))}
        </p>
      )}
      {head && (
        <label className="stacked">
          {t.audit.head}
          <input readOnly dir="ltr" className="anchor" value={`${head.sequence}:${head.hash}`} />
        </label>
      )}
    </div>
  );
}
