//! "Create invoice from order": the form's values (invoice date today, due date 30 days later,
//! both editable), their checks and the mapping to the API's `InvoiceInput`. Pure, tested.
import type { InvoiceInput, OrderFieldsFragment } from '../../gql/graphql';
import type { MessageKey } from '../../i18n';
import { addDaysIso, isIsoDate } from '../../lib/dates';

/** Days from the invoice date to the due date unless changed. */
export const PAYMENT_TERMS_DAYS = 30;

export interface InvoiceFormValues {
  readonly invoiceDate: string;
  readonly dueDate: string;
  readonly description: string;
}

/** The server fields the invoice form shows next to an input. */
export const INVOICE_FORM_FIELDS: ReadonlySet<string> = new Set(['invoiceDate', 'dueDate', 'description']);

export function newInvoiceForm(today: string, termsDays = PAYMENT_TERMS_DAYS): InvoiceFormValues {
  return { invoiceDate: today, dueDate: addDaysIso(today, termsDays), description: '' };
}

/** A new invoice date moves a due date that was still the default along with it. */
export function withInvoiceDate(values: InvoiceFormValues, invoiceDate: string): InvoiceFormValues {
  const followed = values.dueDate === addDaysIso(values.invoiceDate, PAYMENT_TERMS_DAYS) && isIsoDate(invoiceDate);
  return { ...values, invoiceDate, dueDate: followed ? addDaysIso(invoiceDate, PAYMENT_TERMS_DAYS) : values.dueDate };
}

export function invoiceFormProblems(values: InvoiceFormValues): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (!isIsoDate(values.invoiceDate)) problems['invoiceDate'] = 'invoices.form.dateInvalid';
  if (!isIsoDate(values.dueDate)) problems['dueDate'] = 'invoices.form.dateInvalid';
  else if (isIsoDate(values.invoiceDate) && values.dueDate < values.invoiceDate) {
    problems['dueDate'] = 'invoices.form.dueBeforeInvoice';
  }
  return problems;
}

/** An invoice of the order: its currency, and no lines of its own (the server copies the order's). */
export function toInvoiceInput(values: InvoiceFormValues, order: Pick<OrderFieldsFragment, 'id' | 'currency'>): InvoiceInput {
  const description = values.description.trim();
  return {
    orderId: order.id,
    invoiceDate: values.invoiceDate,
    dueDate: values.dueDate,
    description: description === '' ? null : description,
    currency: order.currency,
    lines: [],
  };
}
