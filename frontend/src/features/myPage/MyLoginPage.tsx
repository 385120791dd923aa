//! /my/login: the end customer signs in to My page with e-mail and password, or asks for a
//! sign-in link by e-mail. The link form always says the same thing, whether the address has an
//! account or not (the server answers true either way), so it tells nobody who is a customer.
import { useEffect, useId, useState, type SubmitEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import {
  LOGIN_LINK_MINUTES,
  loginFailureMessage,
  MY_PAGE_PATH,
  myLoginNoticeFrom,
  requestLinkFailureMessage,
  type MyLoginNotice,
} from './myPage';
import { MyPageLayout } from './MyPageLayout';

const PortalLoginMutation = graphql(`
  mutation PortalLogin($email: String!, $password: String!) {
    portalLogin(email: $email, password: $password)
  }
`);

const PortalRequestLoginLinkMutation = graphql(`
  mutation PortalRequestLoginLink($email: String!) {
    portalRequestLoginLink(email: $email)
  }
`);

export function MyLoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const { resetSession } = useSession();
  // Why the user was sent here (signed out, session ended); read once, then dropped from history.
  const [notice, setNotice] = useState<MyLoginNotice | null>(() => myLoginNoticeFrom(location.state));

  useEffect(() => {
    if (myLoginNoticeFrom(location.state)) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
    }
  }, [location.state, location.pathname, location.search, navigate]);

  return (
    <MyPageLayout narrow>
      <div className="card my__card">
        <h1 className="auth__title">{t('myPage.login.title')}</h1>
        <p className="muted">{t('myPage.login.intro')}</p>
        {notice ? (
          <Banner tone="info" testId="my-login-notice">
            {t(notice === 'signedOut' ? 'myPage.login.signedOut' : 'myPage.login.expired')}
          </Banner>
        ) : null}
        <PasswordForm
          onStart={() => {
            setNotice(null);
          }}
          onSignedIn={() => {
            // A new My page session: start over with an empty cache.
            resetSession();
            void navigate(MY_PAGE_PATH, { replace: true });
          }}
        />
        <hr className="my__divider" />
        <LinkForm
          onStart={() => {
            setNotice(null);
          }}
        />
      </div>
    </MyPageLayout>
  );
}

function PasswordForm({ onStart, onSignedIn }: { readonly onStart: () => void; readonly onSignedIn: () => void }) {
  const t = useT();
  const titleId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [{ fetching }, login] = useMutation(PortalLoginMutation);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    onStart();
    if (!email.trim() || !password) {
      setMessage(t('auth.login.missing'));
      return;
    }
    setMessage(null);
    const result = await login({ email: email.trim(), password });
    if (result.data?.portalLogin) {
      onSignedIn();
      return;
    }
    setPassword('');
    setMessage(loginFailureMessage(result.error, t));
  };

  return (
    <form className="form" aria-labelledby={titleId} onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 className="my__form-title" id={titleId}>
        {t('myPage.login.passwordTitle')}
      </h2>
      {message ? <Banner testId="my-login-error">{message}</Banner> : null}
      <TextField
        name="email"
        label={t('auth.email')}
        type="email"
        autoComplete="username"
        inputMode="email"
        autoFocus
        value={email}
        onValue={setEmail}
      />
      <TextField
        name="password"
        label={t('auth.password')}
        type="password"
        autoComplete="current-password"
        value={password}
        onValue={setPassword}
      />
      <button type="submit" className="button button--primary button--block" disabled={fetching}>
        {fetching ? t('myPage.login.submitting') : t('myPage.login.submit')}
      </button>
    </form>
  );
}

function LinkForm({ onStart }: { readonly onStart: () => void }) {
  const t = useT();
  const titleId = useId();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [{ fetching }, requestLink] = useMutation(PortalRequestLoginLinkMutation);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    onStart();
    setSent(false);
    setMessage(null);
    if (!email.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const result = await requestLink({ email: email.trim() });
    // The same answer whether the address has an account or not.
    if (result.data) setSent(true);
    else setMessage(requestLinkFailureMessage(result.error, t));
  };

  return (
    <form className="form" aria-labelledby={titleId} onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 className="my__form-title" id={titleId}>
        {t('myPage.link.formTitle')}
      </h2>
      <p className="small muted">{t('myPage.link.formIntro', { minutes: LOGIN_LINK_MINUTES })}</p>
      {message ? <Banner testId="my-link-error">{message}</Banner> : null}
      <TextField
        name="linkEmail"
        label={t('auth.email')}
        type="email"
        autoComplete="email"
        inputMode="email"
        value={email}
        onValue={(value) => {
          setEmail(value);
          setSent(false);
        }}
        error={missing ? t('myPage.link.emailMissing') : undefined}
      />
      <button type="submit" className="button button--block" disabled={fetching}>
        {fetching ? t('myPage.link.sending') : t('myPage.link.send')}
      </button>
      <p className={sent ? 'my__sent' : 'my__sent my__sent--empty'} role="status" data-testid="my-link-sent">
        {sent ? t('myPage.link.sent', { minutes: LOGIN_LINK_MINUTES }) : null}
      </p>
    </form>
  );
}
