//! /mfa/enroll: TOTP enrolment, forced at the first login (and right after first-run setup).
//! The cookie holds a pending session that only the MFA mutations accept, so this page never
//! asks for `me`. A new secret is fetched once on arrival (each call replaces the pending
//! one), shown as a QR code and as text; a code from the app confirms it and turns the session
//! into a full one, and the recovery codes are shown once.
import { useCallback, useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { loginNoticeState, loginPath, pathAfterLogin, type LoginNotice } from '../../app/loginRedirect';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { CopyButton } from '../../components/CopyButton';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { BeginTotpEnrollmentMutation } from '../../gql/graphql';
import { useT } from '../../i18n';
import { bannerMessage, generalMessage, primaryErrorCode } from '../../lib/errors';
import { AuthLayout } from '../auth/AuthLayout';
import { TotpCodeField } from './CodeFields';
import { codeFailure, groupSecret, isTotpCode, normalizeTotpCode, svgDataUrl } from './codes';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

const BeginTotpEnrollmentMutation = graphql(`
  mutation BeginTotpEnrollment {
    beginTotpEnrollment {
      secret
      otpauthUri
      qrSvg
    }
  }
`);

const ConfirmTotpEnrollmentMutation = graphql(`
  mutation ConfirmTotpEnrollment($code: String!) {
    confirmTotpEnrollment(code: $code) {
      viewer {
        id
        email
        mfaEnabled
      }
      recoveryCodes
    }
  }
`);

const CancelEnrollmentMutation = graphql(`
  mutation CancelEnrollment {
    logout
  }
`);

const CODE_FIELD = new Set(['code']);

type Enrollment = BeginTotpEnrollmentMutation['beginTotpEnrollment'];

export function EnrollPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const { resetSession } = useSession();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [banner, setBanner] = useState<string | null>(null);
  const [enrolled, setEnrolled] = useState<{ readonly email: string; readonly codes: readonly string[] } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const wrongCodes = useRef(0);
  const started = useRef(false);
  const [beginState, beginEnrollment] = useMutation(BeginTotpEnrollmentMutation);
  const [confirmState, confirmEnrollment] = useMutation(ConfirmTotpEnrollmentMutation);
  const [, cancelEnrollment] = useMutation(CancelEnrollmentMutation);

  const backToLogin = useCallback(
    (notice: LoginNotice | null) => {
      resetSession();
      void navigate(loginPath(next), { replace: true, state: notice ? loginNoticeState(notice) : null });
    },
    [navigate, next, resetSession],
  );

  const start = useCallback(async () => {
    setStartError(null);
    const result = await beginEnrollment({});
    if (result.data) {
      setEnrollment(result.data.beginTotpEnrollment);
      return;
    }
    const failure = primaryErrorCode(result.error) ?? 'INTERNAL';
    if (failure === 'UNAUTHENTICATED') backToLogin('mfaExpired');
    // MFA is set up already: the code step is what this sign-in needs.
    else if (failure === 'CONFLICT') void navigate(pathAfterLogin('MFA_REQUIRED', next), { replace: true });
    else setStartError(failure === 'RATE_LIMITED' ? t('auth.rateLimited') : generalMessage(failure, t));
  }, [backToLogin, beginEnrollment, navigate, next, t]);

  useEffect(() => {
    // Once per visit, also under StrictMode's double effects: a second call would replace the
    // secret on the server, possibly after the first answer is already on screen.
    if (started.current) return;
    started.current = true;
    void start();
  }, [start]);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBanner(null);
    const value = normalizeTotpCode(code);
    if (!isTotpCode(value)) {
      setCodeError(t('mfa.code.invalid'));
      inputRef.current?.focus();
      return;
    }
    setCodeError(undefined);
    const result = await confirmEnrollment({ code: value });
    if (result.data) {
      const done = result.data.confirmTotpEnrollment;
      setEnrolled({ email: done.viewer.email, codes: done.recoveryCodes });
      return;
    }
    switch (codeFailure(result.error)) {
      case 'wrongCode':
        wrongCodes.current += 1;
        setCode('');
        setCodeError(t('mfa.code.wrong'));
        inputRef.current?.focus();
        break;
      case 'signedOut':
        backToLogin(wrongCodes.current > 0 ? 'tooManyCodes' : 'mfaExpired');
        break;
      case 'rateLimited':
        setBanner(t('auth.rateLimited'));
        break;
      case 'wrongStep':
        void navigate(pathAfterLogin('MFA_REQUIRED', next), { replace: true });
        break;
      case 'other':
      case null:
        setBanner(bannerMessage(result.error, t, CODE_FIELD) ?? t('error.INTERNAL'));
        break;
    }
  };

  const onCancel = async () => {
    await cancelEnrollment({});
    backToLogin(null);
  };

  if (enrolled) {
    return (
      <AuthLayout title={t('recovery.title')} intro={t('recovery.intro')}>
        <RecoveryCodesPanel
          codes={enrolled.codes}
          account={enrolled.email}
          doneLabel={t('recovery.continue')}
          onDone={() => {
            // The session is a full one now: start over with an empty cache.
            resetSession();
            void navigate(pathAfterLogin('DONE', next), { replace: true });
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('mfa.enroll.title')} intro={t('mfa.enroll.intro')}>
      {startError ? (
        <div className="form">
          <Banner
            action={
              <button type="button" className="button" onClick={() => void start()} disabled={beginState.fetching}>
                {t('common.retry')}
              </button>
            }
          >
            {t('mfa.enroll.startFailed')} {startError}
          </Banner>
        </div>
      ) : null}
      {!enrollment && !startError ? <Loading label={t('mfa.enroll.preparing')} /> : null}
      {enrollment ? (
        <form className="form enroll" onSubmit={(e) => void onSubmit(e)} noValidate>
          {banner ? <Banner testId="enroll-error">{banner}</Banner> : null}
          <ol className="steps">
            <li className="steps__step">
              <h2 className="steps__title">{t('mfa.enroll.scan')}</h2>
              <img
                className="qr"
                src={svgDataUrl(enrollment.qrSvg)}
                alt={t('mfa.enroll.qrAlt')}
                width={200}
                height={200}
                data-testid="totp-qr"
              />
              <p className="small muted">{t('mfa.enroll.manual')}</p>
              <div className="secret">
                <code className="secret__value mono" data-testid="totp-secret" title={t('mfa.enroll.secretLabel')}>
                  {groupSecret(enrollment.secret).map((group, i) => (
                    // The blocks are spaced by CSS, so the text (and a selection) is the raw secret.
                    <span className="secret__group" key={i}>
                      {group}
                    </span>
                  ))}
                </code>
                <CopyButton text={enrollment.secret} label={t('mfa.enroll.copySecret')} />
              </div>
            </li>
            <li className="steps__step">
              <h2 className="steps__title">{t('mfa.enroll.enterCode')}</h2>
              <TotpCodeField value={code} onValue={setCode} error={codeError} inputRef={inputRef} />
            </li>
          </ol>
          <button type="submit" className="button button--primary button--block" disabled={confirmState.fetching}>
            {confirmState.fetching ? t('mfa.enroll.submitting') : t('mfa.enroll.submit')}
          </button>
          <div className="auth__links">
            <button type="button" className="button--link" onClick={() => void onCancel()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </AuthLayout>
  );
}
