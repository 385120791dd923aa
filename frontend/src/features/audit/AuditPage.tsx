//! /admin/audit: the access log (READ_AUDIT_LOG), newest first, filtered by user, customer,
//! action prefix, outcome and period. The filter lives in the URL (`?customerId=…` is how the
//! customer card links here). Read-only by design: the log has no edit or delete anywhere.
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import type { AuditOutcome } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { fieldErrors, generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { AuditFilters } from './AuditFilters';
import {
  actorLabel,
  filterFromParams,
  filterToParams,
  formatDetails,
  isFiltered,
  OUTCOME_LABELS,
  toAuditFilter,
} from './auditFilter';
import { useAuditEvents, type AuditEventRow } from './useAuditEvents';

const AuditUsersQuery = graphql(`
  query AuditUsers {
    users {
      id
      name
      email
    }
  }
`);

const OUTCOME_TONES: Readonly<Record<AuditOutcome, 'neutral' | 'warning' | 'danger'>> = {
  SUCCESS: 'neutral',
  FAILURE: 'warning',
  DENIED: 'danger',
};

const COLUMNS = 7;

export function AuditPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  if (!hasRight(viewer, 'READ_AUDIT_LOG')) return <NoAccess body={t('audit.noAccess')} />;
  return <AuditLog canListUsers={hasRight(viewer, 'MANAGE_USERS')} />;
}

function AuditLog({ canListUsers }: { readonly canListUsers: boolean }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const values = filterFromParams(params);
  const canonical = filterToParams(values).toString();
  const events = useAuditEvents(toAuditFilter(values));
  const [usersResult] = useQuery({ query: AuditUsersQuery, pause: !canListUsers });

  if (!events.loaded && hasErrorCode(events.error, 'FORBIDDEN')) return <NoAccess body={t('audit.noAccess')} />;

  // Without the list (no right to it, or it failed) the user is typed as an id.
  const users = canListUsers && usersResult.data ? usersResult.data.users : null;
  const serverErrors = Object.fromEntries(
    Object.entries(fieldErrors(events.error, t('error.fieldInvalid'))).map(([field, message]) => [field.replace(/^filter\./, ''), message]),
  );
  const errorCode = primaryErrorCode(events.error);
  const filtered = isFiltered(values);

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('audit.title')}</h1>
          <p className="muted">{t('audit.intro')}</p>
        </div>
      </div>

      <AuditFilters
        // A new URL (Apply, Back, a link) starts the form over from it.
        key={canonical}
        initial={values}
        users={users}
        serverErrors={serverErrors}
        onApply={(next) => {
          setParams(filterToParams(next));
        }}
      />

      {values.customerId ? (
        <p className="small">
          <Link to={`/customers/${encodeURIComponent(values.customerId)}`}>{t('audit.openCustomer')}</Link>
        </p>
      ) : null}

      {events.error && errorCode && errorCode !== 'BAD_USER_INPUT' ? (
        <Banner
          action={
            <button type="button" className="button" onClick={events.retry}>
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

      {!events.loaded && events.fetching ? <Loading /> : null}

      {events.loaded && events.rows.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{filtered ? t('audit.noMatches') : t('audit.empty')}</p>
        </div>
      ) : null}

      {events.rows.length > 0 ? (
        <AuditTable rows={events.rows} hasNextPage={events.hasNextPage} loadingMore={events.loadingMore} onLoadMore={events.loadMore} />
      ) : null}
    </main>
  );
}

interface TableProps {
  readonly rows: readonly AuditEventRow[];
  readonly hasNextPage: boolean;
  readonly loadingMore: boolean;
  readonly onLoadMore: () => void;
}

