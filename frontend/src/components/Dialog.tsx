//! A modal dialog on the native <dialog> element: focus is trapped and restored by the
//! browser, Escape asks the parent to close it (`onClose`), and the title names it for
//! assistive tech.
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  readonly open: boolean;
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly size?: 'small' | 'medium' | 'large';
}

export function Dialog({ open, title, onClose, children, size = 'medium' }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Escape: let the parent decide (it owns `open`).
        e.preventDefault();
        onClose();
      }}
      onClose={(e) => {
        // The browser can close a modal dialog by itself: Chrome does not let a page cancel a
        // second Escape without a click in between. The parent still owns `open`: while it says
        // open, show the dialog again and let the parent decide (as for Escape).
        if (open && !e.currentTarget.open && e.currentTarget.isConnected) {
          e.currentTarget.showModal();
          onClose();
        }
      }}
    >
      {open ? (
        <>
          <h2 className="dialog__title" id={titleId}>
            {title}
          </h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
