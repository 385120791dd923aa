//! /account/recovery-codes: new recovery codes for the signed-in user, after re-authentication
//! with the password and a current TOTP code. The old codes stop working; the new ones are
//! shown once.
import { useRef, useState, type SubmitEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useViewer } from '../../app/AppShell';
import { DEFAULT_PATH } from '../../app/loginRedirect';
import { Banner } from '../../components/Banner';
import { TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { bannerMessage, fieldErrors, primaryErrorCode } from '../../lib/errors';
import { TotpCodeField } from './CodeFields';
import { isTotpCode, normalizeTotpCode } from './codes';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

const RegenerateRecoveryCodesMutation = graphql(`
  mutation RegenerateRecoveryCodes($password: String!, $code: String!) {
    regenerateRecoveryCodes(password: $password, code: $code)
  }
`);

const SHOWN_FIELDS = new Set(['password', 'code']);

export function RecoveryCodesPage() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const viewer = useViewer();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [local, setLocal] = useState<{ password?: string; code?: string }>({});
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const [result, regenerate] = useMutation(RegenerateRecoveryCodesMutation);

  const server = fieldErrors(result.error, t('error.fieldInvalid'));
  const failure = primaryErrorCode(result.error);
  const banner = failure === 'RATE_LIMITED' ? t('auth.rateLimited') : bannerMessage(result.error, t, SHOWN_FIELDS);
  const passwordError = local.password ?? server['password'];
  const codeError = local.code ?? ('code' in server ? t('mfa.code.wrong') : undefined);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const value = normalizeTotpCode(code);
    const problems = {
      ...(password ? {} : { password: t('account.recovery.passwordMissing') }),
      ...(isTotpCode(value) ? {} : { code: t('mfa.code.invalid') }),
    };
    setLocal(problems);
    if (problems.password || problems.code) return;
    const res = await regenerate({ password, code: value });
    if (res.data) {
      setPassword('');
      setCode('');
      setCodes(res.data.regenerateRecoveryCodes);
      return;
    }
    setCode('');
    if ('code' in fieldErrors(res.error)) codeRef.current?.focus();
  };

  return (
    <main className="page page--narrow" id="main">
      <div className="card account">
        {codes ? (
          <>
            <h1 className="account__title">{t('recovery.title')}</h1>
            <p className="muted">{t('recovery.intro')}</p>
            <RecoveryCodesPanel
              codes={codes}
              account={viewer.email}
              doneLabel={t('recovery.done')}
              onDone={() => {
                void navigate(DEFAULT_PATH);
              }}
            />
          </>
        ) : (
          <>
            <h1 className="account__title">{t('account.recovery.title')}</h1>
            <p className="muted">{t('account.recovery.intro')}</p>
            <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
              {banner ? <Banner testId="recovery-error">{banner}</Banner> : null}
              <TextField
                name="password"
                label={t('auth.password')}
                type="password"
                autoComplete="current-password"
                autoFocus
                value={password}
                onValue={setPassword}
                error={passwordError}
              />
              <TotpCodeField value={code} onValue={setCode} error={codeError} inputRef={codeRef} />
              <div className="form__actions">
                <button type="submit" className="button button--primary" disabled={result.fetching}>
                  {result.fetching ? t('account.recovery.submitting') : t('account.recovery.submit')}
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    // Back where the menu was opened; a direct visit has nowhere to go back to.
                    if (location.key === 'default') void navigate(DEFAULT_PATH);
                    else void navigate(-1);
                  }}
                >
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          </>
        )}
      </div>
    </main>
  );
}