function AuditTable({ rows, hasNextPage, loadingMore, onLoadMore }: TableProps) {
  const { t, locale } = useI18n();
  const now = useNow();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const toggle = (id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  return (
    <div className="card card--flush">
      <p className="sr-only" role="status">
        {t(hasNextPage ? 'audit.countMore' : 'audit.count', { count: rows.length })}
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="audit-table">
          <caption className="sr-only">{t('audit.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.col.time')}</th>
              <th scope="col">{t('audit.col.actor')}</th>
              <th scope="col">{t('audit.col.action')}</th>
              <th scope="col">{t('audit.col.entity')}</th>
              <th scope="col">{t('audit.col.outcome')}</th>
              <th scope="col">{t('audit.col.ip')}</th>
              <th scope="col" className="actions">
                <span className="sr-only">{t('audit.col.details')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((event) => {
              const open = expanded.has(event.id);
              const detailsId = `audit-details-${event.id}`;
              return (
                <Fragment key={event.id}>
                  <tr data-event-id={event.id} className={open ? 'is-expanded' : undefined}>
                    <td>
                      <Timestamp value={event.occurredAt} now={now} />
                    </td>
                    <td>
                      {event.actorName ? (
                        <span className="strong">{event.actorName}</span>
                      ) : (
                        <span className="muted">{actorLabel(event, t)}</span>
                      )}
                    </td>
                    <td>
                      <span className="mono">{event.action}</span>
                    </td>
                    <td>
                      {event.entityType ? (
                        <>
                          {event.entityType}
                          {event.entityId ? (
                            <>
                              <br />
                              {event.entityType === 'customer' ? (
                                <Link className="mono small" to={`/customers/${encodeURIComponent(event.entityId)}`}>
                                  {event.entityId}
                                </Link>
                              ) : (
                                <span className="mono small">{event.entityId}</span>
                              )}
                            </>
                          ) : null}
                        </>
                      ) : (
                        <span className="muted">{t('common.notSet')}</span>
                      )}
                    </td>
                    <td>
                      <Badge tone={OUTCOME_TONES[event.outcome]}>{t(OUTCOME_LABELS[event.outcome])}</Badge>
                    </td>
                    <td className="nowrap">{event.ip ? <span className="mono">{event.ip}</span> : null}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-expanded={open}
                        aria-controls={open ? detailsId : undefined}
                        aria-label={t('audit.detailsFor', {
                          action: event.action,
                          time: formatDateTime(event.occurredAt, locale),
                        })}
                        onClick={() => {
                          toggle(event.id);
                        }}
                      >
                        <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
                        {t('audit.details')}
                      </button>
                    </td>
                  </tr>
                  {open ? (
                    <tr id={detailsId} className="audit__details">
                      <td colSpan={COLUMNS}>
                        <AuditEventDetails event={event} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
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

function AuditEventDetails({ event }: { readonly event: AuditEventRow }) {
  const { t } = useI18n();
  const details = formatDetails(event.details);
  const none = <span className="muted">{t('common.notSet')}</span>;
  return (
    <div className="audit__details-body">
      <dl className="dl">
        <div className="dl__item">
          <dt>{t('audit.field.id')}</dt>
          <dd className="mono">{event.id}</dd>
        </div>
        <div className="dl__item">
          <dt>{t('audit.field.seq')}</dt>
          <dd>{event.seq === null ? <span className="muted">{t('audit.unsealed')}</span> : event.seq}</dd>
        </div>
        <div className="dl__item">
          <dt>{t('audit.field.actor')}</dt>
          <dd>
            {actorLabel(event, t)}
            {event.actorId ? <span className="mono small"> ({event.actorId})</span> : null}
          </dd>
        </div>
        <div className="dl__item">
          <dt>{t('audit.field.requestId')}</dt>
          <dd>{event.requestId ? <span className="mono">{event.requestId}</span> : none}</dd>
        </div>
      </dl>
      <h3 className="audit__details-title">{t('audit.field.details')}</h3>
      {details ? <pre className="json">{details}</pre> : <p className="muted">{t('audit.noDetails')}</p>}
    </div>
  );
}
