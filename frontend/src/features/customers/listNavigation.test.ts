import { describe, expect, it } from 'vitest';
import { clampHighlight, navigationAction } from './listNavigation';

describe('navigationAction', () => {
  it('ArrowDown from the search field highlights the first row, then moves down and stops at the end', () => {
    expect(navigationAction('ArrowDown', -1, 3)).toEqual({ type: 'move', index: 0 });
    expect(navigationAction('ArrowDown', 0, 3)).toEqual({ type: 'move', index: 1 });
    expect(navigationAction('ArrowDown', 2, 3)).toEqual({ type: 'move', index: 2 });
  });

  it('ArrowUp moves up and stops at the first row; with nothing highlighted it is not ours', () => {
    expect(navigationAction('ArrowUp', 2, 3)).toEqual({ type: 'move', index: 1 });
    expect(navigationAction('ArrowUp', 0, 3)).toEqual({ type: 'move', index: 0 });
    expect(navigationAction('ArrowUp', -1, 3)).toBeNull();
  });

  it('Enter opens the highlighted row, and does nothing without one', () => {
    expect(navigationAction('Enter', 1, 3)).toEqual({ type: 'open', index: 1 });
    expect(navigationAction('Enter', -1, 3)).toBeNull();
  });

  it('ignores other keys and empty lists', () => {
    expect(navigationAction('a', 0, 3)).toBeNull();
    expect(navigationAction('Home', 1, 3)).toBeNull();
    expect(navigationAction('ArrowDown', -1, 0)).toBeNull();
    expect(navigationAction('Enter', 0, 0)).toBeNull();
  });

  it('copes with a highlight left past the end after the list shrank', () => {
    expect(navigationAction('Enter', 7, 3)).toEqual({ type: 'open', index: 2 });
    expect(navigationAction('ArrowUp', 7, 3)).toEqual({ type: 'move', index: 1 });
  });
});

describe('clampHighlight', () => {
  it('keeps a highlight inside the list', () => {
    expect(clampHighlight(1, 3)).toBe(1);
    expect(clampHighlight(5, 3)).toBe(2);
    expect(clampHighlight(0, 0)).toBe(-1);
    expect(clampHighlight(-1, 3)).toBe(-1);
  });
});
