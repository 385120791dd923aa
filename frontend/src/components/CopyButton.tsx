//! A button that copies a text to the clipboard and says (politely, to screen readers too)
//! whether it worked; without clipboard access it asks the user to copy by hand.
import { useEffect, useState } from 'react';
import { useT } from '../i18n';

interface Props {
  readonly text: string;
  readonly label: string;
  readonly className?: string;
}

export function CopyButton({ text, label, className }: Props) {
  const t = useT();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (status !== 'copied') return;
    const timer = window.setTimeout(() => {
      setStatus('idle');
    }, 4000);
    return () => {
      window.clearTimeout(timer);
    };
  }, [status]);

  const copy = async () => {
    try {
      // Missing outside secure contexts: the TypeError lands in the catch.
      await navigator.clipboard.writeText(text);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  };

  return (
    <span className="copy">
      <button type="button" className={className ?? 'button button--small'} onClick={() => void copy()}>
        {label}
      </button>
      <span className={status === 'failed' ? 'copy__status field__error' : 'copy__status ok small'} role="status">
        {status === 'copied' ? t('common.copied') : status === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}
