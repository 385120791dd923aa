import { describe, expect, it } from 'vitest';
import { formatRelativeTime, relativeUnit } from './relativeTime';

const NOW = Date.parse('2025-11-29T12:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('relativeUnit', () => {
  it('calls the last few seconds "now"', () => {
    expect(relativeUnit(0)).toEqual({ value: 0, unit: 'second' });
    expect(relativeUnit(-44_000)).toEqual({ value: 0, unit: 'second' });
    expect(relativeUnit(30_000)).toEqual({ value: 0, unit: 'second' });
  });

  it('picks the largest sensible unit and rounds', () => {
    expect(relativeUnit(-50_000)).toEqual({ value: -1, unit: 'minute' });
    expect(relativeUnit(-5 * MIN)).toEqual({ value: -5, unit: 'minute' });
    expect(relativeUnit(-50 * MIN)).toEqual({ value: -1, unit: 'hour' });
    expect(relativeUnit(3.4 * HOUR)).toEqual({ value: 3, unit: 'hour' });
    expect(relativeUnit(-23 * HOUR)).toEqual({ value: -1, unit: 'day' });
    expect(relativeUnit(29 * DAY)).toEqual({ value: 1, unit: 'month' });
    expect(relativeUnit(14 * DAY)).toEqual({ value: 14, unit: 'day' });
    expect(relativeUnit(-90 * DAY)).toEqual({ value: -3, unit: 'month' });
    expect(relativeUnit(-400 * DAY)).toEqual({ value: -1, unit: 'year' });
  });
});

describe('formatRelativeTime', () => {
  it('speaks English', () => {
    expect(formatRelativeTime(at(-10_000), NOW, 'en-GB')).toBe('now');
    expect(formatRelativeTime(at(-5 * MIN), NOW, 'en-GB')).toBe('5 minutes ago');
    expect(formatRelativeTime(at(-1 * DAY), NOW, 'en-GB')).toBe('1 day ago');
    expect(formatRelativeTime(at(14 * DAY), NOW, 'en-GB')).toBe('in 14 days');
    expect(formatRelativeTime(at(2 * HOUR), NOW, 'en-GB')).toBe('in 2 hours');
  });

  it('speaks Swedish', () => {
    expect(formatRelativeTime(at(-10_000), NOW, 'sv-SE')).toBe('nu');
    expect(formatRelativeTime(at(-5 * MIN), NOW, 'sv-SE')).toBe('för 5 minuter sedan');
    expect(formatRelativeTime(at(-3 * HOUR), NOW, 'sv-SE')).toBe('för 3 timmar sedan');
    expect(formatRelativeTime(at(14 * DAY), NOW, 'sv-SE')).toBe('om 14 dagar');
  });

  it('returns unparsable input unchanged', () => {
    expect(formatRelativeTime('not a date', NOW, 'en-GB')).toBe('not a date');
  });
});
