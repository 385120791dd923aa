//! An advisory strength meter for a new password (the server decides what it accepts).
//! Shows a five-step bar, a label and one hint; the text is announced politely as it changes.
import { useDeferredValue, useMemo } from 'react';
import { useT, type MessageKey } from '../i18n';
import { estimatePasswordStrength, type StrengthHint, type StrengthScore } from '../lib/passwordStrength';

const LABELS: Readonly<Record<StrengthScore, MessageKey>> = {
  0: 'strength.0',
  1: 'strength.1',
  2: 'strength.2',
  3: 'strength.3',
  4: 'strength.4',
};

const HINTS: Readonly<Record<StrengthHint, MessageKey>> = {
  tooShort: 'strength.hint.tooShort',
  personal: 'strength.hint.personal',
  common: 'strength.hint.common',
  sequence: 'strength.hint.sequence',
  repeat: 'strength.hint.repeat',
  year: 'strength.hint.year',
  longer: 'strength.hint.longer',
};

interface Props {
  readonly password: string;
  /** The user's own e-mail, name and the like; a password containing them is weak. */
  readonly userInputs?: readonly (string | null | undefined)[];
  readonly id?: string;
}

export function PasswordStrength({ password, userInputs = [], id }: Props) {
  const t = useT();
  // Typing stays responsive on slow devices; the estimate follows a moment later.
  const deferred = useDeferredValue(password);
  const inputsKey = userInputs.join('\u0000');
  const estimate = useMemo(
    () => estimatePasswordStrength(deferred, inputsKey.split('\u0000')),
    [deferred, inputsKey],
  );
  const empty = deferred.length === 0;

  return (
    <div className={`strength strength--${empty ? 'empty' : String(estimate.score)}`} id={id} data-testid="password-strength">
      <div className="strength__bar" aria-hidden="true">
        <div className="strength__fill" />
      </div>
      <p className="strength__text small" aria-live="polite">
        {empty ? null : (
          <>
            <span>
              {t('strength.label')}: <strong data-score={estimate.score}>{t(LABELS[estimate.score])}</strong>
            </span>
            {estimate.hint ? <span className="muted"> {t(HINTS[estimate.hint])}</span> : null}
          </>
        )}
      </p>
    </div>
  );
}
