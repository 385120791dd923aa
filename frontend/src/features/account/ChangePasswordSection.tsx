//! "Change password" on /account: re-authentication with the current password and a code from
//! the app, then the new password (with the strength meter). On success the server ends every
//! other session of the user and gives this browser a fresh session cookie.
import { useRef, useState, type RefObject, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import type { ShellViewer } from '../../app/AppShell';
import { Banner } from '../../components/Banner';
import { TextField } from '../../components/Field';
import { PasswordHint } from '../../components/PasswordHint';
import { PasswordStrength } from '../../components/PasswordStrength';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { passwordLength } from '../auth/setupForm';
import { TotpCodeField } from '../mfa/CodeFields';
import { normalizeTotpCode } from '../mfa/codes';
import {
  CHANGE_PASSWORD_FIELDS,
  changePasswordFailure,
  changePasswordProblems,
  EMPTY_CHANGE_PASSWORD,
  type ChangePasswordErrors,
  type ChangePasswordField,
  type ChangePasswordValues,
} from './changePasswordForm';
import { SESSION_CONTEXT } from './SessionsSection';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $code: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, code: $code, newPassword: $newPassword)
  }
`);

interface Props {
  readonly viewer: ShellViewer;
}

export function ChangePasswordSection({ viewer }: Props) {
  const t = useT();
  const [values, setValues] = useState<ChangePasswordValues>(EMPTY_CHANGE_PASSWORD);
  const [local, setLocal] = useState<ChangePasswordErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [done, setDone] = useState(false);
  const [state, changePassword] = useMutation(ChangePasswordMutation);
  const currentRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const failure = changePasswordFailure(serverError, t);
  const errors: ChangePasswordErrors = { ...failure.fields, ...local };

  const set = (field: ChangePasswordField) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setDone(false);
  };

  const focusFirst = (found: ChangePasswordErrors) => {
    const first = CHANGE_PASSWORD_FIELDS.find((f) => found[f] !== undefined);
    const refs: Record<ChangePasswordField, RefObject<HTMLInputElement | null>> = {
      currentPassword: currentRef,
      code: codeRef,
      newPassword: newRef,
      confirm: confirmRef,
    };
    if (first) refs[first].current?.focus();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setDone(false);
    setServerError(null);
    const problems = changePasswordProblems(values, t);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focusFirst(problems);
      return;
    }
    const result = await changePassword(
      { currentPassword: values.currentPassword, code: normalizeTotpCode(values.code), newPassword: values.newPassword },
      // The sessions list changes: the others are gone, and this browser has a new session.
      SESSION_CONTEXT,
    );
    if (result.data?.changePassword) {
      setValues(EMPTY_CHANGE_PASSWORD);
      setDone(true);
      return;
    }
    // A code that reached the server may count as used: ask for the next one.
    setValues((v) => ({ ...v, code: '' }));
    if (result.error) {
      setServerError(result.error);
      focusFirst(changePasswordFailure(result.error, t).fields);
    }
  };

  const length = passwordLength(values.newPassword);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 className="card__title" id="password-title">
        {t('account.password.title')}
      </h2>
      <p className="muted">{t('account.password.intro')}</p>
      <form className="form account__form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {done ? (
          <Banner tone="info" testId="password-changed">
            {t('account.password.done')}
          </Banner>
        ) : null}
        {failure.banner ? <Banner testId="password-error">{failure.banner}</Banner> : null}
        {/* For password managers: whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={viewer.email} readOnly hidden />
        <TextField
          name="currentPassword"
          label={t('account.password.current')}
          type="password"
          autoComplete="current-password"
          inputRef={currentRef}
          value={values.currentPassword}
          onValue={set('currentPassword')}
          error={errors.currentPassword}
        />
        <TotpCodeField value={values.code} onValue={set('code')} error={errors.code} inputRef={codeRef} />
        <TextField
          name="newPassword"
          label={t('account.password.new')}
          type="password"
          autoComplete="new-password"
          inputRef={newRef}
          value={values.newPassword}
          onValue={set('newPassword')}
          error={errors.newPassword}
          hint={<PasswordHint intro={t('auth.setup.passwordHint')} length={length} />}
        />
        <PasswordStrength password={values.newPassword} userInputs={[viewer.email, viewer.name]} />
        <TextField
          name="confirm"
          label={t('account.password.confirm')}
          type="password"
          autoComplete="new-password"
          inputRef={confirmRef}
          value={values.confirm}
          onValue={set('confirm')}
          error={errors.confirm}
        />
        <div>
          <button type="submit" className="button button--primary" disabled={state.fetching}>
            {state.fetching ? t('account.password.submitting') : t('account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
