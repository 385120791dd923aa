//! A menu button (WAI-ARIA APG "menu button"): the button opens a list of actions;
//! arrow keys move between them, Escape closes and returns focus to the button.
import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

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
  /**
   * Places the list against the viewport (`position: fixed`) instead of the button's box, so a
   * container that scrolls or clips (a table in `.table-scroll`) cannot cut it off. It opens
   * upwards near the bottom of the window, and follows the button when something scrolls.
   */
  readonly fixed?: boolean;
}

/** Room the list is assumed to need below the button before it opens upwards instead. */
const FIXED_ROOM_BELOW = 260;

/** Where a `fixed` list goes, from the button's place in the viewport. */
function fixedPlacement(button: HTMLElement, align: 'start' | 'end'): CSSProperties {
  const rect = button.getBoundingClientRect();
  const gap = 6;
  const vertical =
    rect.bottom + FIXED_ROOM_BELOW > window.innerHeight && rect.top > FIXED_ROOM_BELOW
      ? { bottom: window.innerHeight - rect.top + gap, top: 'auto' }
      : { top: rect.bottom + gap, bottom: 'auto' };
  const horizontal =
    align === 'end' ? { right: document.documentElement.clientWidth - rect.right, left: 'auto' } : { left: rect.left, right: 'auto' };
  return { position: 'fixed', ...vertical, ...horizontal };
}

function enabledItems(menu: HTMLElement | null): HTMLButtonElement[] {
  return Array.from(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []);
}

export function MenuButton({ label, children, items, align = 'end', header, fixed = false }: Props) {
  const [open, setOpen] = useState(false);
  const [placement, setPlacement] = useState<CSSProperties | undefined>(undefined);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // A fixed list is in view already; focusing it must not scroll anything.
    enabledItems(menuRef.current)[0]?.focus({ preventScroll: fixed });
    const onPointerDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !wrapperRef.current?.contains(e.target)) setOpen(false);
    };
    // A fixed list would stay put while its button moves (page or table scrolled, window resized).
    const onMove = () => {
      if (buttonRef.current) setPlacement(fixedPlacement(buttonRef.current, align));
    };
    document.addEventListener('pointerdown', onPointerDown);
    if (fixed) {
      window.addEventListener('scroll', onMove, true);
      window.addEventListener('resize', onMove);
    }
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('scroll', onMove, true);
      window.removeEventListener('resize', onMove);
    };
  }, [open, fixed, align]);

  const toggle = (next: boolean) => {
    if (next && fixed && buttonRef.current) setPlacement(fixedPlacement(buttonRef.current, align));
    setOpen(next);
  };

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
          toggle(!open);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            toggle(true);
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
        <div className={`menu__popover menu__popover--${align}`} style={fixed ? placement : undefined}>
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
