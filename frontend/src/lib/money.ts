//! Money on orders and invoices, exactly as the server counts it (backend `domain::money`):
//! amounts are integers in minor units (öre, øre, cent), quantities have at most three decimals
//! (thousandths), VAT rates are basis points (2500 = 25 %), and every line is rounded half away
//! from zero on its own: net = quantity × unit price, VAT = net × rate. Totals are the sums of
//! the rounded lines. Pure, so the rounding rules are unit-tested.
import type { Currency } from '../gql/graphql';

/** The currencies the API takes, in the order offered. */
export const CURRENCIES: readonly Currency[] = ['SEK', 'NOK', 'DKK', 'EUR'];

/** The VAT rates offered for a line (basis points): 25 %, 12 %, 6 %, 0 %. */
export const VAT_RATES: readonly number[] = [2500, 1200, 600, 0];

/** The largest unit price the server takes (minor units): 100 million in major units. */
export const MAX_UNIT_PRICE_MINOR = 10_000_000_000;
/** The largest quantity a line takes (whole units). */
export const MAX_QUANTITY = 1_000_000;

export type AmountProblem = 'empty' | 'invalid' | 'tooManyDecimals' | 'tooLarge';
export type QuantityProblem = 'empty' | 'invalid' | 'tooManyDecimals' | 'notPositive' | 'tooLarge';

export type Parsed<T, P> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: P };

/** Spaces people and locales put between digit groups: space, no-break space, narrow and thin spaces. */
const GROUP_SPACES = /[\s\u00a0\u202f\u2009]/g;

interface Decimal {
  readonly negative: boolean;
  readonly whole: string;
  readonly fraction: string;
}

/**
 * Reads a decimal number as people type it in Swedish or English: "1 499,50", "1499.50",
 * "1,499.50", "1.499,50", "-10", "−10,05". Space groups digits. With both `,` and `.`, the last
 * one is the decimal mark and the other groups thousands; with only one kind appearing once it
 * is the decimal mark; appearing more than once it groups thousands (groups of three digits).
 */
function parseDecimal(text: string): Decimal | 'empty' | 'invalid' {
  let s = text.replace(GROUP_SPACES, '');
  if (s === '') return 'empty';
  let negative = false;
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return 'invalid';
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let decimalMark: ',' | '.' | null = null;
  let groupMark: ',' | '.' | null = null;
  if (lastComma >= 0 && lastDot >= 0) {
    decimalMark = lastComma > lastDot ? ',' : '.';
    groupMark = decimalMark === ',' ? '.' : ',';
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    if (s.split(mark).length === 2) decimalMark = mark;
    else groupMark = mark;
  }
  let whole = s;
  let fraction = '';
  if (decimalMark !== null) {
    const at = s.lastIndexOf(decimalMark);
    whole = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (fraction.includes(',') || fraction.includes('.')) return 'invalid';
  }
  if (groupMark !== null) {
    const groups = whole.split(groupMark);
    const [first, ...rest] = groups;
    if (!first || first.length > 3 || rest.some((g) => g.length !== 3)) return 'invalid';
    whole = groups.join('');
  }
  if (whole === '') whole = '0';
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return 'invalid';
  return { negative, whole, fraction };
}

/**
 * An amount in major units as typed ("1 499,50", "1499.50", "-10,05") → minor units, exactly
 * (no floating point): 149950. More than two decimals is refused, never rounded.
 */
export function parseAmount(text: string): Parsed<number, AmountProblem> {
  const d = parseDecimal(text);
  if (d === 'empty' || d === 'invalid') return { ok: false, problem: d };
  const fraction = d.fraction.replace(/0+$/, '');
  if (fraction.length > 2) return { ok: false, problem: 'tooManyDecimals' };
  const whole = d.whole.replace(/^0+(?=\d)/, '');
  // Anything longer cannot be within the limit (and would lose precision as a Number).
  if (whole.length > 9) return { ok: false, problem: 'tooLarge' };
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (minor > MAX_UNIT_PRICE_MINOR) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value: d.negative && minor !== 0 ? -minor : minor };
}

