//! The contact list (the campaign list): the contact persons with their status for one purpose,
//! filtered by status and by "expiring before", a page at a time with "Load more". The filter
//! lives in the URL (links from the statistics and the shortcuts set it). With the Export personal
//! data right, "Download CSV" saves the whole list with the same filter.
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useClient } from 'urql';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { ConsentPurposeRefFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { fieldErrors, generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { formatPhone, telHref } from '../../lib/format';
import { localToday } from '../consents/consentForm';
import { ConsentStatusBadge } from '../consents/ConsentStatusBadge';
import { consentFor, purposeName } from '../consents/labels';
import { ContactListFilters } from './ContactListFilters';
import {
  choosePurpose,
  CONTACT_LIST_ANCHOR,
  contactListPath,
  EXPIRING_SOON_DAYS,
  expiringSoonShortcut,
  filterFromParams,
  filterToParams,
  outdatedShortcut,
  sameFilter,
  toContactFilter,
  type ContactListValues,
} from './contactListFilter';
import { csvBlob, csvFileName, downloadBlob } from './csvExport';
import { useConsentContacts, type ConsentReportRow } from './useConsentContacts';

const ConsentContactsCsvQuery = graphql(`
  query ConsentContactsCsv($filter: ConsentContactFilter!) {
    consentContactsCsv(filter: $filter)
  }
`);

type DownloadState =
  | { readonly key: string; readonly state: 'busy' }
  | { readonly key: string; readonly state: 'done'; readonly file: string }
  | { readonly key: string; readonly state: 'failed'; readonly message: string };

interface Props {
  /** The active purposes, in purpose order. */
  readonly purposes: readonly ConsentPurposeRefFragment[];
  /** Whether the viewer holds EXPORT_PERSONAL_DATA (the CSV download). */
  readonly canExport: boolean;
}

export function ContactListSection({ purposes, canExport }: Props) {
  const { t, lang } = useI18n();
  const client = useClient();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const csvHintId = useId();
  const values = filterFromParams(params);
  const canonical = filterToParams(values).toString();
  const chosen = choosePurpose(purposes, values.purpose);
  const purpose = chosen.purpose;
  const filter = purpose ? toContactFilter(values, purpose.id) : null;
  const filterKey = JSON.stringify(filter);
  const contacts = useConsentContacts(filter);
  const [download, setDownload] = useState<DownloadState | null>(null);
  const shownDownload = download?.key === filterKey ? download : null;

  // A link that sets the filter and ends in #contact-list (the statistics' counts) brings the
  // list into view and moves focus to its heading, so a screen reader hears where it landed.
  useEffect(() => {
    if (location.hash !== `#${CONTACT_LIST_ANCHOR}`) return;
    const heading = headingRef.current;
    if (!heading) return;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }, [location.key, location.hash]);

  const serverErrors = Object.fromEntries(
    Object.entries(fieldErrors(contacts.error, t('error.fieldInvalid'))).map(([field, message]) => [field.replace(/^filter\./, ''), message]),
  );
  const errorCode = primaryErrorCode(contacts.error);
  const name = purpose ? purposeName(purpose, lang) : '';
  const today = localToday();

  const onDownload = async () => {
    if (!filter || !purpose) return;
    const key = filterKey;
    setDownload({ key, state: 'busy' });
    const result = await client.query(ConsentContactsCsvQuery, { filter }, { requestPolicy: 'network-only' }).toPromise();
    if (result.data) {
      const file = csvFileName(purpose.key, localToday());
      downloadBlob(csvBlob(result.data.consentContactsCsv), file);
      setDownload({ key, state: 'done', file });
      return;
    }
    const message = hasErrorCode(result.error, 'FORBIDDEN')
      ? t('reports.list.downloadForbidden')
      : generalMessage(primaryErrorCode(result.error) ?? 'INTERNAL', t);
    setDownload({ key, state: 'failed', message });
  };

  const shortcut = (label: string, target: ContactListValues) => (
    <li>
      <Link
        className="button button--small"
        to={contactListPath(target)}
        aria-current={sameFilter(values, target, purposes[0]?.key ?? null) ? 'true' : undefined}
      >
        {label}
      </Link>
    </li>
  );

  return (
    <section className="form" aria-labelledby={CONTACT_LIST_ANCHOR} data-testid="consent-contact-list">
      <div className="page__header">
        <div>
          <h2 id={CONTACT_LIST_ANCHOR} ref={headingRef} tabIndex={-1}>
            {t('reports.list.title')}
          </h2>
          <p className="muted card__subtitle">{t('reports.list.intro')}</p>
        </div>
        {purpose ? (
          <nav aria-label={t('reports.list.shortcuts')}>
            <ul className="tag-list">
              {shortcut(t('reports.list.outdated'), outdatedShortcut(purpose.key))}
              {shortcut(t('reports.list.expiringSoon', { days: EXPIRING_SOON_DAYS }), expiringSoonShortcut(purpose.key, today))}
            </ul>
          </nav>
        ) : null}
      </div>

      {purposes.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('consents.noPurposes')}</p>
          <p className="muted">{t('consents.noPurposesHint')}</p>
        </div>
      ) : null}

      {purpose ? (
        <>
          <ContactListFilters
            // A new URL (Apply, Back, a shortcut) starts the form over from it.
            key={canonical}
            initial={{ ...values, purpose: purpose.key }}
            purposes={purposes}
            serverErrors={serverErrors}
            onApply={(next) => {
              setParams(filterToParams(next));
            }}
          />
          {chosen.unknown ? (
            <Banner tone="info" testId="unknown-purpose">
              {t('reports.list.unknownPurpose', { name })}
            </Banner>
          ) : null}
        </>
      ) : null}

      {canExport && purpose ? (
        <div className="filters__actions">
          <button
            type="button"
            className="button"
            disabled={shownDownload?.state === 'busy'}
            aria-describedby={csvHintId}
            onClick={() => void onDownload()}
          >
            {shownDownload?.state === 'busy' ? t('reports.list.downloading') : t('reports.list.download')}
          </button>
          <p className="small muted" id={csvHintId}>
            {t('reports.list.downloadHint')}
          </p>
        </div>
      ) : null}
      {shownDownload?.state === 'done' ? (
        <Banner tone="info" testId="csv-downloaded">
          {t('reports.list.downloaded', { file: shownDownload.file })}
        </Banner>
      ) : null}
      {shownDownload?.state === 'failed' ? <Banner testId="csv-failed">{shownDownload.message}</Banner> : null}

      {contacts.error && errorCode && errorCode !== 'BAD_USER_INPUT' ? (
        <Banner
          action={
            <button type="button" className="button" onClick={contacts.retry}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(errorCode, t)}
        </Banner>
      ) : null}
      {errorCode === 'BAD_USER_INPUT' && Object.keys(serverErrors).length === 0 ? (
        <Banner>{generalMessage('BAD_USER_INPUT', t)}</Banner>
      ) : null}

      {!contacts.loaded && contacts.fetching ? <Loading /> : null}

      {contacts.loaded && contacts.rows.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('reports.list.empty')}</p>
        </div>
      ) : null}

      {purpose && contacts.rows.length > 0 ? (
        <ContactTable
          rows={contacts.rows}
          purpose={purpose}
          hasNextPage={contacts.hasNextPage}
          loadingMore={contacts.loadingMore}
          onLoadMore={contacts.loadMore}
        />
      ) : null}
    </section>
  );
}

