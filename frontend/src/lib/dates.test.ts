import { describe, expect, it } from 'vitest';
import { addDaysIso, formatIsoDate, fromDateTimeLocal, isIsoDate, toDateTimeLocal, todayIso } from './dates';

describe('calendar dates', () => {
  it('knows real dates', () => {
    expect(isIsoDate('2026-03-15')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-3-15')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it("gives today's local date", () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(todayIso(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDaysIso('2026-01-15', 30)).toBe('2026-02-14');
    expect(addDaysIso('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDaysIso('2028-02-15', 14)).toBe('2028-02-29');
    expect(addDaysIso('2026-03-20', 30)).toBe('2026-04-19');
    expect(addDaysIso('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDaysIso('nope', 30)).toBe('nope');
  });

  it('formats a date as the same day in every time zone', () => {
    expect(formatIsoDate('2026-03-01', 'en-GB')).toBe('1 Mar 2026');
    expect(formatIsoDate('2026-03-01', 'sv-SE')).toBe('1 mars 2026');
    expect(formatIsoDate('bad', 'sv-SE')).toBe('bad');
  });
});

describe('local date-times', () => {
  it('turns a server time into a datetime-local value in the local zone', () => {
    const local = new Date(2026, 4, 7, 9, 5);
    expect(toDateTimeLocal(local.toISOString())).toBe('2026-05-07T09:05');
    expect(toDateTimeLocal(null)).toBe('');
    expect(toDateTimeLocal('garbage')).toBe('');
  });

  it('turns a datetime-local value into a server time', () => {
    expect(fromDateTimeLocal('2026-05-07T09:05')).toBe(new Date(2026, 4, 7, 9, 5).toISOString());
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('2026-02-30T10:00')).toBeNull();
    expect(fromDateTimeLocal('tomorrow')).toBeNull();
  });

  it('round-trips', () => {
    for (const value of ['2026-01-01T00:00', '2026-07-15T13:45', '2026-10-25T23:59']) {
      const server = fromDateTimeLocal(value);
      expect(server).not.toBeNull();
      expect(toDateTimeLocal(server)).toBe(value);
    }
  });
});
