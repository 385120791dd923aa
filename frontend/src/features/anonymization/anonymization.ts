//! Pure helpers of the anonymization screens: the server's categories ("name", "contactPersons",
//! "orders", …), mention sources, fields and kinds in words, the record labels the server writes
//! in English ("Order 100023 line 2") in the UI language, and the typed confirmation number.
import type { MentionKind, MentionSource } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';

/** What anonymizing removes (`removes`, a receipt's `removed`) and keeps (`keeps`, `kept`). */
const CATEGORY_LABELS: Readonly<Record<string, MessageKey>> = {
  name: 'anonymize.category.name',
  companyName: 'anonymize.category.companyName',
  identityNumber: 'anonymize.category.identityNumber',
  email: 'anonymize.category.email',
  phone: 'anonymize.category.phone',
  addresses: 'anonymize.category.addresses',
  note: 'anonymize.category.note',
  contactPersons: 'anonymize.category.contactPersons',
  myPageAccounts: 'anonymize.category.myPageAccounts',
  consentEvidence: 'anonymize.category.consentEvidence',
  outgoingMessages: 'anonymize.category.outgoingMessages',
  orders: 'anonymize.category.orders',
  invoices: 'anonymize.category.invoices',
  tasks: 'anonymize.category.tasks',
  consentEvents: 'anonymize.category.consentEvents',
};

/** Categories that are one field of the customer: shown without a count. */
const FIELD_CATEGORIES: ReadonlySet<string> = new Set([
  'name',
  'companyName',
  'identityNumber',
  'email',
  'phone',
  'addresses',
  'note',
]);

export interface CategoryCount {
  readonly category: string;
  readonly count: number;
}

/** A category in words; one the SPA does not know yet is shown as the server names it. */
export function categoryLabel(category: string, t: TFunction): string {
  const key = Object.hasOwn(CATEGORY_LABELS, category) ? CATEGORY_LABELS[category] : undefined;
  return key ? t(key) : category;
}

/** Whether a category is counted (contact persons, orders, …) rather than one field (name, e-mail, …). */
export function isCounted(category: string): boolean {
  return !FIELD_CATEGORIES.has(category);
}

const CATEGORY_ORDER: readonly string[] = Object.keys(CATEGORY_LABELS);

/**
 * Categories in a fixed, meaningful order (name first, then contact details, …, records last);
 * the server sends them alphabetically by key. Unknown ones go last, alphabetically.
 */
export function sortCategories<C extends CategoryCount>(categories: readonly C[]): C[] {
  const rank = (c: C) => {
    const i = CATEGORY_ORDER.indexOf(c.category);
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  return [...categories].sort((a, b) => rank(a) - rank(b) || a.category.localeCompare(b.category));
}

/** "Name, E-mail, Contact persons (2)": a receipt's categories on one line, empty ones left out. */
export function summarizeCategories(categories: readonly CategoryCount[], t: TFunction): string {
  return sortCategories(categories)
    .filter((c) => c.count > 0)
    .map((c) => (isCounted(c.category) ? `${categoryLabel(c.category, t)} (${String(c.count)})` : categoryLabel(c.category, t)))
    .join(', ');
}

export const MENTION_KIND_LABELS: Readonly<Record<MentionKind, MessageKey>> = {
  NAME: 'anonymize.kind.NAME',
  EMAIL: 'anonymize.kind.EMAIL',
  PHONE: 'anonymize.kind.PHONE',
  IDENTITY_NUMBER: 'anonymize.kind.IDENTITY_NUMBER',
};

const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  description: 'anonymize.field.description',
  title: 'anonymize.field.title',
  body: 'anonymize.field.body',
  note: 'anonymize.field.note',
};

/** The free-text field a mention is in, in words. */
export function fieldLabel(field: string, t: TFunction): string {
  const key = Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field] : undefined;
  return key ? t(key) : field;
}

const SOURCES: readonly MentionSource[] = ['ORDER', 'ORDER_LINE', 'INVOICE', 'INVOICE_LINE', 'TASK', 'CUSTOMER_NOTE'];

/** A source as the preview (`ORDER_LINE`) or a receipt (`order_line`) names it. */
export function mentionSourceOf(value: string): MentionSource | null {
  const upper = value.toUpperCase();
  return (SOURCES as readonly string[]).includes(upper) ? (upper as MentionSource) : null;
}

/**
 * The record a mention is in, in the UI language. The server labels records in English without
 * personal data ("Order 100023", "Invoice 5000012 line 2", "Task", "Block", "Customer 10042");
 * the numbers are taken from there. A label of another shape is shown as it is.
 */
export function recordLabel(source: string, label: string, t: TFunction): string {
  const numbers = (label.match(/\d+/g) ?? []).map(Number);
  const [number, line] = numbers;
  switch (mentionSourceOf(source)) {
    case 'ORDER':
      return number !== undefined ? t('anonymize.record.order', { number }) : label;
    case 'ORDER_LINE':
      return number !== undefined && line !== undefined ? t('anonymize.record.orderLine', { number, line }) : label;
    case 'INVOICE':
      return number !== undefined ? t('anonymize.record.invoice', { number }) : label;
    case 'INVOICE_LINE':
      return number !== undefined && line !== undefined ? t('anonymize.record.invoiceLine', { number, line }) : label;
    case 'TASK':
      return label === 'Block' ? t('tasks.kind.BLOCK') : label === 'Task' ? t('tasks.kind.TASK') : label;
    case 'CUSTOMER_NOTE':
      return number !== undefined ? t('anonymize.record.customer', { number }) : label;
    case null:
      return label;
  }
}

/** One mention per record and field. */
export function mentionKey(m: { readonly source: string; readonly recordId: string; readonly field: string }): string {
  return `${m.source}:${m.recordId}:${m.field}`;
}

/** "3 more mentions in records you cannot see", or null when there are none. */
export function hiddenMentionsText(count: number, t: TFunction): string | null {
  if (count <= 0) return null;
  return count === 1 ? t('anonymize.hiddenOne') : t('anonymize.hiddenMany', { count });
}

/** The typed customer number without spaces, if it is only digits ("10 234" → "10234"). */
export function typedNumber(typed: string): string | null {
  const digits = typed.replace(/[\s\u00a0]/g, '');
  return /^\d{1,15}$/.test(digits) ? digits : null;
}

/** The typed number as the API's `confirmNumber`, or null when it is not a number. */
export function parseConfirmNumber(typed: string): number | null {
  const digits = typedNumber(typed);
  if (digits === null) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}

/** Whether what was typed is the customer's number (spaces allowed, leading zeros not). */
export function confirmNumberMatches(typed: string, number: number): boolean {
  return typedNumber(typed) === String(number);
}
