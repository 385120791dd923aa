//! Display formatting: dates in the UI language, phone numbers the way Nordic people write them.

/** A server `DateTime` (RFC 3339) as a local date and time, or the input if unparsable. */
export function formatDateTime(value: string, locale: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A server `DateTime` (RFC 3339) as a local date without the time, or the input if unparsable. */
export function formatDate(value: string, locale: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** Splits `digits` into consecutive groups of the given sizes (which must add up to its length). */
function groups(digits: string, sizes: readonly number[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}

/** Swedish subscriber numbers by length: 123 45, 12 34 56, 123 45 67, 123 456 78. */
const SE_SUBSCRIBER: Readonly<Record<number, readonly number[]>> = {
  5: [3, 2],
  6: [2, 2, 2],
  7: [3, 2, 2],
  8: [3, 3, 2],
};

/** The national number (after +46) grouped, or null if it does not look Swedish. */
function formatSwedish(nsn: string): string | null {
  // Mobile (7x): 2-digit prefix. Stockholm (8): 1-digit area code. Otherwise a 2-digit area
  // code, right for the larger cities (31 Göteborg, 40 Malmö, …) and close enough elsewhere.
  const areaLength = nsn.startsWith('8') ? 1 : 2;
  const sizes = SE_SUBSCRIBER[nsn.length - areaLength];
  if (!sizes) return null;
  return `${nsn.slice(0, areaLength)} ${groups(nsn.slice(areaLength), sizes)}`;
}

/** Norway: 8 digits; mobiles (4x, 9x) as 912 34 567, other numbers as 22 12 34 56. */
function formatNorwegian(nsn: string): string | null {
  if (nsn.length !== 8) return null;
  return groups(nsn, nsn.startsWith('4') || nsn.startsWith('9') ? [3, 2, 3] : [2, 2, 2, 2]);
}

/** Denmark: 8 digits as 81 23 45 67. */
function formatDanish(nsn: string): string | null {
  return nsn.length === 8 ? groups(nsn, [2, 2, 2, 2]) : null;
}

/**
 * Finland: prefix, then a group of three and the rest (40 123 4567, 9 123 4567). Mobiles
 * (4x, 50) and the 1x area codes have two digits, the other area codes (2, 3, 5, 6, 8, 9) one.
 */
function formatFinnish(nsn: string): string | null {
  const prefixLength = /^(4|50|1)/.test(nsn) ? 2 : /^[235689]/.test(nsn) ? 1 : 0;
  const rest = nsn.slice(prefixLength);
  if (prefixLength === 0 || rest.length < 5 || rest.length > 7) return null;
  return `${nsn.slice(0, prefixLength)} ${groups(rest, [3, rest.length - 3])}`;
}

const NORDIC: readonly (readonly [string, (nsn: string) => string | null])[] = [
  ['46', formatSwedish],
  ['47', formatNorwegian],
  ['45', formatDanish],
  ['358', formatFinnish],
];

/**
 * A stored E.164 phone number grouped for reading, e.g. `+46701234567` → `+46 70 123 45 67`,
 * `+4791234567` → `+47 912 34 567`, `+358401234567` → `+358 40 123 4567`. Numbers from other
 * countries, and anything that is not plain E.164 or has an unexpected length, come back
 * unchanged. For display only: forms keep the stored value.
 */
export function formatPhone(e164: string): string {
  if (!/^\+[1-9]\d{1,14}$/.test(e164)) return e164;
  for (const [code, format] of NORDIC) {
    if (!e164.startsWith(`+${code}`)) continue;
    const nsn = e164.slice(code.length + 1);
    // A national number never starts with the trunk prefix 0.
    const formatted = nsn.startsWith('0') ? null : format(nsn);
    return formatted ? `+${code} ${formatted}` : e164;
  }
  return e164;
}

/** A `tel:` link target for a stored phone number: only the digits and a leading `+`. */
export function telHref(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `tel:${phone.trim().startsWith('+') ? '+' : ''}${digits}`;
}
