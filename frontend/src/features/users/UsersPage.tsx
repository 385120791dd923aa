//! /admin/users: every user, their access groups, and what a user manager (MANAGE_USERS) may do
//! to them (enable or disable, groups, reset MFA, end sessions) and "New user"; the
//! administrator role is for administrators only. The server enforces all of it (FORBIDDEN for
//! others); the page only hides what the viewer cannot use.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useViewer, type ShellViewer } from '../../app/AppShell';
import { loginPath } from '../../app/loginRedirect';
import { hasRight } from '../../app/rights';
import { useSession } from '../../app/session';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { MenuButton } from '../../components/Menu';
import { NoAccess } from '../../components/NoAccess';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import type { UserFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { useNow } from '../../lib/useNow';
import { byName } from '../groups/groups';
import { CreateUserDialog } from './CreateUserDialog';
import { UserGroupsDialog } from './UserGroupsDialog';
import {
  ACTION_LABELS,
  confirmCopy,
  conflictDetail,
  conflictMessage,
  DANGEROUS_ACTIONS,
  doneMessage,
  isLocked,
  signsViewerOut,
  userActions,
  type UserAction,
} from './users';

const UsersQuery = graphql(`
  query Users {
    users {
      ...UserFields
    }
  }
`);

const SetUserActiveMutation = graphql(`
  mutation SetUserActive($userId: ID!, $active: Boolean!) {
    setUserActive(userId: $userId, active: $active) {
      ...UserFields
    }
  }
`);

const SetUserAdminMutation = graphql(`
  mutation SetUserAdmin($userId: ID!, $isAdmin: Boolean!) {
    setUserAdmin(userId: $userId, isAdmin: $isAdmin) {
      ...UserFields
    }
  }
`);

const ResetUserMfaMutation = graphql(`
  mutation ResetUserMfa($userId: ID!) {
    resetUserMfa(userId: $userId)
  }
`);

const EndUserSessionsMutation = graphql(`
  mutation EndUserSessions($userId: ID!) {
    endUserSessions(userId: $userId)
  }
`);

// Resets and session ends answer a Boolean or a count (no type to invalidate), yet change
// `mfaEnabled` and `activeSessions`: naming `User` reloads the list after every action.
const USER_CONTEXT = { additionalTypenames: ['User'] };

type Pending = { readonly action: UserAction; readonly user: UserFieldsFragment } | null;
type Notice =
  | { readonly tone: 'info'; readonly text: string }
  | { readonly tone: 'error'; readonly text: string; readonly detail?: string | null }
  | null;

export function UsersPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  // Nothing to load for someone who may not see it (the server would say FORBIDDEN anyway).
  if (!hasRight(viewer, 'MANAGE_USERS')) return <NoAccess body={t('users.noAccess.body')} />;
  return <UsersAdmin viewer={viewer} />;
}

