//! Display formatting that depends on the UI language.

/** A server `DateTime` (RFC 3339) as a local date and time, or the input if unparsable. */
export function formatDateTime(value: string, locale: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
