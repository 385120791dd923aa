//! The consent screen's form (pure, tested): which cells were changed and the `changes` list they
//! become, the source / evidence / valid-until checks, and the server's answer mapped back onto
//! fields and cells (`changes[2].purposeId` → the third change sent).
import type {
  ConsentChangeInput,
  ConsentDecision,
  ConsentSource,
  ConsentStatus,
  RecordConsentsInput,
} from '../../gql/graphql';
import type { TFunction } from '../../i18n';
import {
  bannerMessage,
  codeOf,
  fieldErrors,
  generalMessage,
  normalizeField,
  primaryErrorCode,
  type CombinedErrorLike,
} from '../../lib/errors';
import { isDate } from '../audit/auditFilter';

/** The most evidence text the server takes, in characters. */
export const EVIDENCE_MAX = 2000;

/** One cell of the grid: a contact and a purpose (input ids are typed `string | number`). */
export function cellKey(contactId: string | number, purposeId: string | number): string {
  return `${String(contactId)}|${String(purposeId)}`;
}

/** The decisions chosen in the grid, by `cellKey`. Only cells the user changed are in it. */
export type Selection = Readonly<Record<string, ConsentDecision>>;

/**
 * The decision a status stands for, when it needs no new answer from the customer: GRANTED,
 * WITHDRAWN and DENIED. NOT_ASKED, OUTDATED and EXPIRED have none: they have to be asked again.
 */
export function settledDecision(status: ConsentStatus): ConsentDecision | null {
  switch (status) {
    case 'GRANTED':
    case 'WITHDRAWN':
    case 'DENIED':
      return status;
    default:
      return null;
  }
}

/**
 * One click on a decision button. Choosing a decision changes the cell; clicking the chosen
 * decision again, or the decision already stored, leaves the cell unchanged. Withdrawing takes
 * the same single click as granting.
 */
export function chooseDecision(
  selection: Selection,
  key: string,
  decision: ConsentDecision,
  current: ConsentStatus,
): Record<string, ConsentDecision> {
  const rest = Object.fromEntries(Object.entries(selection).filter(([k]) => k !== key));
  if (selection[key] === decision || settledDecision(current) === decision) return rest;
  return { ...rest, [key]: decision };
}

/** The decision a cell shows as chosen: the pending change, else what is stored. */
export function shownDecision(selection: Selection, key: string, current: ConsentStatus): ConsentDecision | null {
  return selection[key] ?? settledDecision(current);
}

interface GridContact {
  readonly id: string;
  readonly consents: readonly { readonly purpose: { readonly id: string }; readonly status: ConsentStatus }[];
}

/**
 * The changed cells as the mutation's `changes`, in grid order (contacts top to bottom, purposes
 * left to right). A choice equal to what is stored, or for a contact or purpose no longer in the
 * grid, is not a change.
 */
export function buildChanges(
  contacts: readonly GridContact[],
  purposeIds: readonly string[],
  selection: Selection,
): ConsentChangeInput[] {
  const changes: ConsentChangeInput[] = [];
  for (const contact of contacts) {
    for (const purposeId of purposeIds) {
      const decision = selection[cellKey(contact.id, purposeId)];
      if (decision === undefined) continue;
      const current = contact.consents.find((c) => c.purpose.id === purposeId)?.status ?? 'NOT_ASKED';
      if (settledDecision(current) === decision) continue;
      changes.push({ contactId: contact.id, purposeId, decision });
    }
  }
  return changes;
}

export interface ConsentFormValues {
  readonly source: ConsentSource | '';
  readonly evidence: string;
  /** `YYYY-MM-DD` from `<input type="date">`, or empty. */
  readonly validUntil: string;
  /** The declaration version printed on a paper form (`'3'`), or empty for the one in force. */
  readonly formVersion?: string;
}

export const EMPTY_CONSENT_FORM: ConsentFormValues = { source: '', evidence: '', validUntil: '', formVersion: '' };

export type ConsentFormField = 'source' | 'evidence' | 'validUntil';
export type ConsentFormErrors = Partial<Record<ConsentFormField, string>>;
const FORM_FIELD_LIST: readonly ConsentFormField[] = ['source', 'evidence', 'validUntil'];

/** Characters as the server counts them: code points (an emoji is one), not UTF-16 units. */
export function textLength(value: string): number {
  return value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
}

