//! The order form's values, their checks and mapping to the API's `OrderInput`, the live totals,
//! and placing the server's field errors (`lines[2].quantity`) at the right line. Pure, tested.
//!
//! Lines have a stable key in the form, so an error stays with its line even when lines are
//! added or removed after a save: the keys in the order they were sent map the server's index
//! back to the line.
import type { Country, Currency, OrderFieldsFragment, OrderInput, OrderStatus } from '../../gql/graphql';
import type { MessageKey } from '../../i18n';
import { isIsoDate } from '../../lib/dates';
import {
  milliToInput,
  minorToInput,
  parseAmount,
  parseQuantity,
  quantityFromMilli,
  quantityToMilli,
  totalsOf,
  lineNet,
  lineVat,
  type AmountProblem,
  type MoneyLine,
  type QuantityProblem,
  type Totals,
} from '../../lib/money';

export type LineField = 'description' | 'quantity' | 'unitPrice' | 'vatRate';
export const LINE_FIELDS: readonly LineField[] = ['description', 'quantity', 'unitPrice', 'vatRate'];

export interface LineFormValues {
  /** Stable within the form (React key, and where the line's errors are kept). */
  readonly key: string;
  readonly description: string;
  /** As typed: "2", "1,5". */
  readonly quantity: string;
  /** In major units as typed: "1 499,50". */
  readonly unitPrice: string;
  /** Basis points. */
  readonly vatRate: number;
}

export interface OrderFormValues {
  readonly orderDate: string;
  readonly description: string;
  readonly currency: Currency;
  readonly status: OrderStatus;
  readonly lines: readonly LineFormValues[];
}

/** The most lines an order takes (the server's limit). */
export const MAX_LINES = 200;
/** The default VAT rate of a new line: 25 %. */
export const DEFAULT_VAT_RATE = 2500;

let lastKey = 0;
function nextKey(): string {
  lastKey += 1;
  return `line-${String(lastKey)}`;
}

export function emptyLine(): LineFormValues {
  return { key: nextKey(), description: '', quantity: '1', unitPrice: '', vatRate: DEFAULT_VAT_RATE };
}

/** The currency customers of a country are usually invoiced in. */
export function currencyForCountry(country: Country): Currency {
  switch (country) {
    case 'NO':
      return 'NOK';
    case 'DK':
      return 'DKK';
    case 'FI':
      return 'EUR';
    case 'SE':
      return 'SEK';
  }
}

export function newOrderForm(currency: Currency, today: string): OrderFormValues {
  return { orderDate: today, description: '', currency, status: 'OPEN', lines: [emptyLine()] };
}

/** An existing order in the form; amounts written with the UI's decimal mark. */
export function orderToForm(order: OrderFieldsFragment, mark: string): OrderFormValues {
  return {
    orderDate: order.orderDate,
    description: order.description ?? '',
    currency: order.currency,
    status: order.status,
    lines: order.lines.map((l) => ({
      key: nextKey(),
      description: l.description,
      quantity: milliToInput(quantityToMilli(l.quantity), mark),
      unitPrice: minorToInput(l.unitPrice, mark),
      vatRate: l.vatRate,
    })),
  };
}

/** Where the form keeps the error of one field of one line. */
export function lineErrorKey(lineKey: string, field: LineField): string {
  return `lines.${lineKey}.${field}`;
}

const QUANTITY_PROBLEMS: Readonly<Record<QuantityProblem, MessageKey>> = {
  empty: 'orders.line.quantityMissing',
  invalid: 'orders.line.quantityInvalid',
  tooManyDecimals: 'orders.line.quantityDecimals',
  notPositive: 'orders.line.quantityPositive',
  tooLarge: 'orders.line.quantityTooLarge',
};

const PRICE_PROBLEMS: Readonly<Record<AmountProblem, MessageKey>> = {
  empty: 'orders.line.priceMissing',
  invalid: 'orders.line.priceInvalid',
  tooManyDecimals: 'orders.line.priceDecimals',
  tooLarge: 'orders.line.priceTooLarge',
};

/** A line in the server's units, or null while its quantity or price cannot be read. */
export function moneyLineOf(line: LineFormValues): MoneyLine | null {
  const quantity = parseQuantity(line.quantity);
  const price = parseAmount(line.unitPrice);
  if (!quantity.ok || !price.ok) return null;
  return { quantityMilli: quantity.value, unitPrice: price.value, vatRate: line.vatRate };
}

