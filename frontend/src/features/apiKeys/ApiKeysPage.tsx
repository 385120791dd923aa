//! /admin/api-keys: the API keys other systems (the webshop) use, newest first, with what each
//! may do, which restricted customers it sees, its status in words and when it was last used;
//! "New API key" (the secret is shown once) and "Revoke" (MANAGE_API_KEYS). The server enforces
//! all of it; the page only hides what the viewer cannot use.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight, type RightsHolder } from '../../app/rights';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import type { ApiKeyFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { useNow } from '../../lib/useNow';
import { byName } from '../groups/groups';
import { API_KEY_CONTEXT, ApiKeyFormDialog } from './ApiKeyFormDialog';
import { maskedKey, revokeFailureMessage, SCOPE_COPY, sortScopes, STATUS_COPY } from './apiKeys';

const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      ...ApiKeyFields
    }
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      ...ApiKeyFields
    }
  }
`);

type Notice = { readonly tone: 'info' | 'error'; readonly text: string } | null;

export function ApiKeysPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  // Nothing to load for someone who may not see it (the server would say FORBIDDEN anyway).
  if (!hasRight(viewer, 'MANAGE_API_KEYS')) return <NoAccess body={t('apiKeys.noAccess')} />;
  return <ApiKeysAdmin viewer={viewer} />;
}

function ApiKeysAdmin({ viewer }: { readonly viewer: RightsHolder }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ApiKeysQuery, context: API_KEY_CONTEXT });
  const [revokeState, revokeKey] = useMutation(RevokeApiKeyMutation);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyFieldsFragment | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('apiKeys.noAccess')} />;

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  const confirmRevoke = async () => {
    if (!revoking) return;
    const key = revoking;
    const result = await revokeKey({ id: key.id }, API_KEY_CONTEXT);
    setRevoking(null);
    if (result.error) {
      setNotice({ tone: 'error', text: revokeFailureMessage(result.error, t) });
      if (hasErrorCode(result.error, 'NOT_FOUND')) reload();
      return;
    }
    setNotice({ tone: 'info', text: t('apiKeys.revoked', { name: key.name }) });
  };

  // Newest first, as the server lists them.
  const keys = data?.apiKeys ?? [];
  const listError = primaryErrorCode(error);

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('apiKeys.title')}</h1>
          <p className="muted">{t('apiKeys.intro')}</p>
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
          {t('apiKeys.new')}
        </button>
      </div>

      {notice ? (
        <Banner tone={notice.tone} testId={notice.tone === 'error' ? 'api-keys-error' : 'api-keys-notice'}>
          {notice.text}
        </Banner>
      ) : null}

      {!data && fetching ? <Loading /> : null}
      {!data && listError && !fetching ? (
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

      {data && keys.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('apiKeys.empty')}</p>
          <p className="muted">{t('apiKeys.emptyHint')}</p>
        </div>
      ) : null}

      {keys.length > 0 ? (
        <div className="card card--flush">
          <div className="table-scroll">
            <table className="table" data-testid="api-keys-table">
              <caption className="sr-only">{t('apiKeys.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('apiKeys.col.name')}</th>
                  <th scope="col">{t('apiKeys.col.scopes')}</th>
                  <th scope="col">{t('apiKeys.col.groups')}</th>
                  <th scope="col">{t('apiKeys.col.status')}</th>
                  <th scope="col">{t('apiKeys.col.created')}</th>
                  <th scope="col">{t('apiKeys.col.lastUsed')}</th>
                  <th scope="col">{t('apiKeys.col.expires')}</th>
                  <th scope="col" className="actions">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => {
                  const status = STATUS_COPY[key.status];
                  return (
                    <tr
                      key={key.id}
                      className={key.status === 'ACTIVE' ? undefined : 'is-archived'}
                      data-api-key-id={key.id}
                      data-status={key.status}
                    >
                      <td>
                        <span className="strong">{key.name}</span>
                        <span className="api-key__prefix">
                          <code className="mono nowrap" data-testid="api-key-prefix">
                            {maskedKey(key.prefix)}
                          </code>
                        </span>
                      </td>
                      <td>
                        <ul className="tag-list" aria-label={t('apiKeys.scopesOf', { name: key.name })}>
                          {sortScopes(key.scopes).map((scope) => (
                            <li key={scope} className="tag">
                              {t(SCOPE_COPY[scope].label)}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        {key.groups.length > 0 ? (
                          <ul className="tag-list" aria-label={t('apiKeys.groupsOf', { name: key.name })}>
                            {byName(key.groups, locale).map((group) => (
                              <li key={group.id} className="tag">
                                {group.name}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">{t('apiKeys.allUnrestricted')}</span>
                        )}
                      </td>
                      <td>
                        <Badge tone={status.tone}>{t(status.label)}</Badge>
                        {key.revokedAt ? (
                          <div className="api-key__when">
                            <Timestamp value={key.revokedAt} now={now} />
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <Timestamp value={key.createdAt} now={now} />
                      </td>
                      <td>{key.lastUsedAt ? <Timestamp value={key.lastUsedAt} now={now} /> : <span className="muted">{t('apiKeys.never')}</span>}</td>
                      <td>{key.expiresAt ? <Timestamp value={key.expiresAt} now={now} /> : <span className="muted">{t('apiKeys.never')}</span>}</td>
                      <td className="actions">
                        {key.status === 'ACTIVE' ? (
                          <div className="row-actions">
                            <button
                              type="button"
                              className="button button--small button--danger-outline"
                              aria-label={t('apiKeys.revokeNamed', { name: key.name })}
                              onClick={() => {
                                setNotice(null);
                                setRevoking(key);
                              }}
                            >
                              {t('apiKeys.revoke')}
                            </button>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {creating ? (
        <ApiKeyFormDialog
          viewer={viewer}
          onCancel={() => {
            setCreating(false);
          }}
          onDone={(name) => {
            // The dialog (and the secret in its state) is gone with this; the list is loaded again.
            setCreating(false);
            setNotice({ tone: 'info', text: t('apiKeys.created', { name }) });
            reload();
          }}
        />
      ) : null}

      <ConfirmDialog
        open={revoking !== null}
        title={t('apiKeys.revoke.title', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiKeys.revoke.confirm')}
        danger
        busy={revokeState.fetching}
        onConfirm={() => void confirmRevoke()}
        onCancel={() => {
          setRevoking(null);
        }}
      >
        <p>{t('apiKeys.revoke.body')}</p>
      </ConfirmDialog>
    </main>
  );
}
