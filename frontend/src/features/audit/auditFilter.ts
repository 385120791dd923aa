//! The access log's filter: its form values, the URL search params that hold it (so a filtered
//! view can be linked, bookmarked and reached with Back), and the `AuditFilter` the query sends.
//! Dates are whole local days: "from" is inclusive, "to" includes that day too.
import type { AuditFilter, AuditOutcome } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';

export interface AuditFilterValues {
  readonly userId: string;
  readonly customerId: string;
  /** An action or an action prefix, e.g. `customer.` or `auth.login`. */
  readonly action: string;
  readonly outcome: AuditOutcome | '';
  /** `YYYY-MM-DD` (as `<input type="date">` gives it), or empty. */
  readonly from: string;
  readonly to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterValues = { userId: '', customerId: '', action: '', outcome: '', from: '', to: '' };

/** Every outcome with its label; the order here is the order of the select. */
export const OUTCOME_LABELS: Readonly<Record<AuditOutcome, MessageKey>> = {
  SUCCESS: 'audit.outcome.SUCCESS',
  FAILURE: 'audit.outcome.FAILURE',
  DENIED: 'audit.outcome.DENIED',
};
export const OUTCOMES = Object.keys(OUTCOME_LABELS) as AuditOutcome[];

export function isOutcome(value: string): value is AuditOutcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

/** A real calendar date written `YYYY-MM-DD` (not `2025-02-30`). */
export function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d;
}

/** The filter in the URL; anything unreadable there (an unknown outcome, a bad date) is ignored. */
export function filterFromParams(params: URLSearchParams): AuditFilterValues {
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const outcome = text('outcome');
  const from = text('from');
  const to = text('to');
  return {
    userId: text('userId'),
    customerId: text('customerId'),
    action: text('action'),
    outcome: isOutcome(outcome) ? outcome : '',
    from: isDate(from) ? from : '',
    to: isDate(to) ? to : '',
  };
}

/** The URL search params for a filter: only what is set, in a fixed order. */
export function filterToParams(values: AuditFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  const put = (name: string, value: string) => {
    const trimmed = value.trim();
    if (trimmed) params.set(name, trimmed);
  };
  put('userId', values.userId);
  put('customerId', values.customerId);
  put('action', values.action);
  if (values.outcome) params.set('outcome', values.outcome);
  if (isDate(values.from)) params.set('from', values.from);
  if (isDate(values.to)) params.set('to', values.to);
  return params;
}

/** The start of a local day as an RFC 3339 instant (UTC). */
function startOfDay(date: string, plusDays = 0): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/**
 * What the query sends: blanks left out; `from` as the start of that day, `to` as the start of
 * the next day (the API's upper bound is exclusive, the form's "to" day is included).
 */
export function toAuditFilter(values: AuditFilterValues): AuditFilter {
  const filter: AuditFilter = {};
  const userId = values.userId.trim();
  const customerId = values.customerId.trim();
  const action = values.action.trim();
  if (userId) filter.userId = userId;
  if (customerId) filter.customerId = customerId;
  if (action) filter.action = action;
  if (values.outcome) filter.outcome = values.outcome;
  if (isDate(values.from)) filter.from = startOfDay(values.from);
  if (isDate(values.to)) filter.to = startOfDay(values.to, 1);
  return filter;
}

export function isFiltered(values: AuditFilterValues): boolean {
  return filterToParams(values).toString() !== '';
}

export type AuditFilterErrors = Partial<Record<'to', string>>;

/** Checked before applying: a period that ends before it starts. */
export function filterProblems(values: AuditFilterValues, t: TFunction): AuditFilterErrors {
  if (isDate(values.from) && isDate(values.to) && values.to < values.from) return { to: t('audit.filter.toBeforeFrom') };
  return {};
}

/** The access log filtered to one customer (the link on the customer card). */
export function auditPathForCustomer(customerId: string): string {
  return `/admin/audit?${new URLSearchParams({ customerId }).toString()}`;
}

/** An event's `details` as indented JSON, or null when there are none. */
export function formatDetails(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  // Parsed from the server's JSON, so it always stringifies again.
  return JSON.stringify(details, null, 2);
}

/** Who did it, for an event without a current name: the kind of actor in words. */
export function actorKindLabel(kind: string): MessageKey | null {
  switch (kind) {
    case 'user':
      return 'audit.actor.removedUser';
    case 'anonymous':
      return 'audit.actor.anonymous';
    case 'system':
      return 'audit.actor.system';
    default:
      return null;
  }
}

/** The actor column: the staff user's current name, else the kind of actor (or its raw name). */
export function actorLabel(event: { readonly actorKind: string; readonly actorName?: string | null }, t: TFunction): string {
  if (event.actorName) return event.actorName;
  const key = actorKindLabel(event.actorKind);
  return key ? t(key) : event.actorKind;
}
