//! "5 minutes ago", "in 29 days": a server `DateTime` relative to now, in the UI language.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

/** The unit and (rounded, signed) amount a difference of `ms` milliseconds is said in. */
export function relativeUnit(ms: number): { readonly value: number; readonly unit: Intl.RelativeTimeFormatUnit } {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? -1 : 1;
  // Thresholds a little below the next unit, so 50 minutes reads "1 hour", not "50 minutes".
  const pick = (size: number, unit: Intl.RelativeTimeFormatUnit) => ({
    value: sign * Math.max(1, Math.round(abs / size)),
    unit,
  });
  if (abs < 45 * SECOND) return { value: 0, unit: 'second' };
  if (abs < 45 * MINUTE) return pick(MINUTE, 'minute');
  if (abs < 22 * HOUR) return pick(HOUR, 'hour');
  if (abs < 26 * DAY) return pick(DAY, 'day');
  if (abs < 320 * DAY) return pick(MONTH, 'month');
  return pick(YEAR, 'year');
}

/**
 * `value` (RFC 3339) relative to `now` (Unix ms): "now", "3 hours ago", "in 29 days" in English,
 * "nu", "för 3 timmar sedan", "om 29 dagar" in Swedish. Unparsable input comes back unchanged.
 */
export function formatRelativeTime(value: string, now: number, locale: string): string {
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return value;
  const { value: amount, unit } = relativeUnit(time - now);
  if (amount === 0) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  // `always`: "1 day ago" rather than "yesterday", which would be a calendar claim.
  return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(amount, unit);
}
