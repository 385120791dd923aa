//! The two code inputs of the second step: the 6-digit TOTP code and a recovery code.
import type { Ref } from 'react';
import { TextField } from '../../components/Field';
import { useT } from '../../i18n';

interface Props {
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly error?: string | undefined;
  readonly autoFocus?: boolean;
  readonly inputRef?: Ref<HTMLInputElement>;
}

/** "Code from the app": numeric keyboard on phones, one-time-code autofill. */
export function TotpCodeField({ value, onValue, error, autoFocus, inputRef }: Props) {
  const t = useT();
  return (
    <TextField
      name="code"
      label={t('mfa.code.label')}
      hint={t('mfa.code.hint')}
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      maxLength={9}
      className="field--code"
      autoFocus={autoFocus}
      inputRef={inputRef}
      value={value}
      onValue={onValue}
      error={error}
    />
  );
}

/** "Recovery code": `xxxx-xxxx-xxxx`, no autofill or autocorrect. */
export function RecoveryCodeField({ value, onValue, error, autoFocus, inputRef }: Props) {
  const t = useT();
  return (
    <TextField
      name="code"
      label={t('mfa.recovery.label')}
      hint={t('mfa.recovery.hint')}
      autoComplete="off"
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      maxLength={40}
      className="field--code"
      autoFocus={autoFocus}
      inputRef={inputRef}
      value={value}
      onValue={onValue}
      error={error}
    />
  );
}
