//! The signed-in frame: header (brand, navigation, language, user menu) around the pages.
//! It loads the viewer; without a session the client's UNAUTHENTICATED signal leads to /login.
//! The pages inside get the viewer from `useViewer()`.
import { useState } from 'react';
import { NavLink, Navigate, Outlet, useLocation, useNavigate, useOutletContext } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Banner } from '../components/Banner';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Loading } from '../components/Loading';
import { MenuButton } from '../components/Menu';
import { graphql } from '../gql';
import type { ViewerQuery as ViewerQueryResult } from '../gql/graphql';
import { useT } from '../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../lib/errors';
import { loginPath } from './loginRedirect';
import { hasRight } from './rights';
import { useSession } from './session';

const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      email
      name
      isAdmin
      mfaEnabled
      rights
    }
  }
`);

export type ShellViewer = ViewerQueryResult['me'];

/** The signed-in user, for pages rendered inside the shell. */
export function useViewer(): ShellViewer {
  return useOutletContext<ShellViewer>();
}

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export function AppShell() {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const { resetSession } = useSession();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ViewerQuery });
  const [, logout] = useMutation(LogoutMutation);
  const [logoutFailed, setLogoutFailed] = useState(false);

  if (!data) {
    if (hasErrorCode(error, 'UNAUTHENTICATED')) {
      return <Navigate to={loginPath(location.pathname + location.search)} replace />;
    }
    if (error && !fetching) {
      const code = primaryErrorCode(error) ?? 'INTERNAL';
      return (
        <main className="page page--narrow" id="main">
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
            {generalMessage(code, t)}
          </Banner>
        </main>
      );
    }
    return (
      <main className="page page--narrow" id="main">
        <Loading label={t('app.loading')} />
      </main>
    );
  }

  const viewer = data.me;
  const onLogout = async () => {
    setLogoutFailed(false);
    const result = await logout({});
    if (result.error && !hasErrorCode(result.error, 'UNAUTHENTICATED')) {
      setLogoutFailed(true);
      return;
    }
    resetSession();
    void navigate('/login', { replace: true });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <NavLink to="/customers" className="brand">
            <span className="brand__mark" aria-hidden="true">
              T
            </span>
            {t('app.name')}
          </NavLink>
          <nav className="topnav" aria-label={t('app.mainNav')}>
            {hasRight(viewer, 'READ_CUSTOMERS') ? (
              <>
                <NavLink to="/customers" className="topnav__link">
                  {t('nav.customers')}
                </NavLink>
                <NavLink to="/planning" className="topnav__link">
                  {t('nav.planning')}
                </NavLink>
                <NavLink to="/reports/consents" className="topnav__link">
                  {t('nav.reports')}
                </NavLink>
              </>
            ) : null}
            {hasRight(viewer, 'MANAGE_USERS') ? (
              <>
                <NavLink to="/admin/users" className="topnav__link">
                  {t('nav.users')}
                </NavLink>
                <NavLink to="/admin/groups" className="topnav__link">
                  {t('nav.groups')}
                </NavLink>
              </>
            ) : null}
            {hasRight(viewer, 'MANAGE_API_KEYS') ? (
              <NavLink to="/admin/api-keys" className="topnav__link">
                {t('nav.apiKeys')}
              </NavLink>
            ) : null}
            {hasRight(viewer, 'READ_AUDIT_LOG') ? (
              <NavLink to="/admin/audit" className="topnav__link">
                {t('nav.audit')}
              </NavLink>
            ) : null}
            {hasRight(viewer, 'MANAGE_SETTINGS') ? (
              <>
                <NavLink to="/admin/privacy" className="topnav__link">
                  {t('nav.privacy')}
                </NavLink>
                <NavLink to="/admin/consents" className="topnav__link">
                  {t('nav.consents')}
                </NavLink>
              </>
            ) : null}
            {hasRight(viewer, 'ANONYMIZE') || hasRight(viewer, 'MANAGE_SETTINGS') ? (
              <NavLink to="/admin/retention" className="topnav__link">
                {t('nav.retention')}
              </NavLink>
            ) : null}
            {hasRight(viewer, 'RUN_BACKUPS') ? (
              <NavLink to="/admin/backups" className="topnav__link">
                {t('nav.backups')}
              </NavLink>
            ) : null}
            {viewer.isAdmin ? (
              <>
                <NavLink to="/admin/webhooks" className="topnav__link">
                  {t('nav.webhooks')}
                </NavLink>
                <NavLink to="/admin/outbox" className="topnav__link">
                  {t('nav.outbox')}
                </NavLink>
                <NavLink to="/admin/anonymizations" className="topnav__link">
                  {t('nav.anonymizations')}
                </NavLink>
              </>
            ) : null}
          </nav>
          <div className="topbar__end">
            <LanguageSwitch />
            <MenuButton
              label={t('user.menu', { name: viewer.name })}
              header={<span className="muted small">{t('user.signedInAs', { email: viewer.email })}</span>}
              items={[
                { id: 'account', label: t('user.account'), onSelect: () => void navigate('/account') },
                ...(viewer.mfaEnabled
                  ? [
                      {
                        id: 'recovery-codes',
                        label: t('user.recoveryCodes'),
                        onSelect: () => void navigate('/account/recovery-codes'),
                      },
                    ]
                  : []),
                { id: 'logout', label: t('user.logout'), onSelect: () => void onLogout() },
              ]}
            >
              <span className="avatar" aria-hidden="true">
                {viewer.name.trim().charAt(0).toUpperCase() || '?'}
              </span>
              <span className="topbar__user">{viewer.name}</span>
            </MenuButton>
          </div>
        </div>
      </header>
      {logoutFailed ? (
        <div className="page">
          <Banner>{t('user.logoutFailed')}</Banner>
        </div>
      ) : null}
      <Outlet context={viewer} />
    </div>
  );
}
