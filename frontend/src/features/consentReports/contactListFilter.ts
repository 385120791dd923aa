//! The contact list's filter (the campaign list): its form values, the URL search params that
//! hold it (so a list can be linked, bookmarked and reached with Back), the shortcuts that set it,
//! and the `ConsentContactFilter` the query and the CSV export send.
//!
//! The purpose is named by its key in the URL (`?purpose=marketing_email`): readable, and the key
//! is what the webshop and reports know a purpose by. No purpose in the URL means the first
//! active purpose. "Expiring before" is a whole local day that is included, like the access
//! log's "to": a consent valid until the end of that day is in the list.
import type { ConsentContactFilter, ConsentStatus } from '../../gql/graphql';
import { isDate } from '../audit/auditFilter';
import { CONSENT_STATUSES } from '../consents/labels';

export interface ContactListValues {
  /** The purpose's key, or empty for the first active purpose. */
  readonly purpose: string;
  readonly status: ConsentStatus | '';
  /** `YYYY-MM-DD` (as `<input type="date">` gives it), or empty. */
  readonly expiringBefore: string;
}

export const EMPTY_CONTACT_LIST_FILTER: ContactListValues = { purpose: '', status: '', expiringBefore: '' };

/** Where the report is; the filter follows as search params. */
export const CONSENT_REPORTS_PATH = '/reports/consents';

/** How far ahead the "Expiring within 30 days" shortcut looks. */
export const EXPIRING_SOON_DAYS = 30;

export function isConsentStatus(value: string): value is ConsentStatus {
  return (CONSENT_STATUSES as readonly string[]).includes(value);
}

/** A purpose key as the settings allow it (lower-case letters, digits, underscores). */
function isPurposeKey(value: string): boolean {
  return /^[a-z0-9_]{1,64}$/.test(value);
}

/** The filter in the URL; anything unreadable there (an unknown status, a bad date) is ignored. */
export function filterFromParams(params: URLSearchParams): ContactListValues {
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const purpose = text('purpose');
  const status = text('status');
  const expiringBefore = text('expiringBefore');
  return {
    purpose: isPurposeKey(purpose) ? purpose : '',
    status: isConsentStatus(status) ? status : '',
    expiringBefore: isDate(expiringBefore) ? expiringBefore : '',
  };
}

/** The URL search params for a filter: only what is set, in a fixed order. */
export function filterToParams(values: ContactListValues): URLSearchParams {
  const params = new URLSearchParams();
  const purpose = values.purpose.trim();
  if (isPurposeKey(purpose)) params.set('purpose', purpose);
  if (values.status) params.set('status', values.status);
  if (isDate(values.expiringBefore)) params.set('expiringBefore', values.expiringBefore);
  return params;
}

/** The report's address with a filter, e.g. for a shortcut or a count in the statistics. */
export function contactListPath(values: ContactListValues): string {
  const query = filterToParams(values).toString();
  return query ? `${CONSENT_REPORTS_PATH}?${query}` : CONSENT_REPORTS_PATH;
}

/** The id of the contact list's heading: links that set the filter scroll to it. */
export const CONTACT_LIST_ANCHOR = 'contact-list';

/** A link that sets the filter and goes to the contact list. */
export function contactListLink(values: ContactListValues): string {
  return `${contactListPath(values)}#${CONTACT_LIST_ANCHOR}`;
}

interface PurposeLike {
  readonly id: string;
  readonly key: string;
}

export interface ChosenPurpose<P extends PurposeLike> {
  /** The purpose the list is for: the one the URL names, else the first; null without purposes. */
  readonly purpose: P | null;
  /** The URL named a purpose that is not (or no longer) an active one. */
  readonly unknown: boolean;
}

/** The purpose the filter means, among the active purposes (in purpose order). */
export function choosePurpose<P extends PurposeLike>(purposes: readonly P[], key: string): ChosenPurpose<P> {
  const named = key ? purposes.find((p) => p.key === key) : undefined;
  return { purpose: named ?? purposes[0] ?? null, unknown: key !== '' && named === undefined };
}

/** `YYYY-MM-DD` plus (or minus) whole days, in the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10);
}

/**
 * What the query and the export send: the purpose's id, the status if chosen, and "expiring
 * before" as the start of the local day after the chosen one (so that day is included).
 */
export function toContactFilter(values: ContactListValues, purposeId: string): ConsentContactFilter {
  const filter: ConsentContactFilter = { purposeId };
  if (values.status) filter.status = values.status;
  if (isDate(values.expiringBefore)) {
    const [y = 0, m = 1, d = 1] = values.expiringBefore.split('-').map(Number);
    filter.expiringBefore = new Date(y, m - 1, d + 1).toISOString();
  }
  return filter;
}

/** Shortcut: consents granted under an earlier declaration, for the purpose shown. */
export function outdatedShortcut(purposeKey: string): ContactListValues {
  return { purpose: purposeKey, status: 'OUTDATED', expiringBefore: '' };
}

/** Shortcut: grants (current or outdated) that run out within 30 days from today. */
export function expiringSoonShortcut(purposeKey: string, today: string): ContactListValues {
  return { purpose: purposeKey, status: '', expiringBefore: addDays(today, EXPIRING_SOON_DAYS) };
}

/** Whether two filters select the same list (the purpose left out means the first purpose). */
export function sameFilter(a: ContactListValues, b: ContactListValues, firstPurposeKey: string | null): boolean {
  const norm = (v: ContactListValues) => filterToParams({ ...v, purpose: v.purpose || (firstPurposeKey ?? '') }).toString();
  return norm(a) === norm(b);
}
