//! /my/invitation#token=…: the end customer accepts an invitation to My page by choosing a
//! password (the rules staff passwords follow), and is signed in. The token is read from the
//! fragment once and removed from the address bar.
import { useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { TextField } from '../../components/Field';
import { PasswordHint } from '../../components/PasswordHint';
import { PasswordStrength } from '../../components/PasswordStrength';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { passwordLength, passwordProblems } from '../auth/setupForm';
import { invitationFailure, MY_LOGIN_PATH, MY_PAGE_PATH } from './myPage';
import { MyPageLayout } from './MyPageLayout';
import { useTokenFromHash } from './useTokenFromHash';

const PortalAcceptInvitationMutation = graphql(`
  mutation PortalAcceptInvitation($token: String!, $password: String!) {
    portalAcceptInvitation(token: $token, password: $password)
  }
`);

export function MyInvitationPage() {
  const t = useT();
  const navigate = useNavigate();
  const { resetSession } = useSession();
  const token = useTokenFromHash();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [result, accept] = useMutation(PortalAcceptInvitationMutation);

  if (!token) {
    return (
      <MyPageLayout narrow>
        <div className="card my__card">
          <h1 className="auth__title">{t('myPage.invitation.title')}</h1>
          <Banner>{t('myPage.invitation.noToken')}</Banner>
          <p>
            <Link to={MY_LOGIN_PATH}>{t('myPage.toLogin')}</Link>
          </p>
        </div>
      </MyPageLayout>
    );
  }

  const problems = passwordProblems(password, confirm);
  const failure = invitationFailure(result.error, t);
  const passwordError =
    (submitted && problems.password === 'tooShort' ? t('auth.setup.passwordTooShort') : undefined) ??
    (problems.password === 'tooLong' ? t('auth.setup.passwordTooLong') : undefined) ??
    failure.password ??
    undefined;
  const confirmError = submitted && problems.confirm ? t('auth.setup.passwordMismatch') : undefined;

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (problems.password || problems.confirm) return;
    const res = await accept({ token, password });
    if (res.data?.portalAcceptInvitation) {
      // A new My page session: start over with an empty cache.
      resetSession();
      void navigate(MY_PAGE_PATH, { replace: true });
    }
  };

  return (
    <MyPageLayout narrow>
      <div className="card my__card">
        <h1 className="auth__title">{t('myPage.invitation.title')}</h1>
        <p className="muted">{t('myPage.invitation.intro')}</p>
        {failure.linkInvalid ? (
          <Banner
            testId="my-invitation-error"
            action={
              <Link className="button" to={MY_LOGIN_PATH}>
                {t('myPage.toLogin')}
              </Link>
            }
          >
            {failure.banner}
          </Banner>
        ) : failure.banner ? (
          <Banner testId="my-invitation-error">{failure.banner}</Banner>
        ) : null}
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
          <TextField
            name="password"
            label={t('myPage.invitation.password')}
            type="password"
            autoComplete="new-password"
            autoFocus
            required
            value={password}
            onValue={setPassword}
            error={passwordError}
            hint={<PasswordHint intro={t('myPage.invitation.passwordHint')} length={passwordLength(password)} />}
          />
          <PasswordStrength password={password} />
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
            {result.fetching ? t('myPage.invitation.submitting') : t('myPage.invitation.submit')}
          </button>
        </form>
      </div>
    </MyPageLayout>
  );
}