interface TableProps {
  readonly rows: readonly ConsentReportRow[];
  readonly purpose: ConsentPurposeRefFragment;
  readonly hasNextPage: boolean;
  readonly loadingMore: boolean;
  readonly onLoadMore: () => void;
}

function ContactTable({ rows, purpose, hasNextPage, loadingMore, onLoadMore }: TableProps) {
  const { t, lang } = useI18n();
  const name = purposeName(purpose, lang);
  return (
    <div className="card card--flush">
      <p className="sr-only" role="status">
        {t(hasNextPage ? 'reports.list.countMore' : 'reports.list.count', { count: rows.length })}
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="consent-contacts-table">
          <caption className="sr-only">{t('reports.list.caption', { purpose: name })}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('reports.list.col.customerNumber')}
              </th>
              <th scope="col">{t('reports.list.col.customer')}</th>
              <th scope="col">{t('reports.list.col.contact')}</th>
              <th scope="col">{t('contacts.col.email')}</th>
              <th scope="col">{t('contacts.col.phone')}</th>
              <th scope="col">{name}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const consent = consentFor(row.contact, purpose.id);
              return (
                <tr key={row.contact.id} data-contact-id={row.contact.id}>
                  <td className="num">
                    <Link to={`/customers/${encodeURIComponent(row.customerId)}`}>{row.customerNumber}</Link>
                  </td>
                  <td>{row.customerName}</td>
                  <td>
                    <span className="strong">{row.contact.name}</span>
                  </td>
                  <td className="truncate">{row.contact.email ? <a href={`mailto:${row.contact.email}`}>{row.contact.email}</a> : ''}</td>
                  <td className="nowrap">
                    {row.contact.phone ? <a href={telHref(row.contact.phone)}>{formatPhone(row.contact.phone)}</a> : ''}
                  </td>
                  <td className="consent-cell">
                    {consent ? (
                      <ConsentStatusBadge consent={consent} purpose={name} />
                    ) : (
                      <span className="muted">{t('common.notSet')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {hasNextPage ? (
        <div className="card__footer">
          <button type="button" className="button" onClick={onLoadMore} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