/** What is wrong with the evidence text, or null: it is required and at most 2000 characters. */
export function evidenceProblem(value: string, t: TFunction): string | null {
  const length = textLength(value.trim());
  if (length === 0) return t('consents.form.evidenceMissing');
  if (length > EVIDENCE_MAX) return t('consents.form.evidenceTooLong', { max: EVIDENCE_MAX, count: length });
  return null;
}

/** Today's local date as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An optional valid-until date must be a real date, today or later. */
export function validUntilProblem(value: string, today: string, t: TFunction): string | null {
  if (value === '') return null;
  if (!isDate(value)) return t('consents.form.validUntilInvalid');
  if (value < today) return t('consents.form.validUntilPast');
  return null;
}

/** Every problem of the form, checked before sending. */
export function consentFormProblems(values: ConsentFormValues, today: string, t: TFunction): ConsentFormErrors {
  const problems: ConsentFormErrors = {};
  if (values.source === '') problems.source = t('consents.form.sourceMissing');
  const evidence = evidenceProblem(values.evidence, t);
  if (evidence) problems.evidence = evidence;
  const validUntil = validUntilProblem(values.validUntil, today, t);
  if (validUntil) problems.validUntil = validUntil;
  return problems;
}

/** The chosen day is included: the consent is valid until the end of that local day. */
export function toValidUntil(date: string): string | null {
  if (!isDate(date)) return null;
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 23, 59, 59).toISOString();
}

/** The mutation's input, or null when there is nothing valid to send. */
export function toRecordInput(values: ConsentFormValues, changes: readonly ConsentChangeInput[]): RecordConsentsInput | null {
  if (changes.length === 0 || values.source === '') return null;
  return {
    changes: [...changes],
    source: values.source,
    evidence: values.evidence.trim(),
    validUntil: toValidUntil(values.validUntil),
    ...(values.source === 'PAPER_FORM' && values.formVersion ? { declarationVersion: Number(values.formVersion) } : {}),
  };
}

const CHANGE_FIELD = /^changes\[(\d+)\](?:\.\w+)?$/;

/** The index of the change a field such as `changes[2].purposeId` names, or null. */
export function changeIndex(field: string): number | null {
  const match = CHANGE_FIELD.exec(normalizeField(field));
  return match ? Number(match[1]) : null;
}

export interface RecordFailure {
  /** Errors of the source, evidence and valid-until fields. */
  readonly fields: ConsentFormErrors;
  /** Errors of single changes, by `cellKey`. */
  readonly cells: Readonly<Record<string, string>>;
  /** What the banner above the form says, or null. */
  readonly banner: string | null;
}

/**
 * The server's answer to `recordConsents`, placed where the user can act on it: field errors at
 * their fields, `changes[i].…` at the cell of the i-th change sent, the rest in the banner.
 * Nothing was saved (one transaction), so a banner says so when errors are placed in the form.
 */
export function recordFailure(
  error: CombinedErrorLike | null | undefined,
  sent: readonly ConsentChangeInput[],
  t: TFunction,
): RecordFailure {
  if (!error) return { fields: {}, cells: {}, banner: null };
  const primary = primaryErrorCode(error);
  if (primary === 'FORBIDDEN') return { fields: {}, cells: {}, banner: t('consents.forbidden') };
  if (primary === 'NOT_FOUND') return { fields: {}, cells: {}, banner: t('consents.notFound') };
  if (primary !== 'BAD_USER_INPUT' && primary !== null) return { fields: {}, cells: {}, banner: generalMessage(primary, t) };

  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: ConsentFormErrors = {};
  for (const field of FORM_FIELD_LIST) {
    const message = server[field];
    if (message !== undefined) fields[field] = message;
  }
  const cells: Record<string, string> = {};
  const placed = new Set<string>(FORM_FIELD_LIST);
  for (const [field, message] of Object.entries(server)) {
    const index = changeIndex(field);
    const change = index === null ? undefined : sent[index];
    if (!change) continue;
    const key = cellKey(change.contactId, change.purposeId);
    cells[key] ??= message;
    placed.add(field);
  }
  const unplaced = bannerMessage(
    { ...error, graphQLErrors: error.graphQLErrors.filter((e) => codeOf(e) === 'BAD_USER_INPUT') },
    t,
    placed,
  );
  const anyPlaced = Object.keys(fields).length > 0 || Object.keys(cells).length > 0;
  const banner = [anyPlaced ? t('consents.notSaved') : null, unplaced].filter((m) => m !== null).join(' ');
  return { fields, cells, banner: banner || null };
}
