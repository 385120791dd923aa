//! "New user": name, e-mail, an initial password (with the strength meter) and, for
//! administrators, the administrator role. The new user sets up their authenticator app at the
//! first sign-in; their access groups are set afterwards on the Users page.
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { PasswordHint } from '../../components/PasswordHint';
import { PasswordStrength } from '../../components/PasswordStrength';
import { graphql } from '../../gql';
import type { UserFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { passwordLength } from '../auth/setupForm';
import {
  createUserFailure,
  createUserProblems,
  EMPTY_CREATE_USER,
  toCreateUserInput,
  type CreateUserErrors,
  type CreateUserField,
  type CreateUserValues,
} from './users';

const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      ...UserFields
    }
  }
`);

// The list shows the new user even though no query has seen this user yet.
const USER_CONTEXT = { additionalTypenames: ['User'] };

const FIELD_ORDER: readonly CreateUserField[] = ['name', 'email', 'password'];

interface Props {
  /** Only administrators can make someone an administrator. */
  readonly canGrantAdmin: boolean;
  readonly onClose: () => void;
  readonly onCreated: (user: UserFieldsFragment) => void;
}

export function CreateUserDialog({ canGrantAdmin, onClose, onCreated }: Props) {
  const t = useT();
  const adminHintId = useId();
  const [values, setValues] = useState<CreateUserValues>(EMPTY_CREATE_USER);
  const [showPassword, setShowPassword] = useState(false);
  const [local, setLocal] = useState<CreateUserErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [state, createUser] = useMutation(CreateUserMutation);
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const failure = createUserFailure(serverError, t);
  const errors: CreateUserErrors = { ...failure.fields, ...local };

  const set = <K extends keyof CreateUserValues>(key: K, value: CreateUserValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const focusFirst = (found: CreateUserErrors) => {
    const first = FIELD_ORDER.find((f) => found[f] !== undefined);
    const ref = first === 'name' ? nameRef : first === 'email' ? emailRef : first === 'password' ? passwordRef : null;
    ref?.current?.focus();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setServerError(null);
    const problems = createUserProblems(values, t);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focusFirst(problems);
      return;
    }
    const input = toCreateUserInput({ ...values, isAdmin: canGrantAdmin && values.isAdmin });
    const result = await createUser({ input }, USER_CONTEXT);
    if (result.data) {
      onCreated(result.data.createUser);
      return;
    }
    if (result.error) {
      setServerError(result.error);
      focusFirst(createUserFailure(result.error, t).fields);
    }
  };

  const length = passwordLength(values.password);
  return (
    <Dialog open title={t('users.form.title')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <p className="muted">{t('users.form.intro')}</p>
        {failure.banner ? <Banner testId="create-user-error">{failure.banner}</Banner> : null}
        <div className="grid grid--2">
          <TextField
            name="name"
            label={t('users.form.name')}
            autoComplete="off"
            required
            autoFocus
            inputRef={nameRef}
            value={values.name}
            onValue={(v) => {
              set('name', v);
            }}
            error={errors.name}
          />
          <TextField
            name="email"
            label={t('users.form.email')}
            type="email"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            required
            inputRef={emailRef}
            value={values.email}
            onValue={(v) => {
              set('email', v);
            }}
            error={errors.email}
          />
        </div>
        <TextField
          name="password"
          label={t('users.form.password')}
          type={showPassword ? 'text' : 'password'}
          // Someone else's password: not one for the administrator's password manager to save.
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
          inputRef={passwordRef}
          value={values.password}
          onValue={(v) => {
            set('password', v);
          }}
          error={errors.password}
          hint={<PasswordHint intro={t('users.form.passwordHint')} length={length} />}
        />
        <PasswordStrength password={values.password} userInputs={[values.email, values.name]} />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showPassword}
            onChange={(e) => {
              setShowPassword(e.target.checked);
            }}
          />
          {t('users.form.showPassword')}
        </label>
        {canGrantAdmin ? (
          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                name="isAdmin"
                checked={values.isAdmin}
                aria-describedby={adminHintId}
                onChange={(e) => {
                  set('isAdmin', e.target.checked);
                }}
              />
              {t('users.form.admin')}
            </label>
            <p className="field__hint" id={adminHintId}>
              {t('users.form.adminHint')}
            </p>
          </div>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={state.fetching}>
            {state.fetching ? t('users.form.submitting') : t('users.form.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
