//! A secret the server shows only once (an API key, a webhook's signing secret): a warning that
//! says so, the secret read-only in monospace (focused and selected, ready to copy) with a copy
//! button, and `useLeaveWarning`, which makes the browser ask "Leave site?" while it is shown.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Banner } from './Banner';
import { CopyButton } from './CopyButton';

/** While mounted, leaving or reloading the page asks first (the secret would be lost for good). */
export function useLeaveWarning(): void {
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);
}

interface Props {
  readonly secret: string;
  /** The field's label ("Your new API key"). */
  readonly label: string;
  readonly copyLabel: string;
  /** Says that the secret is shown only this once; describes the field. */
  readonly warning: ReactNode;
  /** Test ids `<testId>-warning` and `<testId>-secret`. */
  readonly testId: string;
}

export function OnceSecretField({ secret, label, copyLabel, warning, testId }: Props) {
  const secretId = useId();
  const warningId = useId();
  const secretRef = useRef<HTMLInputElement>(null);

  // The secret is what to act on: focus and select it.
  useEffect(() => {
    secretRef.current?.focus();
    secretRef.current?.select();
  }, []);

  return (
    <>
      <div id={warningId}>
        <Banner tone="warning" testId={`${testId}-warning`}>
          {warning}
        </Banner>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={secretId}>
          {label}
        </label>
        <div className="secret-row">
          <input
            ref={secretRef}
            id={secretId}
            className="input"
            type="text"
            readOnly
            value={secret}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            aria-describedby={warningId}
            data-testid={`${testId}-secret`}
            onFocus={(e) => {
              e.currentTarget.select();
            }}
          />
          <CopyButton text={secret} label={copyLabel} />
        </div>
      </div>
    </>
  );
}
