//! "Changes per period": the period form (from, to, interval), the variables `consentChanges`
//! is asked with, and the pivot of its buckets into a table of periods × purposes.
//!
//! The server counts in UTC periods (days from midnight UTC, weeks from Monday, months from the
//! 1st). The chosen days are therefore sent as UTC days too, so that the first and last periods
//! are whole; "to" includes that day (the API's upper bound is exclusive).
import type { ReportInterval } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';
import { isDate } from '../audit/auditFilter';
import { addDays } from './contactListFilter';

export interface ChangesRange {
  /** `YYYY-MM-DD`, included. */
  readonly from: string;
  /** `YYYY-MM-DD`, included. */
  readonly to: string;
  readonly interval: ReportInterval;
}

/** The longest period the server counts (its limit, in days). */
export const MAX_RANGE_DAYS = 400;

/** How many days the report starts with: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

/** Every interval with its label; the order here is the order of the select. */
export const INTERVAL_LABELS: Readonly<Record<ReportInterval, MessageKey>> = {
  DAY: 'reports.changes.interval.DAY',
  WEEK: 'reports.changes.interval.WEEK',
  MONTH: 'reports.changes.interval.MONTH',
};
export const INTERVALS = Object.keys(INTERVAL_LABELS) as ReportInterval[];

export function isInterval(value: string): value is ReportInterval {
  return (INTERVALS as readonly string[]).includes(value);
}

/** The last 30 days up to and including `today`, per day. */
export function defaultRange(today: string): ChangesRange {
  return { from: addDays(today, 1 - DEFAULT_RANGE_DAYS), to: today, interval: 'DAY' };
}

/** Days from `from` to `to`, both included. */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export type ChangesRangeErrors = Partial<Record<'from' | 'to', string>>;

/** Checked before asking: both dates, in order, and no longer than the server allows. */
export function rangeProblems(range: ChangesRange, t: TFunction): ChangesRangeErrors {
  const problems: { from?: string; to?: string } = {};
  if (!isDate(range.from)) problems.from = t('reports.changes.dateMissing');
  if (!isDate(range.to)) problems.to = t('reports.changes.dateMissing');
  if (problems.from !== undefined || problems.to !== undefined) return problems;
  if (range.to < range.from) return { to: t('reports.changes.toBeforeFrom') };
  if (rangeDays(range.from, range.to) > MAX_RANGE_DAYS) return { to: t('reports.changes.tooLong', { max: MAX_RANGE_DAYS }) };
  return {};
}

/** What `consentChanges` is asked: UTC midnight of `from` up to UTC midnight after `to`. */
export function toChangesVariables(range: ChangesRange): { from: string; to: string; interval: ReportInterval } {
  return {
    from: `${range.from}T00:00:00Z`,
    to: `${addDays(range.to, 1)}T00:00:00Z`,
    interval: range.interval,
  };
}

export interface ChangeCounts {
  readonly granted: number;
  readonly withdrawn: number;
  readonly denied: number;
}

interface PurposeRef {
  readonly id: string;
}

interface BucketLike<P extends PurposeRef> extends ChangeCounts {
  readonly periodStart: string;
  readonly purpose: P;
}

export interface PivotRow {
  /** The period's start as the server sent it (the first bucket's spelling). */
  readonly periodStart: string;
  /** One per purpose of the pivot, in the same order. */
  readonly cells: readonly ChangeCounts[];
}

export interface ChangesPivot<P extends PurposeRef> {
  /** The columns: the given purposes in their order, then any other purpose with changes. */
  readonly purposes: readonly P[];
  /** Periods with changes, oldest first. */
  readonly rows: readonly PivotRow[];
  /** Per purpose, over every period. */
  readonly totals: readonly ChangeCounts[];
}

const ZERO: ChangeCounts = { granted: 0, withdrawn: 0, denied: 0 };

function add(a: ChangeCounts, b: ChangeCounts): ChangeCounts {
  return { granted: a.granted + b.granted, withdrawn: a.withdrawn + b.withdrawn, denied: a.denied + b.denied };
}

/**
 * The buckets as a table: a row per period that has a bucket (oldest first), a column per
 * purpose. `order` are the active purposes, which get a column even without changes; a purpose
 * with changes that is not among them (made inactive since) is added after them. A missing
 * bucket counts as zero; two buckets for one period and purpose are added up.
 */
export function pivotChanges<P extends PurposeRef>(buckets: readonly BucketLike<P>[], order: readonly P[]): ChangesPivot<P> {
  const purposes: P[] = [...order];
  const column = new Map<string, number>(purposes.map((p, i) => [p.id, i]));
  for (const bucket of buckets) {
    if (!column.has(bucket.purpose.id)) {
      column.set(bucket.purpose.id, purposes.length);
      purposes.push(bucket.purpose);
    }
  }

  const periods = new Map<number, { periodStart: string; cells: ChangeCounts[] }>();
  for (const bucket of buckets) {
    const time = Date.parse(bucket.periodStart);
    if (Number.isNaN(time)) continue;
    let row = periods.get(time);
    if (!row) {
      row = { periodStart: bucket.periodStart, cells: purposes.map(() => ZERO) };
      periods.set(time, row);
    }
    const index = column.get(bucket.purpose.id) ?? 0;
    row.cells[index] = add(row.cells[index] ?? ZERO, bucket);
  }

  const rows = [...periods.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  const totals = purposes.map((_, i) => rows.reduce((sum, row) => add(sum, row.cells[i] ?? ZERO), ZERO));
  return { purposes, rows, totals };
}

/** The ISO 8601 week number of a UTC date (weeks start on Monday; week 1 holds 4 January). */
export function isoWeek(date: Date): number {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** A period's start in words, in the UI language: "3 Mar 2026", "Week 10 (2 Mar 2026)", "March 2026". */
export function periodLabel(periodStart: string, interval: ReportInterval, t: TFunction, locale: string): string {
  const date = new Date(periodStart);
  if (Number.isNaN(date.getTime())) return periodStart;
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  switch (interval) {
    case 'DAY':
      return day;
    case 'WEEK':
      return t('reports.changes.week', { week: isoWeek(date), date: day });
    case 'MONTH':
      return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  }
}
