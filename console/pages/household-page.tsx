import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { PaymentStatus } from '../../shared/cycles/payment-record.ts';
import type { HouseholdContact, HouseholdView } from '../../shared/ops-api/api-types.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatDateTime, formatMonth, formatRiyals, localeOf } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import type { Messages } from '../i18n/messages.ts';
import { isIneligibilityReason } from './report-rows.ts';

function paymentStatusLabel(t: Messages, status: PaymentStatus): string {
  const labels: Readonly<Record<PaymentStatus, string>> = {
    paid: t.report.paid,
    'not-eligible': t.report.notEligible,
    'nothing-due': t.report.nothingDue,
    'set-aside': t.report.setAside,
  };
  return labels[status];
}

/**
 * `/households` and `/households/:id`: a search box, and a household's story: contact (as the
 * server sent it, masked for roles that may not see it), payments, objections, messages and
 * suppressed addresses. Nothing here is logged.
 */
export function HouseholdPage() {
  const { id } = useParams();
  const { t } = useLanguage();
  const household = useApiQuery<HouseholdView>(id ? `/households/${encodeURIComponent(id)}` : null);

  return (
    <>
      <h1>{id ? t.household.title(id) : t.nav.household}</h1>
      <HouseholdSearch key={id} initial={id ?? ''} />
      <ErrorNotice error={household.error} />
      {id && household.data && <HouseholdStory view={household.data} />}
    </>
  );
}

function HouseholdSearch({ initial }: { readonly initial: string }) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);

  function open(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const householdId = value.trim().toUpperCase();
    if (householdId !== '') navigate(`/households/${encodeURIComponent(householdId)}`);
  }

  return (
    <search>
      <form className="inline-form" onSubmit={open}>
        <label htmlFor="household-id">{t.household.searchLabel}</label>
        <input
          id="household-id"
          dir="ltr"
          pattern="[Hh][0-9]{7,15}"
          aria-describedby="household-id-hint"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit">{t.household.search}</button>
        <p id="household-id-hint" className="hint">
          {t.household.searchHint}
        </p>
      </form>
    </search>
  );
}

function HouseholdStory({ view }: { readonly view: HouseholdView }) {
  const { t, language } = useLanguage();
  const { payments, objections, messages, suppressions } = view.timeline;
  return (
    <>
      {view.contact && <ContactCard contact={view.contact} />}
      <table className="data">
        <caption>{t.household.payments}</caption>
        <thead>
          <tr>
            <th scope="col">{t.household.cycle}</th>
            <th scope="col">{t.household.status}</th>
            <th scope="col">{t.household.amount}</th>
            <th scope="col">{t.household.reasons}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.paymentId}>
              <th scope="row">{formatMonth(language, payment.cycle)}</th>
              <td>{paymentStatusLabel(t, payment.status)}</td>
              <td>{formatRiyals(language, payment.totalHalalas)}</td>
              <td>
                {new Intl.ListFormat(localeOf(language), { type: 'unit' }).format(
                  payment.reasons.map((reason) =>
                    isIneligibilityReason(reason) ? t.report.ineligibility[reason] : reason,
                  ),
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.household.objections}</h2>
      {objections.length === 0 ? (
        <p>{t.app.none}</p>
      ) : (
        <ul>
          {objections.map((objection) => (
            <li key={objection.objectionId}>
              <Link to={`/objections/${objection.objectionId}`}>{objection.objectionId}</Link>{' '}
              {t.objections.status[objection.status]}
            </li>
          ))}
        </ul>
      )}
      <table className="data">
        <caption>{t.household.messages}</caption>
        <thead>
          <tr>
            <th scope="col">{t.household.channel}</th>
            <th scope="col">{t.household.event}</th>
            <th scope="col">{t.household.status}</th>
            <th scope="col">{t.household.updatedAt}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.deliveryId}>
              <th scope="row">{message.channel}</th>
              <td>
                <bdi>{message.event}</bdi>
              </td>
              <td>{message.status}</td>
              <td>{formatDateTime(language, message.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.household.suppressions}</h2>
      {suppressions.length === 0 ? (
        <p>{t.app.none}</p>
      ) : (
        <ul>
          {suppressions.map((suppression) => (
            <li key={suppression.addressHash}>
              <bdi dir="ltr">{suppression.maskedAddress}</bdi> · {suppression.cause} ·{' '}
              {formatDateTime(language, suppression.at)}
              {suppression.lifted && ` · ${t.household.lifted}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ContactCard({ contact }: { readonly contact: HouseholdContact }) {
  const { t } = useLanguage();
  const rows: ReadonlyArray<[string, string | null]> = [
    [t.household.nationalId, contact.nationalId],
    [t.household.mobile, contact.mobile],
    [t.household.email, contact.email],
    [t.household.iban, contact.iban],
    [t.household.language, contact.language],
  ];
  return (
    <section aria-labelledby="contact-heading" className="card">
      <h2 id="contact-heading">
        {t.household.contact}{' '}
        {contact.personalData === 'masked' && (
          <span className="badge badge-masked">{t.household.masked}</span>
        )}
      </h2>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd>{value === null ? t.app.none : <bdi dir="ltr">{value}</bdi>}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
