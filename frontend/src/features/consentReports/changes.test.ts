import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import {
  defaultRange,
  INTERVALS,
  INTERVAL_LABELS,
  isoWeek,
  MAX_RANGE_DAYS,
  periodLabel,
  pivotChanges,
  rangeDays,
  rangeProblems,
  toChangesVariables,
} from './changes';

const t = makeT('en');
const sv = makeT('sv');

const email = { id: 'p-email', key: 'marketing_email' };
const sms = { id: 'p-sms', key: 'marketing_sms' };
const post = { id: 'p-post', key: 'newsletter_post' };

function bucket(periodStart: string, purpose: { id: string; key: string }, granted: number, withdrawn = 0, denied = 0) {
  return { periodStart, purpose, granted, withdrawn, denied };
}

describe('the period', () => {
  it('starts as the last 30 days, today included, per day', () => {
    expect(defaultRange('2026-03-05')).toEqual({ from: '2026-02-04', to: '2026-03-05', interval: 'DAY' });
    expect(rangeDays('2026-02-04', '2026-03-05')).toBe(30);
  });

  it('is asked for in whole UTC days, "to" included', () => {
    expect(toChangesVariables({ from: '2026-02-04', to: '2026-03-05', interval: 'WEEK' })).toEqual({
      from: '2026-02-04T00:00:00Z',
      to: '2026-03-06T00:00:00Z',
      interval: 'WEEK',
    });
  });

  it('must have both dates, in order, and at most 400 days', () => {
    expect(rangeProblems({ from: '2026-01-01', to: '2026-01-01', interval: 'DAY' }, t)).toEqual({});
    expect(rangeProblems({ from: '', to: '2026-01-01', interval: 'DAY' }, t)).toEqual({ from: 'Enter a date.' });
    expect(rangeProblems({ from: '2026-01-02', to: '2026-01-01', interval: 'DAY' }, t)).toEqual({
      to: 'The end date is before the start date.',
    });
    expect(rangeDays('2025-01-01', '2026-02-04')).toBe(MAX_RANGE_DAYS);
    expect(rangeProblems({ from: '2025-01-01', to: '2026-02-04', interval: 'MONTH' }, t)).toEqual({});
    expect(rangeProblems({ from: '2025-01-01', to: '2026-02-05', interval: 'MONTH' }, t)).toEqual({
      to: 'The period can be at most 400 days.',
    });
  });

  it('labels every interval in words', () => {
    expect(INTERVALS).toEqual(['DAY', 'WEEK', 'MONTH']);
    expect(INTERVALS.map((i) => sv(INTERVAL_LABELS[i]))).toEqual(['Dag', 'Vecka', 'Månad']);
  });
});

describe('pivotChanges', () => {
  it('makes a row per period, oldest first, and a column per purpose in purpose order', () => {
    const pivot = pivotChanges(
      [
        bucket('2026-03-02T00:00:00Z', sms, 1, 2, 0),
        bucket('2026-02-23T00:00:00Z', email, 4, 0, 1),
        bucket('2026-03-02T00:00:00Z', email, 3, 1, 0),
      ],
      [email, sms, post],
    );
    expect(pivot.purposes).toEqual([email, sms, post]);
    expect(pivot.rows).toEqual([
      {
        periodStart: '2026-02-23T00:00:00Z',
        cells: [
          { granted: 4, withdrawn: 0, denied: 1 },
          { granted: 0, withdrawn: 0, denied: 0 },
          { granted: 0, withdrawn: 0, denied: 0 },
        ],
      },
      {
        periodStart: '2026-03-02T00:00:00Z',
        cells: [
          { granted: 3, withdrawn: 1, denied: 0 },
          { granted: 1, withdrawn: 2, denied: 0 },
          { granted: 0, withdrawn: 0, denied: 0 },
        ],
      },
    ]);
    expect(pivot.totals).toEqual([
      { granted: 7, withdrawn: 1, denied: 1 },
      { granted: 1, withdrawn: 2, denied: 0 },
      { granted: 0, withdrawn: 0, denied: 0 },
    ]);
  });

  it('adds a purpose with changes that is no longer active after the active ones', () => {
    const pivot = pivotChanges([bucket('2026-03-01T00:00:00Z', post, 2), bucket('2026-03-01T00:00:00Z', email, 1)], [email]);
    expect(pivot.purposes).toEqual([email, post]);
    expect(pivot.rows[0]?.cells).toEqual([
      { granted: 1, withdrawn: 0, denied: 0 },
      { granted: 2, withdrawn: 0, denied: 0 },
    ]);
  });

  it('treats one instant written two ways as one period, and adds up repeated buckets', () => {
    const pivot = pivotChanges(
      [bucket('2026-03-01T00:00:00Z', email, 1), bucket('2026-03-01T00:00:00+00:00', email, 2, 1), bucket('2026-03-01T01:00:00+01:00', sms, 5)],
      [email, sms],
    );
    expect(pivot.rows).toHaveLength(1);
    expect(pivot.rows[0]?.periodStart).toBe('2026-03-01T00:00:00Z');
    expect(pivot.rows[0]?.cells).toEqual([
      { granted: 3, withdrawn: 1, denied: 0 },
      { granted: 5, withdrawn: 0, denied: 0 },
    ]);
  });

  it('has no rows without buckets, but still the purposes and zero totals', () => {
    const pivot = pivotChanges([], [email, sms]);
    expect(pivot.rows).toEqual([]);
    expect(pivot.purposes).toEqual([email, sms]);
    expect(pivot.totals).toEqual([
      { granted: 0, withdrawn: 0, denied: 0 },
      { granted: 0, withdrawn: 0, denied: 0 },
    ]);
  });

  it('skips a bucket whose period it cannot read', () => {
    expect(pivotChanges([bucket('soon', email, 1)], [email]).rows).toEqual([]);
  });
});

describe('period labels', () => {
  it('know ISO weeks', () => {
    expect(isoWeek(new Date('2026-03-02T00:00:00Z'))).toBe(10);
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe(1);
    expect(isoWeek(new Date('2021-01-04T00:00:00Z'))).toBe(1);
    expect(isoWeek(new Date('2020-12-28T00:00:00Z'))).toBe(53);
  });

  it('name days, weeks and months in the UI language, in UTC', () => {
    expect(periodLabel('2026-03-02T00:00:00Z', 'DAY', t, 'en-GB')).toBe('2 Mar 2026');
    expect(periodLabel('2026-03-02T00:00:00Z', 'WEEK', t, 'en-GB')).toBe('Week 10 (2 Mar 2026)');
    expect(periodLabel('2026-03-02T00:00:00Z', 'WEEK', sv, 'sv-SE')).toBe('Vecka 10 (2 mars 2026)');
    expect(periodLabel('2026-03-01T00:00:00Z', 'MONTH', t, 'en-GB')).toBe('March 2026');
    expect(periodLabel('2026-03-01T00:00:00Z', 'MONTH', sv, 'sv-SE')).toBe('mars 2026');
    expect(periodLabel('later', 'DAY', t, 'en-GB')).toBe('later');
  });
});