function UsersAdmin({ viewer }: { readonly viewer: ShellViewer }) {
  const { t, locale } = useI18n();
  const viewerId = viewer.id;
  const navigate = useNavigate();
  const { resetSession } = useSession();
  const now = useNow();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: UsersQuery, context: USER_CONTEXT });
  const [activeState, setUserActive] = useMutation(SetUserActiveMutation);
  const [adminState, setUserAdmin] = useMutation(SetUserAdminMutation);
  const [mfaState, resetUserMfa] = useMutation(ResetUserMfaMutation);
  const [sessionsState, endUserSessions] = useMutation(EndUserSessionsMutation);
  const busy = activeState.fetching || adminState.fetching || mfaState.fetching || sessionsState.fetching;
  const [pending, setPending] = useState<Pending>(null);
  const [creating, setCreating] = useState(false);
  const [editingGroups, setEditingGroups] = useState<UserFieldsFragment | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('users.noAccess.body')} />;

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  const run = async (action: UserAction, user: UserFieldsFragment) => {
    setNotice(null);
    let failed: CombinedError | undefined;
    let count = 0;
    switch (action) {
      case 'disable':
      case 'enable':
        failed = (await setUserActive({ userId: user.id, active: action === 'enable' }, USER_CONTEXT)).error;
        break;
      case 'makeAdmin':
      case 'removeAdmin':
        failed = (await setUserAdmin({ userId: user.id, isAdmin: action === 'makeAdmin' }, USER_CONTEXT)).error;
        break;
      case 'resetMfa':
        failed = (await resetUserMfa({ userId: user.id }, USER_CONTEXT)).error;
        break;
      case 'endSessions': {
        const result = await endUserSessions({ userId: user.id }, USER_CONTEXT);
        failed = result.error;
        count = result.data?.endUserSessions ?? 0;
        break;
      }
    }
    setPending(null);

    if (!failed) {
      if (signsViewerOut(action, user, viewerId)) {
        // This browser's session was one of them.
        resetSession();
        void navigate(loginPath(null), { replace: true });
        return;
      }
      if (action === 'removeAdmin' && user.id === viewerId) {
        // The viewer is staff now: load `me` again (without MANAGE_USERS from a group, the page
        // then says there is no access).
        resetSession();
        return;
      }
      setNotice({ tone: 'info', text: doneMessage(action, user.name, t, count) });
      return;
    }
    const code = primaryErrorCode(failed) ?? 'INTERNAL';
    if (code === 'CONFLICT') {
      setNotice({ tone: 'error', text: conflictMessage(action, t), detail: conflictDetail(failed) });
    } else if (code === 'NOT_FOUND') {
      setNotice({ tone: 'error', text: t('users.notFound') });
      reload();
    } else {
      setNotice({ tone: 'error', text: generalMessage(code, t) });
    }
  };

  const users = data?.users ?? [];
  const listError = primaryErrorCode(error);
  const copy = pending ? confirmCopy(pending.action, pending.user, viewerId, t) : null;

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="muted">{t('users.intro')}</p>
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
          {t('users.new')}
        </button>
      </div>

      {notice ? (
        <Banner tone={notice.tone} testId={notice.tone === 'error' ? 'users-error' : 'users-notice'}>
          {notice.text}
          {notice.tone === 'error' && notice.detail ? (
            <span className="banner__detail small">{t('users.conflict.server', { message: notice.detail })}</span>
          ) : null}
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

      {users.length > 0 ? (
        <div className="card card--flush">
          <div className="table-scroll">
            <table className="table" data-testid="users-table">
              <caption className="sr-only">{t('users.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.col.name')}</th>
                  <th scope="col">{t('users.col.email')}</th>
                  <th scope="col">{t('users.col.role')}</th>
                  <th scope="col">{t('users.col.groups')}</th>
                  <th scope="col">{t('users.col.status')}</th>
                  <th scope="col">{t('users.col.mfa')}</th>
                  <th scope="col">{t('users.col.lockedUntil')}</th>
                  <th scope="col" className="num num--wide">
                    {t('users.col.sessions')}
                  </th>
                  <th scope="col" className="actions">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((user) => {
                  const self = user.id === viewerId;
                  return (
                    <tr key={user.id} className={user.active ? undefined : 'is-archived'} data-user-id={user.id}>
                      <td>
                        <span className="strong">{user.name}</span>
                        {self ? (
                          <>
                            {' '}
                            <Badge tone="muted">{t('users.you')}</Badge>
                          </>
                        ) : null}
                      </td>
                      <td className="truncate">{user.email}</td>
                      <td className="nowrap">{user.isAdmin ? t('users.role.admin') : t('users.role.staff')}</td>
                      <td>
                        {user.groups.length > 0 ? (
                          <ul className="tag-list" aria-label={t('users.groupsOf', { name: user.name })}>
                            {byName(user.groups, locale).map((group) => (
                              <li key={group.id} className="tag">
                                {group.name}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">{t('users.noGroups')}</span>
                        )}
                      </td>
                      <td>
                        {user.active ? (
                          <Badge tone="neutral">{t('users.status.active')}</Badge>
                        ) : (
                          <Badge tone="warning">{t('users.status.disabled')}</Badge>
                        )}
                      </td>
                      <td>{user.mfaEnabled ? t('users.mfa.on') : t('users.mfa.off')}</td>
                      <td>{user.lockedUntil && isLocked(user.lockedUntil, now) ? <Timestamp value={user.lockedUntil} now={now} /> : null}</td>
                      <td className="num num--wide">{user.activeSessions}</td>
                      <td className="actions">
                        <MenuButton
                          fixed
                          label={t('users.actionsFor', { name: user.name })}
                          items={[
                            {
                              id: 'groups',
                              label: t('users.action.groups'),
                              onSelect: () => {
                                setNotice(null);
                                setEditingGroups(user);
                              },
                            },
                            ...userActions(user, viewerId, viewer.isAdmin).map((action) => ({
                              id: action,
                              label: t(ACTION_LABELS[action]),
                              danger: DANGEROUS_ACTIONS.has(action),
                              onSelect: () => {
                                setNotice(null);
                                setPending({ action, user });
                              },
                            })),
                          ]}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {editingGroups ? (
        <UserGroupsDialog
          user={editingGroups}
          viewer={viewer}
          onClose={() => {
            setEditingGroups(null);
          }}
          onSaved={(user) => {
            setEditingGroups(null);
            setNotice({ tone: 'info', text: t('users.groups.saved', { name: user.name }) });
          }}
        />
      ) : null}

      {creating ? (
        <CreateUserDialog
          canGrantAdmin={viewer.isAdmin}
          onClose={() => {
            setCreating(false);
          }}
          onCreated={(user) => {
            setCreating(false);
            setNotice({ tone: 'info', text: t('users.created', { name: user.name }) });
          }}
        />
      ) : null}

      <ConfirmDialog
        open={pending !== null}
        title={copy?.title ?? ''}
        confirmLabel={copy?.confirmLabel ?? ''}
        danger={copy?.danger}
        busy={busy}
        onConfirm={() => {
          if (pending) void run(pending.action, pending.user);
        }}
        onCancel={() => {
          setPending(null);
        }}
      >
        <p>{copy?.body}</p>
      </ConfirmDialog>
    </main>
  );
}
