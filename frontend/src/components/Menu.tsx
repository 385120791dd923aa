//! A menu button (WAI-ARIA APG "menu button"): the button opens a list of actions;
//! arrow keys move between them, Escape closes and returns focus to the button.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  readonly id: string;
  readonly label: string;
  readonly onSelect: () => void;
  readonly disabled?: boolean;
  readonly danger?: boolean;
}

interface Props {
  /** Accessible name of the button (e.g. "Actions"). */
  readonly label: string;
  /** What the button shows; defaults to a kebab icon. */
  readonly children?: ReactNode;
  readonly items: readonly MenuItem[];
  readonly align?: 'start' | 'end';
  readonly header?: ReactNode;
}

function enabledItems(menu: HTMLElement | null): HTMLButtonElement[] {
  return Array.from(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []);
}

export function MenuButton({ label, children, items, align = 'end', header }: Props) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    enabledItems(menuRef.current)[0]?.focus();
    const onPointerDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !wrapperRef.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  const onMenuKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const elements = enabledItems(menuRef.current);
    const index = elements.findIndex((el) => el === document.activeElement);
    const focusAt = (i: number) => elements[(i + elements.length) % elements.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        focusAt(index - 1);
        break;
      case 'Home':
        e.preventDefault();
        focusAt(0);
        break;
      case 'End':
        e.preventDefault();
        focusAt(elements.length - 1);
        break;
      case 'Escape':
        e.preventDefault();
        close(true);
        break;
      case 'Tab':
        close(false);
        break;
    }
  };

  return (
    <div className="menu" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        className={children ? 'button menu__button' : 'button button--icon menu__button'}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        title={children ? undefined : label}
        onClick={() => {
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children ?? (
          <span className="kebab" aria-hidden="true">
            ⋮
          </span>
        )}
      </button>
      {open ? (
        <div className={`menu__popover menu__popover--${align}`}>
          {header ? <div className="menu__header">{header}</div> : null}
          <ul id={menuId} role="menu" aria-label={label} ref={menuRef} onKeyDown={onMenuKeyDown}>
            {items.map((item) => (
              <li role="none" key={item.id}>
                <button
                  type="button"
                  role="menuitem"
                  className={item.danger ? 'menu__item menu__item--danger' : 'menu__item'}
                  disabled={item.disabled}
                  onClick={() => {
                    close(false);
                    item.onSelect();
                  }}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
