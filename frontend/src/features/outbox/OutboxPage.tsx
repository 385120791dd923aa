//! /admin/outbox (administrators): every e-mail Tillit has written, newest first: when, to whom,
//! the subject, what happened to it in words (Stored / Waiting to be sent / Sent / Failed), the
//! attempts and the last error. A row opens to show the message's text with its links. Without an
//! e-mail server messages are only stored here, and an administrator passes them on by hand.
import { Fragment, useState } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { useViewer } from '../../app/AppShell';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { CopyButton } from '../../components/CopyButton';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import type { OutboxMessagesQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { appendPage, linkify, mayHaveMore, MESSAGE_STATUS_COPY, messageKindLabel, nextBefore, OUTBOX_PAGE_SIZE } from './outbox';

const OutboxMessagesQueryDoc = graphql(`
  query OutboxMessages($first: Int!, $before: DateTime) {
    outgoingMessages(first: $first, before: $before) {
      id
      kind
      toAddress
      subject
      body
      status
      attempts
      lastError
      createdAt
      sentAt
    }
  }
`);

type Message = OutboxMessagesQuery['outgoingMessages'][number];

const COLUMNS = 7;

export function OutboxPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  // Administrators only (the server says FORBIDDEN to everyone else anyway).
  if (!viewer.isAdmin) return <NoAccess body={t('outbox.noAccess')} />;
  return <Outbox />;
}

interface More {
  /** The first page these follow (a reload of the first page starts over). */
  readonly basedOn: readonly Message[];
  readonly rows: readonly Message[];
  readonly mayHaveMore: boolean;
}

function Outbox() {
  const { t } = useI18n();
  const client = useClient();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: OutboxMessagesQueryDoc,
    variables: { first: OUTBOX_PAGE_SIZE, before: null },
    // New messages are written all the time: always ask the server.
    requestPolicy: 'cache-and-network',
  });
  const [more, setMore] = useState<More | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<CombinedError | null>(null);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('outbox.noAccess')} />;

  const first = data?.outgoingMessages;
  const current = first && more && more.basedOn === first ? more : null;
  const rows = first ? (current ? appendPage(first, current.rows) : first) : [];
  const hasMore = current ? current.mayHaveMore : first ? mayHaveMore(first.length) : false;

  const reload = () => {
    setMore(null);
    setMoreError(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  const loadMore = async () => {
    const before = nextBefore(rows);
    if (!first || !before || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    const result = await client
      .query(OutboxMessagesQueryDoc, { first: OUTBOX_PAGE_SIZE, before }, { requestPolicy: 'network-only' })
      .toPromise();
    setLoadingMore(false);
    const page = result.data?.outgoingMessages;
    if (!page) {
      if (result.error) setMoreError(result.error);
      return;
    }
    setMore({ basedOn: first, rows: appendPage(current?.rows ?? [], page), mayHaveMore: mayHaveMore(page.length) });
  };

  const listError = primaryErrorCode(error ?? moreError);

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('outbox.title')}</h1>
          <p className="muted">{t('outbox.intro')}</p>
        </div>
        <button type="button" className="button" onClick={reload} disabled={fetching}>
          {t('common.reload')}
        </button>
      </div>

      {!data && fetching ? <Loading /> : null}
      {listError && !fetching && !loadingMore ? (
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

      {data && rows.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('outbox.empty')}</p>
          <p className="muted">{t('outbox.emptyHint')}</p>
        </div>
      ) : null}

      {rows.length > 0 ? (
        <OutboxTable rows={rows} hasMore={hasMore} loadingMore={loadingMore} onLoadMore={() => void loadMore()} />
      ) : null}
    </main>
  );
}

interface TableProps {
  readonly rows: readonly Message[];
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly onLoadMore: () => void;
}

function OutboxTable({ rows, hasMore, loadingMore, onLoadMore }: TableProps) {
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
        {t(hasMore ? 'outbox.countMore' : 'outbox.count', { count: rows.length })}
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="outbox-table">
          <caption className="sr-only">{t('outbox.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('outbox.col.created')}</th>
              <th scope="col">{t('outbox.col.to')}</th>
              <th scope="col">{t('outbox.col.subject')}</th>
              <th scope="col">{t('outbox.col.status')}</th>
              <th scope="col">{t('outbox.col.attempts')}</th>
              <th scope="col">{t('outbox.col.lastError')}</th>
              <th scope="col" className="actions">
                <span className="sr-only">{t('outbox.col.message')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((message) => {
              const open = expanded.has(message.id);
              const bodyId = `outbox-message-${message.id}`;
              const status = MESSAGE_STATUS_COPY[message.status];
              return (
                <Fragment key={message.id}>
                  <tr
                    data-message-id={message.id}
                    data-status={message.status}
                    data-kind={message.kind}
                    className={open ? 'is-expanded' : undefined}
                  >
                    <td>
                      <Timestamp value={message.createdAt} now={now} />
                    </td>
                    <td className="truncate">{message.toAddress}</td>
                    <td>
                      <span className="strong">{message.subject}</span>
                      <span className="outbox__kind small muted">{messageKindLabel(message.kind, t)}</span>
                    </td>
                    <td>
                      <Badge tone={status.tone}>{t(status.label)}</Badge>
                      {message.sentAt ? (
                        <div className="outbox__when small muted">
                          {t('outbox.sentAt', { date: formatDateTime(message.sentAt, locale) })}
                        </div>
                      ) : null}
                    </td>
                    <td>{message.attempts}</td>
                    <td className="outbox__error">
                      {message.lastError ?? <span className="muted">{t('common.notSet')}</span>}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-expanded={open}
                        aria-controls={open ? bodyId : undefined}
                        aria-label={t('outbox.showFor', {
                          subject: message.subject,
                          to: message.toAddress,
                          time: formatDateTime(message.createdAt, locale),
                        })}
                        onClick={() => {
                          toggle(message.id);
                        }}
                      >
                        <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
                        {t('outbox.show')}
                      </button>
                    </td>
                  </tr>
                  {open ? (
                    <tr id={bodyId} className="outbox__details">
                      <td colSpan={COLUMNS}>
                        <MessageBody message={message} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {hasMore ? (
        <div className="card__footer">
          <button type="button" className="button" onClick={onLoadMore} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function MessageBody({ message }: { readonly message: Message }) {
  const { t } = useI18n();
  const segments = linkify(message.body);
  const links = [...new Set(segments.flatMap((s) => (s.kind === 'link' ? [s.href] : [])))];
  return (
    <div className="outbox__message" data-testid="outbox-message">
      {/* Links are shown, marked and copyable, but not clickable: opening a sign-in or invitation
          link here would use up the customer's one-time link (or sign the administrator in). */}
      <pre className="outbox__body" data-testid="outbox-body">
        {segments.map((segment, i) =>
          segment.kind === 'link' ? (
            <span key={i} className="outbox__link">
              {segment.href}
            </span>
          ) : (
            <Fragment key={i}>{segment.text}</Fragment>
          ),
        )}
      </pre>
      {links.length > 0 ? (
        <ul className="outbox__links" aria-label={t('outbox.links')}>
          {links.map((href, i) => (
            <li key={href}>
              <code className="mono outbox__link">{href}</code>
              <CopyButton
                text={href}
                label={links.length > 1 ? t('outbox.copyLinkNumber', { number: i + 1 }) : t('outbox.copyLink')}
              />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
