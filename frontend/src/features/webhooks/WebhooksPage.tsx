//! /admin/webhooks (administrators): the addresses Tillit tells about consent changes, with the
//! events each gets, when it was registered, how many deliveries are waiting (a warning when the
//! receiver does not answer) and when one last arrived. A row opens its latest deliveries (status
//! in words, attempts, the last answer, the next attempt); "New webhook" shows the signing secret
//! once; "Remove" discards the queue. The server enforces all of it.
import { Fragment, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import type { WebhookEndpointFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { useNow } from '../../lib/useNow';
import { WEBHOOK_CONTEXT, WebhookFormDialog } from './WebhookFormDialog';
import {
  DELIVERIES_SHOWN,
  DELIVERY_STATUS_COPY,
  EVENT_COPY,
  eventTypeLabel,
  lastAnswer,
  sortEvents,
  waitingSummary,
  webhookFailureMessage,
} from './webhooks';

const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      ...WebhookEndpointFields
    }
  }
`);

const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($endpointId: ID!, $first: Int!) {
    webhookDeliveries(endpointId: $endpointId, first: $first) {
      id
      eventType
      status
      attempts
      lastStatus
      lastError
      nextAttemptAt
      createdAt
      deliveredAt
    }
  }
`);

const DeleteWebhookEndpointMutation = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

type Endpoint = WebhookEndpointFieldsFragment;
type Notice = { readonly tone: 'info' | 'error'; readonly text: string } | null;

const COLUMNS = 6;

export function WebhooksPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  // Administrators only (the server says FORBIDDEN to everyone else anyway).
  if (!viewer.isAdmin) return <NoAccess body={t('webhooks.noAccess')} />;
  return <Webhooks />;
}

