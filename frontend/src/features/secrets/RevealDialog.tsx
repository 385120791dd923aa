//! "Reveal": asks why (3–500 characters, recorded with the viewer's name) and, when the
//! organization requires it (`organizationSettings.secretRevealRequiresTotp`), a current code
//! from the authenticator app; then hands the value to the tab, which shows it for 30 seconds.
//!
//! The mutation goes through the client directly rather than `useMutation`, whose state would
//! keep the value for as long as this dialog lives; the result is passed on and not kept here.
import { useRef, useState, type SubmitEvent } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { REVEAL_SECONDS, reasonProblem, revealFailure } from './secrets';

const SecretRevealSettingsQuery = graphql(`
  query SecretRevealSettings {
    organizationSettings {
      secretRevealRequiresTotp
    }
  }
`);

const RevealSecretMutation = graphql(`
  mutation RevealSecret($id: ID!, $reason: String!, $totpCode: String) {
    revealSecret(id: $id, reason: $reason, totpCode: $totpCode) {
      secretId
      value
      revealedAt
    }
  }
`);

interface Props {
  readonly secret: { readonly id: string; readonly title: string };
  readonly onClose: () => void;
  readonly onRevealed: (value: string) => void;
}

interface LocalErrors {
  readonly reason?: string;
  readonly totpCode?: string;
}

export function RevealDialog({ secret, onClose, onRevealed }: Props) {
  const t = useT();
  const client = useClient();
  // Fresh each time: an administrator may just have switched the rule on.
  const [{ data }] = useQuery({ query: SecretRevealSettingsQuery, requestPolicy: 'cache-and-network' });
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [local, setLocal] = useState<LocalErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const failure = revealFailure(serverError, t);
  // Also when the server asks for a code the settings did not (yet) say was needed.
  const needsCode = data?.organizationSettings.secretRevealRequiresTotp === true || failure.totpCode !== null;
  const reasonError = local.reason ?? failure.reason ?? undefined;
  const codeError = local.totpCode ?? failure.totpCode ?? undefined;

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const reasonWrong = reasonProblem(reason, t);
    const codeMissing = needsCode && code.trim() === '' ? t('secrets.reveal.codeMissing') : null;
    setLocal({ ...(reasonWrong ? { reason: reasonWrong } : {}), ...(codeMissing ? { totpCode: codeMissing } : {}) });
    if (reasonWrong || codeMissing) {
      (reasonWrong ? reasonRef : codeRef).current?.focus();
      return;
    }
    setServerError(null);
    setBusy(true);
    const result = await client
      .mutation(RevealSecretMutation, { id: secret.id, reason: reason.trim(), totpCode: needsCode ? code.trim() : null })
      .toPromise();
    setBusy(false);
    if (result.data) {
      onRevealed(result.data.revealSecret.value);
      return;
    }
    if (result.error) {
      setServerError(result.error);
      // A code is used once; a wrong one is no good either.
      setCode('');
      const again = revealFailure(result.error, t);
      window.requestAnimationFrame(() => {
        (again.reason ? reasonRef : codeRef).current?.focus();
      });
    }
  };

  return (
    <Dialog open title={t('secrets.reveal.title', { title: secret.title })} onClose={onClose} size="small">
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <p className="muted small">{t('secrets.reveal.intro', { seconds: REVEAL_SECONDS })}</p>
        {failure.banner ? <Banner testId="reveal-error">{failure.banner}</Banner> : null}
        <TextField
          name="reason"
          label={t('secrets.reveal.reason')}
          hint={t('secrets.reveal.reasonHint')}
          required
          autoComplete="off"
          autoFocus
          inputRef={reasonRef}
          value={reason}
          onValue={setReason}
          error={reasonError}
        />
        {needsCode ? (
          <TextField
            name="totpCode"
            label={t('mfa.code.label')}
            hint={t('secrets.reveal.codeHint')}
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            maxLength={9}
            className="field--code"
            inputRef={codeRef}
            value={code}
            onValue={setCode}
            error={codeError}
          />
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('secrets.reveal.busy') : t('secrets.reveal.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
