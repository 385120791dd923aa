//! "Your sessions" on /account: where the user is signed in, with a way to end any session but
//! this browser's, one by one or all at once.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import type { MySessionsQuery as MySessionsResult } from '../../gql/graphql';
import { useI18n, useT } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { useNow } from '../../lib/useNow';
import { describeUserAgent } from './userAgent';

const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      createdAt
      lastSeenAt
      expiresAt
      ip
      userAgent
      current
    }
  }
`);

const EndSessionMutation = graphql(`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`);

const EndOtherSessionsMutation = graphql(`
  mutation EndOtherSessions {
    endOtherSessions
  }
`);

/**
 * The mutations answer a Boolean or a count, which names no type for the document cache to
 * invalidate: naming `Session` makes the list load again after each of them.
 */
export const SESSION_CONTEXT = { additionalTypenames: ['Session'] };

type Session = MySessionsResult['mySessions'][number];
type Notice = { readonly tone: 'info' | 'error'; readonly text: string } | null;

export function SessionsSection() {
  const t = useT();
  const { locale } = useI18n();
  const now = useNow();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: MySessionsQuery, context: SESSION_CONTEXT });
  const [, endSession] = useMutation(EndSessionMutation);
  const [endOthersState, endOtherSessions] = useMutation(EndOtherSessionsMutation);
  const [endingId, setEndingId] = useState<string | null>(null);
  const [confirmOthers, setConfirmOthers] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const sessions = data?.mySessions ?? [];
  const others = sessions.filter((s) => !s.current).length;
  const listError = primaryErrorCode(error);

  const endOne = async (session: Session) => {
    setNotice(null);
    setEndingId(session.id);
    const result = await endSession({ id: session.id }, SESSION_CONTEXT);
    setEndingId(null);
    if (result.data) {
      setNotice({ tone: 'info', text: result.data.endSession ? t('account.sessions.ended') : t('account.sessions.alreadyEnded') });
      return;
    }
    const code = primaryErrorCode(result.error) ?? 'INTERNAL';
    if (code === 'NOT_FOUND') {
      setNotice({ tone: 'info', text: t('account.sessions.alreadyEnded') });
      reexecute({ requestPolicy: 'network-only' });
    } else {
      setNotice({ tone: 'error', text: generalMessage(code, t) });
    }
  };

  const endOthers = async () => {
    setNotice(null);
    const result = await endOtherSessions({}, SESSION_CONTEXT);
    setConfirmOthers(false);
    if (result.data) {
      const count = result.data.endOtherSessions;
      const text =
        count === 0
          ? t('account.sessions.endOthers.doneNone')
          : count === 1
            ? t('account.sessions.endOthers.doneOne')
            : t('account.sessions.endOthers.doneMany', { count });
      setNotice({ tone: 'info', text });
    } else {
      setNotice({ tone: 'error', text: generalMessage(primaryErrorCode(result.error) ?? 'INTERNAL', t) });
    }
  };

  return (
    <section className="card card--flush" aria-labelledby="sessions-title">
      <div className="card__header">
        <div>
          <h2 className="card__title" id="sessions-title">
            {t('account.sessions.title')}
          </h2>
          <p className="small muted card__subtitle">{t('account.sessions.intro')}</p>
        </div>
        {data ? (
          <div className="card__tools">
            {others > 0 ? (
              <button
                type="button"
                className="button button--danger-outline"
                onClick={() => {
                  setNotice(null);
                  setConfirmOthers(true);
                }}
              >
                {t('account.sessions.endOthers')}
              </button>
            ) : (
              <span className="small muted">{t('account.sessions.noOthers')}</span>
            )}
          </div>
        ) : null}
      </div>

      {notice ? (
        <Banner tone={notice.tone} testId="sessions-notice">
          {notice.text}
        </Banner>
      ) : null}

      {!data && fetching ? <Loading /> : null}
      {!data && listError && !fetching ? (
        <Banner
          action={
            <button
              type="button"
              className="button"
              onClick={() => {
                reexecute({ requestPolicy: 'network-only' });
              }}
            >
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(listError, t)}
        </Banner>
      ) : null}

      {data && sessions.length === 0 ? (
        <p className="empty muted" role="status">
          {t('account.sessions.empty')}
        </p>
      ) : null}

      {sessions.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="sessions-table">
            <caption className="sr-only">{t('account.sessions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.sessions.col.browser')}</th>
                <th scope="col">{t('account.sessions.col.ip')}</th>
                <th scope="col">{t('account.sessions.col.started')}</th>
                <th scope="col">{t('account.sessions.col.lastSeen')}</th>
                <th scope="col">{t('account.sessions.col.expires')}</th>
                <th scope="col" className="actions">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => {
                const browser = describeUserAgent(session.userAgent, t);
                return (
                  <tr
                    key={session.id}
                    className={session.current ? 'is-current' : undefined}
                    data-session-id={session.id}
                  >
                    <td>
                      <span className="strong" title={session.userAgent ?? undefined}>
                        {browser}
                      </span>
                      {session.current ? (
                        <>
                          {' '}
                          <Badge tone="neutral">{t('account.sessions.current')}</Badge>
                        </>
                      ) : null}
                    </td>
                    <td className="mono nowrap">{session.ip ?? t('common.notSet')}</td>
                    <td>
                      <Timestamp value={session.createdAt} now={now} />
                    </td>
                    <td>
                      <Timestamp value={session.lastSeenAt} now={now} />
                    </td>
                    <td>
                      <Timestamp value={session.expiresAt} now={now} />
                    </td>
                    <td className="actions">
                      {session.current ? null : (
                        <button
                          type="button"
                          className="button button--small button--danger-outline"
                          aria-label={t('account.sessions.endNamed', {
                            browser,
                            started: formatDateTime(session.createdAt, locale),
                          })}
                          disabled={endingId === session.id}
                          onClick={() => void endOne(session)}
                        >
                          {t('account.sessions.end')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      <ConfirmDialog
        open={confirmOthers}
        title={t('account.sessions.endOthers.title')}
        confirmLabel={t('account.sessions.endOthers.confirm')}
        danger
        busy={endOthersState.fetching}
        onConfirm={() => void endOthers()}
        onCancel={() => {
          setConfirmOthers(false);
        }}
      >
        <p>
          {others === 1
            ? t('account.sessions.endOthers.bodyOne')
            : t('account.sessions.endOthers.bodyMany', { count: others })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
