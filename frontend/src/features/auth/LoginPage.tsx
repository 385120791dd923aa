//! /login: e-mail + password. Every failure gets the same message, as the server intends.
//! Then on to the second step the server asks for (a TOTP code, or enrolment), or in.
import { useEffect, useState, type SubmitEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { loginNoticeFrom, pathAfterLogin, type LoginNotice } from '../../app/loginRedirect';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { primaryErrorCode } from '../../lib/errors';
import { AuthLayout } from './AuthLayout';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      next
      viewer {
        id
        name
      }
    }
  }
`);

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const { resetSession } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  // Why the second step sent the user back here; read once, then dropped from history.
  const [notice, setNotice] = useState<LoginNotice | null>(() => loginNoticeFrom(location.state));
  const [{ fetching }, login] = useMutation(LoginMutation);

  useEffect(() => {
    if (loginNoticeFrom(location.state)) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
    }
  }, [location.state, location.pathname, location.search, navigate]);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setMessage(t('auth.login.missing'));
      return;
    }
    setMessage(null);
    setNotice(null);
    const result = await login({ input: { email: email.trim(), password } });
    if (result.data) {
      // A new session (full, or pending until the second step): start over with an empty cache.
      resetSession();
      void navigate(pathAfterLogin(result.data.login.next, params.get('next')), { replace: true });
      return;
    }
    const code = primaryErrorCode(result.error);
    setPassword('');
    if (code === 'NETWORK') setMessage(t('error.NETWORK'));
    else if (code === 'RATE_LIMITED') setMessage(t('auth.rateLimited'));
    else if (code === 'INTERNAL') setMessage(t('error.INTERNAL'));
    else setMessage(t('auth.login.failed'));
  };

  return (
    <AuthLayout title={t('auth.login.title')} intro={t('auth.login.intro')}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {message ? <Banner testId="login-error">{message}</Banner> : null}
        {notice && !message ? (
          <Banner testId="login-notice">
            {t(notice === 'tooManyCodes' ? 'auth.notice.tooManyCodes' : 'auth.notice.mfaExpired')}
          </Banner>
        ) : null}
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
          {fetching ? t('auth.login.submitting') : t('auth.login.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
