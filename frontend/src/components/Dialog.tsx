//! A modal dialog on the native <dialog> element: focus is trapped and restored by the
//! browser, Escape closes it, and the title names it for assistive tech.
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  readonly open: boolean;
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly size?: 'small' | 'medium';
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
