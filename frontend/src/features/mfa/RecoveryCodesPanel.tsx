//! The recovery codes, shown once (after enrolment and after regenerating them): a list, a
//! text-file download, a copy button, and a required "I have saved them" before going on.
//! Until then, leaving the page asks the browser's "Leave site?" question.
import { useEffect, useId, useRef, useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { useI18n } from '../../i18n';
import { recoveryCodesFile } from './codes';

interface Props {
  readonly codes: readonly string[];
  /** Whose codes they are (the e-mail), for the file's heading. */
  readonly account: string;
  readonly doneLabel: string;
  readonly onDone: () => void;
}

export function RecoveryCodesPanel({ codes, account, doneLabel, onDone }: Props) {
  const { t, locale } = useI18n();
  const [saved, setSaved] = useState(false);
  const [showRequired, setShowRequired] = useState(false);
  const checkboxRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const listId = useId();

  useEffect(() => {
    if (saved) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [saved]);

  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date());
  const text = recoveryCodesFile([t('recovery.fileHeading', { account, date }), t('recovery.fileNote')], codes);

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('recovery.fileName');
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
  };

  const onContinue = () => {
    if (!saved) {
      setShowRequired(true);
      checkboxRef.current?.focus();
      return;
    }
    onDone();
  };

  return (
    <div className="recovery">
      <h2 className="sr-only" id={listId}>
        {t('recovery.list')}
      </h2>
      <ol className="recovery__codes" data-testid="recovery-codes" aria-labelledby={listId}>
        {codes.map((code) => (
          <li key={code}>
            <code className="mono">{code}</code>
          </li>
        ))}
      </ol>
      <div className="recovery__tools">
        <button type="button" className="button button--small" onClick={download}>
          {t('recovery.download')}
        </button>
        <CopyButton text={text} label={t('recovery.copy')} />
      </div>
      <div className={showRequired && !saved ? 'field field--invalid' : 'field'}>
        <label className="checkbox">
          <input
            ref={checkboxRef}
            type="checkbox"
            checked={saved}
            required
            aria-invalid={showRequired && !saved ? true : undefined}
            aria-describedby={showRequired && !saved ? errorId : undefined}
            onChange={(e) => {
              setSaved(e.target.checked);
            }}
          />
          {t('recovery.confirm')}
        </label>
        {showRequired && !saved ? (
          <p className="field__error" id={errorId} data-testid="field-error-saved">
            <span aria-hidden="true">⚠ </span>
            {t('recovery.confirmRequired')}
          </p>
        ) : null}
      </div>
      <button type="button" className="button button--primary button--block" onClick={onContinue}>
        {doneLabel}
      </button>
    </div>
  );
}
