//! Keyboard navigation of a result list, as a pure function plus a small hook.
//! `-1` means "nothing highlighted" (focus stays in the search field).
import { useState } from 'react';

export type NavigationAction =
  | { readonly type: 'move'; readonly index: number }
  | { readonly type: 'open'; readonly index: number };

/**
 * What a key press does to a list of `count` rows when row `current` is highlighted:
 * ArrowDown/ArrowUp move (stopping at the ends), Enter opens the highlighted row.
 * `null` means the key is not ours (the caller must not prevent its default).
 */
export function navigationAction(key: string, current: number, count: number): NavigationAction | null {
  if (count <= 0) return null;
  const at = Math.min(current, count - 1);
  switch (key) {
    case 'ArrowDown':
      return { type: 'move', index: at < 0 ? 0 : Math.min(at + 1, count - 1) };
    case 'ArrowUp':
      return at < 0 ? null : { type: 'move', index: Math.max(at - 1, 0) };
    case 'Enter':
      return at < 0 ? null : { type: 'open', index: at };
    default:
      return null;
  }
}

/** A highlight that is valid for a list of `count` rows (it never points past the end). */
export function clampHighlight(current: number, count: number): number {
  return current < count ? current : count - 1;
}

interface Options {
  readonly count: number;
  /** When this changes (new search), the highlight starts over. */
  readonly resetKey: string;
  readonly onOpen: (index: number) => void;
}

export interface ListNavigation {
  readonly highlighted: number;
  readonly setHighlighted: (index: number) => void;
  /** Handles ArrowUp/ArrowDown/Enter; returns whether the key was used. */
  readonly handleKey: (key: string) => boolean;
}

export function useListNavigation({ count, resetKey, onOpen }: Options): ListNavigation {
  const [state, setState] = useState({ key: resetKey, index: -1 });
  const highlighted = state.key === resetKey ? clampHighlight(state.index, count) : -1;

  const setHighlighted = (index: number) => {
    setState({ key: resetKey, index });
  };

  const handleKey = (key: string) => {
    const action = navigationAction(key, highlighted, count);
    if (!action) return false;
    if (action.type === 'move') setHighlighted(action.index);
    else onOpen(action.index);
    return true;
  };

  return { highlighted, setHighlighted, handleKey };
}