export type CheckedOrder =
  | { readonly ok: true; readonly input: OrderInput; readonly lineKeys: readonly string[] }
  | { readonly ok: false; readonly errors: Readonly<Record<string, MessageKey>> };

/**
 * What the form would send, or what must be fixed first (message keys by form field: `orderDate`,
 * `lines`, `lines.<key>.quantity`, …). `lineKeys` are the lines' keys in the order sent.
 */
export function checkOrderForm(values: OrderFormValues): CheckedOrder {
  const errors: Record<string, MessageKey> = {};
  if (!isIsoDate(values.orderDate)) errors['orderDate'] = 'orders.form.dateInvalid';
  if (values.lines.length === 0) errors['lines'] = 'orders.form.linesMissing';
  if (values.lines.length > MAX_LINES) errors['lines'] = 'orders.form.linesTooMany';
  const lines = values.lines.map((line) => {
    if (!line.description.trim()) errors[lineErrorKey(line.key, 'description')] = 'orders.line.descriptionMissing';
    const quantity = parseQuantity(line.quantity);
    if (!quantity.ok) errors[lineErrorKey(line.key, 'quantity')] = QUANTITY_PROBLEMS[quantity.problem];
    const price = parseAmount(line.unitPrice);
    if (!price.ok) errors[lineErrorKey(line.key, 'unitPrice')] = PRICE_PROBLEMS[price.problem];
    return quantity.ok && price.ok
      ? {
          description: line.description.trim(),
          quantity: quantityFromMilli(quantity.value),
          unitPrice: price.value,
          vatRate: line.vatRate,
        }
      : null;
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const description = values.description.trim();
  return {
    ok: true,
    input: {
      orderDate: values.orderDate,
      description: description === '' ? null : description,
      currency: values.currency,
      lines: lines.filter((l) => l !== null),
    },
    lineKeys: values.lines.map((l) => l.key),
  };
}

const SERVER_LINE_FIELD = /^lines\[(\d+)\]\.(\w+)$/;

/**
 * The server's field errors moved to where the form shows them: `lines[2].quantity` → the
 * third line sent (`lines.<key>.quantity`). Other fields keep their name; an index the form no
 * longer has becomes a `lines` error, so the message is not lost.
 */
export function placeServerErrors(
  errors: Readonly<Record<string, string>>,
  lineKeys: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const m = SERVER_LINE_FIELD.exec(field);
    const key = m ? lineKeys[Number(m[1])] : undefined;
    const lineField = m?.[2];
    if (m && key !== undefined && lineField !== undefined && (LINE_FIELDS as readonly string[]).includes(lineField)) {
      out[lineErrorKey(key, lineField as LineField)] ??= message;
    } else if (m) {
      out['lines'] ??= message;
    } else {
      out[field] ??= message;
    }
  }
  return out;
}

/** The server fields the order form shows next to a field (the rest go into the banner). */
export const ORDER_FORM_FIELDS: ReadonlySet<string> = new Set(['orderDate', 'description', 'currency', 'lines']);

/**
 * Whether the form shows this server field next to an input, so the banner need not repeat it:
 * the order's fields, and every line field (at its line, or with the lines, see `placeServerErrors`).
 */
export function isShownOrderField(field: string): boolean {
  return ORDER_FORM_FIELDS.has(field) || SERVER_LINE_FIELD.test(field);
}

export interface LiveTotals {
  /** Net and VAT of each line that can be read, by line key. */
  readonly lines: Readonly<Record<string, { readonly net: number; readonly vat: number }>>;
  readonly totals: Totals;
  /** Lines left out of the totals because their quantity or price cannot be read yet. */
  readonly incomplete: number;
}

/** The totals while typing, rounded as the server rounds them. */
export function liveTotals(lines: readonly LineFormValues[]): LiveTotals {
  const byKey: Record<string, { net: number; vat: number }> = {};
  const readable: MoneyLine[] = [];
  let incomplete = 0;
  for (const line of lines) {
    const money = moneyLineOf(line);
    if (!money) {
      incomplete += 1;
      continue;
    }
    readable.push(money);
    byKey[line.key] = { net: lineNet(money), vat: lineVat(money) };
  }
  return { lines: byKey, totals: totalsOf(readable), incomplete };
}

/** The VAT rates offered for a line: the standard ones, plus the line's own if it is another. */
export function vatRateOptions(standard: readonly number[], current: number): number[] {
  return standard.includes(current) ? [...standard] : [...standard, current].sort((a, b) => b - a);
}
