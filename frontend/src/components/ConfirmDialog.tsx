//! "Are you sure?" for destructive actions: states exactly what will happen.
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { Dialog } from './Dialog';

interface Props {
  readonly open: boolean;
  readonly title: string;
  readonly confirmLabel: string;
  readonly busy?: boolean;
  readonly danger?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  /** What will happen; plus any error from a failed attempt. */
  readonly children: ReactNode;
}

export function ConfirmDialog({ open, title, confirmLabel, busy, danger, onConfirm, onCancel, children }: Props) {
  const t = useT();
  return (
    <Dialog open={open} title={title} onClose={onCancel} size="small">
      <div className="dialog__body">{children}</div>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'button button--danger' : 'button button--primary'}
          onClick={onConfirm}
          disabled={busy}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
