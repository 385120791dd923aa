//! /setup#token=…: the first administrator creates their account with the one-time token
//! printed by the server at first start.
import { useEffect, useState, type SubmitEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { pathAfterLogin } from '../../app/loginRedirect';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { TextField } from '../../components/Field';
import { PasswordHint } from '../../components/PasswordHint';
import { PasswordStrength } from '../../components/PasswordStrength';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { bannerMessage, fieldErrors, primaryErrorCode } from '../../lib/errors';
import { AuthLayout } from './AuthLayout';
import { passwordLength, passwordProblems, setupTokenFromHash } from './setupForm';

const CompleteSetupMutation = graphql(`
  mutation CompleteSetup($input: CompleteSetupInput!) {
    completeSetup(input: $input) {
      next
      viewer {
        id
        name
      }
    }
  }
`);

const SHOWN_FIELDS = new Set(['email', 'name', 'password']);

export function SetupPage() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const { resetSession } = useSession();
  // Read once; the fragment is then removed from the address bar (and history).
  const [token] = useState(() => setupTokenFromHash(location.hash));
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [result, completeSetup] = useMutation(CompleteSetupMutation);

  useEffect(() => {
    if (location.hash) void navigate({ pathname: location.pathname, search: location.search, hash: '' }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);

  const problems = passwordProblems(password, confirm);
  const serverErrors = fieldErrors(result.error, t('error.fieldInvalid'));
  const code = primaryErrorCode(result.error);
  const banner =
    code === 'BAD_USER_INPUT'
      ? bannerMessage(result.error, t, SHOWN_FIELDS)
      : code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'NOT_FOUND'
        ? t('auth.setup.failed')
        : bannerMessage(result.error, t);

  const passwordError =
    (submitted && problems.password === 'tooShort' ? t('auth.setup.passwordTooShort') : undefined) ??
    (problems.password === 'tooLong' ? t('auth.setup.passwordTooLong') : undefined) ??
    serverErrors['password'];
  const confirmError = submitted && problems.confirm ? t('auth.setup.passwordMismatch') : undefined;

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!token || problems.password || problems.confirm) return;
    const res = await completeSetup({ input: { token, email: email.trim(), name: name.trim(), password } });
    if (res.data) {
      resetSession();
      // A new administrator has no second factor yet: the server asks for enrolment first.
      void navigate(pathAfterLogin(res.data.completeSetup.next, null), { replace: true });
    }
  };

  if (!token) {
    return (
      <AuthLayout title={t('auth.setup.title')} intro={t('auth.setup.intro')}>
        <Banner>{t('auth.setup.noToken')}</Banner>
      </AuthLayout>
    );
  }

  const length = passwordLength(password);
  return (
    <AuthLayout title={t('auth.setup.title')} intro={t('auth.setup.intro')}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {banner ? <Banner>{banner}</Banner> : null}
        <TextField
          name="email"
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onValue={setEmail}
          error={serverErrors['email']}
        />
        <TextField
          name="name"
          label={t('auth.setup.name')}
          autoComplete="name"
          required
          value={name}
          onValue={setName}
          error={serverErrors['name']}
        />
        <TextField
          name="password"
          label={t('auth.password')}
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          error={passwordError}
          hint={<PasswordHint intro={t('auth.setup.passwordHint')} length={length} />}
        />
        <PasswordStrength password={password} userInputs={[email, name]} />
        <TextField
          name="passwordConfirm"
          label={t('auth.setup.passwordConfirm')}
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onValue={setConfirm}
          error={confirmError}
        />
        <button type="submit" className="button button--primary button--block" disabled={result.fetching}>
          {result.fetching ? t('auth.setup.submitting') : t('auth.setup.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
