//! /login/verify: the second step of a login. The password was right and the cookie holds a
//! pending session, which only the code mutations accept (so this page never asks for `me`).
//! A TOTP code, or one of the recovery codes; "Cancel" ends the pending session.
import { useRef, useState, type SubmitEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { loginNoticeState, loginPath, pathAfterLogin, type LoginNotice } from '../../app/loginRedirect';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { bannerMessage } from '../../lib/errors';
import { AuthLayout } from '../auth/AuthLayout';
import { RecoveryCodeField, TotpCodeField } from './CodeFields';
import { codeFailure, isTotpCode, normalizeRecoveryCode, normalizeTotpCode } from './codes';

const VerifyTotpMutation = graphql(`
  mutation VerifyTotp($code: String!) {
    verifyTotp(code: $code) {
      next
      viewer {
        id
      }
    }
  }
`);

const RedeemRecoveryCodeMutation = graphql(`
  mutation RedeemRecoveryCode($code: String!) {
    useRecoveryCode(code: $code) {
      next
      viewer {
        id
      }
    }
  }
`);

const CancelLoginMutation = graphql(`
  mutation CancelLogin {
    logout
  }
`);

const CODE_FIELD = new Set(['code']);

type Mode = 'totp' | 'recovery';

export function VerifyPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const { resetSession } = useSession();
  const [mode, setMode] = useState<Mode>('totp');
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [banner, setBanner] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // A wrong code was refused on this page: a later UNAUTHENTICATED means "too many".
  const wrongCodes = useRef(0);
  const [totpState, verifyTotp] = useMutation(VerifyTotpMutation);
  const [recoveryState, redeemRecoveryCode] = useMutation(RedeemRecoveryCodeMutation);
  const [, cancelLogin] = useMutation(CancelLoginMutation);
  const fetching = totpState.fetching || recoveryState.fetching;

  const backToLogin = (notice: LoginNotice | null) => {
    resetSession();
    void navigate(loginPath(next), { replace: true, state: notice ? loginNoticeState(notice) : null });
  };

  const switchMode = (to: Mode) => {
    setMode(to);
    setCode('');
    setCodeError(undefined);
    setBanner(null);
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBanner(null);
    const value = mode === 'totp' ? normalizeTotpCode(code) : normalizeRecoveryCode(code);
    if (mode === 'totp' && !isTotpCode(value)) {
      setCodeError(t('mfa.code.invalid'));
      inputRef.current?.focus();
      return;
    }
    if (mode === 'recovery' && value === '') {
      setCodeError(t('mfa.recovery.missing'));
      inputRef.current?.focus();
      return;
    }
    setCodeError(undefined);
    const result =
      mode === 'totp'
        ? await verifyTotp({ code: value }).then((r) => ({ step: r.data?.verifyTotp.next, error: r.error }))
        : await redeemRecoveryCode({ code: value }).then((r) => ({ step: r.data?.useRecoveryCode.next, error: r.error }));
    if (result.step) {
      resetSession();
      void navigate(pathAfterLogin(result.step, next), { replace: true });
      return;
    }
    switch (codeFailure(result.error)) {
      case 'wrongCode':
        wrongCodes.current += 1;
        // A TOTP code needs a new one from the app; a mistyped recovery code only a fix.
        if (mode === 'totp') setCode('');
        setCodeError(t(mode === 'totp' ? 'mfa.code.wrong' : 'mfa.recovery.wrong'));
        inputRef.current?.select();
        inputRef.current?.focus();
        break;
      case 'signedOut':
        backToLogin(wrongCodes.current > 0 ? 'tooManyCodes' : 'mfaExpired');
        break;
      case 'rateLimited':
        setBanner(t('auth.rateLimited'));
        break;
      case 'wrongStep':
        // This session needs no code (already signed in, or it must enrol first): try the
        // return path; the shell sends a session that is not a full one back to /login.
        resetSession();
        void navigate(pathAfterLogin('DONE', next), { replace: true });
        break;
      case 'other':
      case null:
        setBanner(bannerMessage(result.error, t, CODE_FIELD) ?? t('error.INTERNAL'));
        break;
    }
  };

  const onCancel = async () => {
    // Best effort: the pending session ends server-side; /login works either way.
    await cancelLogin({});
    backToLogin(null);
  };

  return (
    <AuthLayout title={t('mfa.verify.title')} intro={t(mode === 'totp' ? 'mfa.verify.intro' : 'mfa.verify.introRecovery')}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {banner ? <Banner testId="verify-error">{banner}</Banner> : null}
        {mode === 'totp' ? (
          <TotpCodeField key="totp" value={code} onValue={setCode} error={codeError} autoFocus inputRef={inputRef} />
        ) : (
          <RecoveryCodeField key="recovery" value={code} onValue={setCode} error={codeError} autoFocus inputRef={inputRef} />
        )}
        <button type="submit" className="button button--primary button--block" disabled={fetching}>
          {fetching ? t('mfa.verify.submitting') : t('mfa.verify.submit')}
        </button>
        <div className="auth__links">
          <button
            type="button"
            className="button--link"
            onClick={() => {
              switchMode(mode === 'totp' ? 'recovery' : 'totp');
            }}
          >
            {mode === 'totp' ? t('mfa.verify.useRecovery') : t('mfa.verify.useApp')}
          </button>
          <button type="button" className="button--link" onClick={() => void onCancel()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