/**
 * A quantity as typed ("2", "1,5", "0.125") → thousandths (1500), exactly. At most three
 * decimals; more than 0 and at most 1 000 000, as the server requires.
 */
export function parseQuantity(text: string): Parsed<number, QuantityProblem> {
  const d = parseDecimal(text);
  if (d === 'empty' || d === 'invalid') return { ok: false, problem: d };
  const fraction = d.fraction.replace(/0+$/, '');
  if (fraction.length > 3) return { ok: false, problem: 'tooManyDecimals' };
  const whole = d.whole.replace(/^0+(?=\d)/, '');
  if (whole.length > 7) return { ok: false, problem: 'tooLarge' };
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  if (d.negative || milli === 0) return { ok: false, problem: 'notPositive' };
  if (milli > MAX_QUANTITY * 1000) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value: milli };
}

/** Thousandths → the `Float` the API takes (exact for three decimals after rounding there). */
export function quantityFromMilli(milli: number): number {
  return milli / 1000;
}

/** The API's `Float` quantity → thousandths, rounded as the server rounds it. */
export function quantityToMilli(quantity: number): number {
  return Math.round(quantity * 1000);
}

/** The decimal mark of a locale: "," for sv-SE, "." for en-GB. */
export function decimalMark(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** Minor units as an editable amount, no grouping: 149950 → "1499,50" (sv) / "1499.50" (en). */
export function minorToInput(minor: number, mark: string): string {
  const abs = Math.abs(minor);
  const whole = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${minor < 0 ? '-' : ''}${String(whole)}${mark}${cents}`;
}

/** Thousandths as an editable quantity: 1500 → "1,5" (sv) / "1.5" (en); 2000 → "2". */
export function milliToInput(milli: number, mark: string): string {
  const whole = Math.trunc(milli / 1000);
  const fraction = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${String(whole)}${mark}${fraction}` : String(whole);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Minor units as money in the currency, with two decimals: "1 499,50 kr" (sv-SE), "SEK 1,499.50" (en-GB). */
export function formatMoney(minor: number, currency: Currency, locale: string): string {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(key, format);
  }
  return format.format(minor / 100);
}

/** A quantity for reading: up to three decimals in the locale ("1,5", "2", "0,125"). */
export function formatQuantity(quantity: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(quantity);
}

/** Basis points as a percentage: 2500 → "25 %" (sv) / "25%" (en). */
export function formatVatRate(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

/** `numerator / denominator`, rounded half away from zero (the server's `div_round`). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  const half = denominator / 2n;
  return numerator >= 0n ? (numerator + half) / denominator : (numerator - half) / denominator;
}

/** One line in the server's units. */
export interface MoneyLine {
  readonly quantityMilli: number;
  readonly unitPrice: number;
  readonly vatRate: number;
}

/** Quantity × unit price, rounded to the minor unit. */
export function lineNet(line: MoneyLine): number {
  return Number(divRound(BigInt(line.quantityMilli) * BigInt(line.unitPrice), 1000n));
}

/** The line's VAT: its rounded net × the rate, rounded to the minor unit. */
export function lineVat(line: MoneyLine): number {
  return Number(divRound(BigInt(lineNet(line)) * BigInt(line.vatRate), 10_000n));
}

export interface Totals {
  readonly net: number;
  readonly vat: number;
  readonly total: number;
}

/** Net, VAT and total of lines: sums of the rounded lines, as the server computes them. */
export function totalsOf(lines: readonly MoneyLine[]): Totals {
  let net = 0;
  let vat = 0;
  for (const line of lines) {
    net += lineNet(line);
    vat += lineVat(line);
  }
  return { net, vat, total: net + vat };
}
