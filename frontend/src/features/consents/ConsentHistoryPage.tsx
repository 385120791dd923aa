//! /customers/:id/contacts/:contactId/consent-history: every recorded consent change of one
//! contact person, newest first, with who recorded it, from where, under which declaration and
//! on what evidence (READ_CUSTOMERS). Printable: "Print" opens the browser's print dialog and the
//! print stylesheet leaves out the navigation.
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type { ContactConsentHistoryQuery as HistoryResult } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { CustomerNotLoaded } from '../customers/CustomerNotLoaded';
import { consentsPath } from './consentColumns';
import {
  consentDescription,
  eventActorLabel,
  LEGAL_BASIS_LABELS,
  newestFirst,
  purposeName,
  SOURCE_LABELS,
  STATUS_COPY,
} from './labels';

// The contact (its history and current consents) and, for the heading, its customer.
const ContactConsentHistoryQuery = graphql(`
  query ContactConsentHistory($id: ID!, $contactId: ID!) {
    customer(id: $id) {
      id
      number
      displayName
    }
    contact(id: $contactId) {
      id
      customerId
      name
      email
      archived
      consents {
        ...ContactConsentFields
      }
      consentHistory {
        ...ConsentEventFields
      }
    }
  }
`);

type HistoryContact = HistoryResult['contact'];

export function ConsentHistoryPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  const { id = '', contactId = '' } = useParams();
  if (!hasRight(viewer, 'READ_CUSTOMERS')) return <NoAccess body={t('consentHistory.noAccess')} />;
  return <ConsentHistory key={`${id}/${contactId}`} customerId={id} contactId={contactId} canRecord={hasRight(viewer, 'EDIT_CONSENTS')} />;
}

interface Props {
  readonly customerId: string;
  readonly contactId: string;
  readonly canRecord: boolean;
}

function ConsentHistory({ customerId, contactId, canRecord }: Props) {
  const { t, lang, locale } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ContactConsentHistoryQuery,
    variables: { id: customerId, contactId },
    requestPolicy: 'cache-and-network',
  });

  if (!data) {
    return (
      <CustomerNotLoaded
        error={error}
        fetching={fetching}
        onRetry={() => {
          reexecute({ requestPolicy: 'network-only' });
        }}
        notFoundMessage={t('customer.notFound')}
      />
    );
  }

  const customer = data.customer;
  const contact = data.contact.customerId === customer.id ? data.contact : undefined;
  const cardPath = `/customers/${customer.id}/contacts`;

  if (!contact) {
    return (
      <main className="page page--narrow" id="main">
        <Banner
          action={
            <Link className="button" to={cardPath}>
              {t('consents.backToCard')}
            </Link>
          }
        >
          {t('consentHistory.contactNotFound')}
        </Banner>
      </main>
    );
  }

  return (
    <main className="page consent-history" id="main">
      <p className="breadcrumb no-print">
        <Link to={cardPath}>{t('consents.backToCard')}</Link>
      </p>
      <div className="page__header">
        <div>
          <h1>{t('consentHistory.title', { name: contact.name })}</h1>
          <p className="muted">
            {t('consentHistory.of', { customer: customer.displayName, number: customer.number })}
            {contact.email ? (
              <>
                <span aria-hidden="true"> · </span>
                {contact.email}
              </>
            ) : null}
          </p>
          <p className="print-only small">{t('consentHistory.printedAt', { date: formatDateTime(new Date().toISOString(), locale) })}</p>
        </div>
        <div className="row-actions no-print">
          {canRecord ? (
            <Link className="button" to={consentsPath(customer.id)}>
              {t('consentHistory.record')}
            </Link>
          ) : null}
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              window.print();
            }}
          >
            <span aria-hidden="true">⎙ </span>
            {t('consentHistory.print')}
          </button>
        </div>
      </div>

      {contact.archived ? <Banner tone="warning">{t('consentHistory.archived')}</Banner> : null}

      <CurrentConsents contact={contact} />

      <section className="card card--flush" aria-labelledby="consent-events-title">
        <div className="card__header">
          <h2 className="card__title" id="consent-events-title">
            {t('consentHistory.events')}
          </h2>
        </div>
        {contact.consentHistory.length === 0 ? (
          <p className="empty muted" role="status">
            {t('consentHistory.empty')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table consent-events" data-testid="consent-history-table">
              <caption className="sr-only">{t('consentHistory.caption', { name: contact.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('consentHistory.col.time')}</th>
                  <th scope="col">{t('consentHistory.col.purpose')}</th>
                  <th scope="col">{t('consentHistory.col.decision')}</th>
                  <th scope="col">{t('consentHistory.col.source')}</th>
                  <th scope="col">{t('consentHistory.col.actor')}</th>
                  <th scope="col">{t('consentHistory.col.declaration')}</th>
                  <th scope="col">{t('consentHistory.col.evidence')}</th>
                  <th scope="col">{t('consentHistory.col.validUntil')}</th>
                  <th scope="col">{t('consentHistory.col.legalBasis')}</th>
                </tr>
              </thead>
              <tbody>
                {newestFirst(contact.consentHistory).map((event) => {
                  const copy = STATUS_COPY[event.decision];
                  return (
                    <tr key={event.id} data-event-id={event.id}>
                      <td className="nowrap">
                        <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt, locale)}</time>
                      </td>
                      <td>{purposeName(event.purpose, lang)}</td>
                      <td className="nowrap">
                        <span className={`badge badge--${copy.tone}`}>
                          <span aria-hidden="true" className="consent-status__symbol">
                            {copy.symbol}
                          </span>{' '}
                          {t(copy.label)}
                        </span>
                      </td>
                      <td>{t(SOURCE_LABELS[event.source])}</td>
                      <td>{eventActorLabel(event, t)}</td>
                      <td className="nowrap">{t('consentHistory.version', { version: event.declarationVersion })}</td>
                      <td className="consent-events__evidence">
                        {event.evidence ?? <span className="muted">{t('common.notSet')}</span>}
                      </td>
                      <td className="nowrap">
                        {event.validUntil ? (
                          <time dateTime={event.validUntil}>{formatDate(event.validUntil, locale)}</time>
                        ) : (
                          <span className="muted">{t('common.notSet')}</span>
                        )}
                      </td>
                      <td>{t(LEGAL_BASIS_LABELS[event.legalBasis])}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

/** What is in force now, per purpose, above the events that led there. */
function CurrentConsents({ contact }: { readonly contact: HistoryContact }) {
  const { t, lang, locale } = useI18n();
  if (contact.consents.length === 0) return null;
  return (
    <section className="card" aria-labelledby="consent-current-title">
      <h2 className="card__title" id="consent-current-title">
        {t('consentHistory.current')}
      </h2>
      <dl className="dl">
        {contact.consents.map((consent) => (
          <div className="dl__item" key={consent.purpose.id}>
            <dt>{purposeName(consent.purpose, lang)}</dt>
            <dd>
              <span className={`badge badge--${STATUS_COPY[consent.status].tone}`}>
                <span aria-hidden="true" className="consent-status__symbol">
                  {STATUS_COPY[consent.status].symbol}
                </span>{' '}
                {t(STATUS_COPY[consent.status].label)}
              </span>{' '}
              <span className="small muted">{consentDescription(consent, purposeName(consent.purpose, lang), t, locale)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
