//! Invoice statuses in words, with a badge tone (the word carries the meaning, not the colour).
import type { InvoiceStatus } from '../../gql/graphql';
import type { MessageKey } from '../../i18n';
import type { Tone } from '../orders/labels';

export const INVOICE_STATUS_COPY: Readonly<Record<InvoiceStatus, { readonly label: MessageKey; readonly tone: Tone }>> = {
  UNPAID: { label: 'invoices.status.UNPAID', tone: 'neutral' },
  PAID: { label: 'invoices.status.PAID', tone: 'muted' },
  OVERDUE: { label: 'invoices.status.OVERDUE', tone: 'danger' },
};