function Webhooks() {
  const { t } = useI18n();
  const now = useNow();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: WebhookEndpointsQuery,
    context: WEBHOOK_CONTEXT,
    // The waiting counts change all the time: always ask the server too.
    requestPolicy: 'cache-and-network',
  });
  const [removeState, removeEndpoint] = useMutation(DeleteWebhookEndpointMutation);
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<Endpoint | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice>(null);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('webhooks.noAccess')} />;

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  const toggle = (id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const confirmRemove = async () => {
    if (!removing) return;
    const endpoint = removing;
    const result = await removeEndpoint({ id: endpoint.id }, WEBHOOK_CONTEXT);
    setRemoving(null);
    if (result.error) {
      setNotice({ tone: 'error', text: webhookFailureMessage(result.error, t) });
      if (hasErrorCode(result.error, 'NOT_FOUND')) reload();
      return;
    }
    setExpanded((prev) => {
      const next = new Set(prev);
      next.delete(endpoint.id);
      return next;
    });
    setNotice({ tone: 'info', text: t('webhooks.removed', { url: endpoint.url }) });
    reload();
  };

  const endpoints = data?.webhookEndpoints ?? [];
  const listError = primaryErrorCode(error);

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('webhooks.title')}</h1>
          <p className="muted">{t('webhooks.intro')}</p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setNotice(null);
            setCreating(true);
          }}
        >
          <span aria-hidden="true">+ </span>
          {t('webhooks.new')}
        </button>
      </div>

      {notice ? (
        <Banner tone={notice.tone} testId={notice.tone === 'error' ? 'webhooks-error' : 'webhooks-notice'}>
          {notice.text}
        </Banner>
      ) : null}

      {!data && fetching ? <Loading /> : null}
      {listError && !fetching ? (
        <Banner
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(listError, t)}
        </Banner>
      ) : null}

      {data && endpoints.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('webhooks.empty')}</p>
          <p className="muted">{t('webhooks.emptyHint')}</p>
        </div>
      ) : null}

      {endpoints.length > 0 ? (
        <div className="card card--flush">
          <div className="table-scroll">
            <table className="table" data-testid="webhooks-table">
              <caption className="sr-only">{t('webhooks.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.col.url')}</th>
                  <th scope="col">{t('webhooks.col.events')}</th>
                  <th scope="col">{t('webhooks.col.created')}</th>
                  <th scope="col">{t('webhooks.col.waiting')}</th>
                  <th scope="col">{t('webhooks.col.lastDelivered')}</th>
                  <th scope="col" className="actions">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((endpoint) => {
                  const open = expanded.has(endpoint.id);
                  const panelId = `webhook-deliveries-${endpoint.id}`;
                  const waiting = waitingSummary(endpoint.pendingDeliveries, t);
                  return (
                    <Fragment key={endpoint.id}>
                      <tr
                        data-endpoint-id={endpoint.id}
                        data-pending={endpoint.pendingDeliveries}
                        className={open ? 'is-expanded' : endpoint.active ? undefined : 'is-archived'}
                      >
                        <td className="webhook__url">
                          <code className="mono" data-testid="webhook-url">
                            {endpoint.url}
                          </code>
                          {endpoint.active ? null : (
                            <div className="webhook__inactive">
                              <Badge tone="muted">{t('webhooks.inactive')}</Badge>
                            </div>
                          )}
                        </td>
                        <td>
                          <ul className="tag-list" aria-label={t('webhooks.eventsOf', { url: endpoint.url })}>
                            {sortEvents(endpoint.events).map((event) => (
                              <li key={event} className="tag">
                                {t(EVENT_COPY[event].label)}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td>
                          <Timestamp value={endpoint.createdAt} now={now} />
                        </td>
                        <td data-testid="webhook-waiting">
                          {waiting.warning ? (
                            <Badge tone="warning">{waiting.text}</Badge>
                          ) : (
                            <span className="muted">{waiting.text}</span>
                          )}
                        </td>
                        <td data-testid="webhook-last-delivered">
                          {endpoint.lastDeliveredAt ? (
                            <Timestamp value={endpoint.lastDeliveredAt} now={now} />
                          ) : (
                            <span className="muted">{t('webhooks.never')}</span>
                          )}
                        </td>
                        <td className="actions">
                          <div className="row-actions">
                            <button
                              type="button"
                              className="button button--small"
                              aria-expanded={open}
                              aria-controls={open ? panelId : undefined}
                              aria-label={t('webhooks.deliveriesFor', { url: endpoint.url })}
                              onClick={() => {
                                toggle(endpoint.id);
                              }}
                            >
                              <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
                              {t('webhooks.deliveries')}
                            </button>
                            <button
                              type="button"
                              className="button button--small button--danger-outline"
                              aria-label={t('webhooks.removeNamed', { url: endpoint.url })}
                              onClick={() => {
                                setNotice(null);
                                setRemoving(endpoint);
                              }}
                            >
                              {t('webhooks.remove')}
                            </button>
                          </div>
                        </td>
                      </tr>
                      {open ? (
                        <tr id={panelId} className="webhook__deliveries-row">
                          <td colSpan={COLUMNS}>
                            <Deliveries endpoint={endpoint} now={now} onRefresh={reload} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {creating ? (
        <WebhookFormDialog
          onCancel={() => {
            setCreating(false);
          }}
          onDone={(url) => {
            // The dialog (and the secret in its state) is gone with this; the list is loaded again.
            setCreating(false);
            setNotice({ tone: 'info', text: t('webhooks.created', { url }) });
            reload();
          }}
        />
      ) : null}

      <ConfirmDialog
        open={removing !== null}
        title={t('webhooks.remove.title')}
        confirmLabel={t('webhooks.remove.confirm')}
        danger
        busy={removeState.fetching}
        onConfirm={() => void confirmRemove()}
        onCancel={() => {
          setRemoving(null);
        }}
      >
        <p>{t('webhooks.remove.body', { url: removing?.url ?? '' })}</p>
        {removing && removing.pendingDeliveries > 0 ? (
          <p className="strong">{t('webhooks.remove.waiting', { count: removing.pendingDeliveries })}</p>
        ) : null}
      </ConfirmDialog>
    </main>
  );
}

interface DeliveriesProps {
  readonly endpoint: Endpoint;
  readonly now: number;
  /** Loads the endpoints again too (their waiting counts). */
  readonly onRefresh: () => void;
}

function Deliveries({ endpoint, now, onRefresh }: DeliveriesProps) {
  const { t } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { endpointId: endpoint.id, first: DELIVERIES_SHOWN },
    requestPolicy: 'cache-and-network',
  });
  const deliveries = data?.webhookDeliveries ?? [];

  const refresh = () => {
    reexecute({ requestPolicy: 'network-only' });
    onRefresh();
  };

  return (
    <div className="webhook__deliveries" data-testid="webhook-deliveries">
      <div className="webhook__deliveries-header">
        <h2 className="webhook__deliveries-title">{t('webhooks.deliveries.title')}</h2>
        <button type="button" className="button button--small" onClick={refresh} disabled={fetching}>
          {fetching ? t('common.loading') : t('webhooks.deliveries.refresh')}
        </button>
      </div>

      {error && !fetching ? <Banner>{webhookFailureMessage(error, t)}</Banner> : null}
      {!data && fetching ? <Loading /> : null}

      {data && deliveries.length === 0 ? (
        <p className="muted" role="status">
          {t('webhooks.deliveries.empty')}
        </p>
      ) : null}

      {deliveries.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="webhook-deliveries-table">
            <caption className="sr-only">{t('webhooks.deliveries.list', { url: endpoint.url })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveries.col.time')}</th>
                <th scope="col">{t('webhooks.deliveries.col.event')}</th>
                <th scope="col">{t('webhooks.deliveries.col.status')}</th>
                <th scope="col">{t('webhooks.deliveries.col.attempts')}</th>
                <th scope="col">{t('webhooks.deliveries.col.answer')}</th>
                <th scope="col">{t('webhooks.deliveries.col.next')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => {
                const status = DELIVERY_STATUS_COPY[delivery.status];
                const answer = lastAnswer(delivery, t);
                return (
                  <tr key={delivery.id} data-delivery-id={delivery.id} data-status={delivery.status}>
                    <td>
                      <Timestamp value={delivery.createdAt} now={now} />
                    </td>
                    <td>{eventTypeLabel(delivery.eventType, t)}</td>
                    <td>
                      <Badge tone={status.tone}>{t(status.label)}</Badge>
                      {delivery.deliveredAt ? (
                        <div className="webhook__when">
                          <Timestamp value={delivery.deliveredAt} now={now} />
                        </div>
                      ) : null}
                    </td>
                    <td>{delivery.attempts}</td>
                    <td className="webhook__answer">{answer ?? <span className="muted">{t('webhooks.deliveries.notTried')}</span>}</td>
                    <td>
                      {delivery.status === 'PENDING' ? (
                        <Timestamp value={delivery.nextAttemptAt} now={now} />
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
      ) : null}
    </div>
  );
}
