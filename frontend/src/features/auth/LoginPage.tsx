//! /login: e-mail + password. Every failure gets the same message, as the server intends.
import { useState, type SubmitEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { safeNextPath } from '../../app/loginRedirect';
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
  const [params] = useSearchParams();
  const { resetSession } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [{ fetching }, login] = useMutation(LoginMutation);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setMessage(t('auth.login.missing'));
      return;
    }
    setMessage(null);
    const result = await login({ input: { email: email.trim(), password } });
    if (result.data) {
      resetSession();
      void navigate(safeNextPath(params.get('next')) ?? '/customers', { replace: true });
      return;
    }
    const code = primaryErrorCode(result.error);
    setPassword('');
    if (code === 'NETWORK') setMessage(t('error.NETWORK'));
    else if (code === 'RATE_LIMITED') setMessage(t('error.RATE_LIMITED'));
    else if (code === 'INTERNAL') setMessage(t('error.INTERNAL'));
    else setMessage(t('auth.login.failed'));
  };

  return (
    <AuthLayout title={t('auth.login.title')} intro={t('auth.login.intro')}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {message ? <Banner testId="login-error">{message}</Banner> : null}
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
