//! Order statuses in words, with a badge tone (the word carries the meaning, not the colour).
//! `Record<OrderStatus, …>` makes a new value of the API's enum a type error until it has words.
import type { OrderStatus } from '../../gql/graphql';
import type { MessageKey } from '../../i18n';

export type Tone = 'neutral' | 'warning' | 'muted' | 'danger';

export const ORDER_STATUS_COPY: Readonly<Record<OrderStatus, { readonly label: MessageKey; readonly tone: Tone }>> = {
  OPEN: { label: 'orders.status.OPEN', tone: 'neutral' },
  COMPLETED: { label: 'orders.status.COMPLETED', tone: 'muted' },
  CANCELLED: { label: 'orders.status.CANCELLED', tone: 'warning' },
};
export const ORDER_STATUSES = Object.keys(ORDER_STATUS_COPY) as OrderStatus[];
