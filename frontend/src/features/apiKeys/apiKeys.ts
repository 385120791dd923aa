//! Pure helpers of the API-key administration: words for scopes and statuses, the "New API key"
//! form and its mapping to `ApiKeyInput` (the expiry date as the end of that day in local time),
//! which scopes and groups the viewer may give a key, and the server's answers.
import { hasRight, type RightsHolder } from '../../app/rights';
import type { ApiKeyInput, ApiKeyStatus, ApiScope, Right } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';
import { bannerMessage, fieldErrors, generalMessage, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';

/** The server's limit on a key's name. */
export const NAME_MAX = 100;

export interface ScopeCopy {
  readonly label: MessageKey;
  readonly hint: MessageKey;
  /** The staff right someone needs to give a key this scope (administrators may give any). */
  readonly right: Right;
}

/**
 * Every scope a key can have, with a label, a one-line explanation and the right it stands for.
 * `Record<ApiScope, …>` makes a new value of the API's enum a type error here until it has words.
 * The order here is the order shown and sent.
 */
export const SCOPE_COPY: Readonly<Record<ApiScope, ScopeCopy>> = {
  CONSENT_READ: { label: 'apiKeys.scope.CONSENT_READ', hint: 'apiKeys.scope.CONSENT_READ.hint', right: 'READ_CUSTOMERS' },
  CONSENT_WRITE: { label: 'apiKeys.scope.CONSENT_WRITE', hint: 'apiKeys.scope.CONSENT_WRITE.hint', right: 'EDIT_CONSENTS' },
  CUSTOMERS_READ: { label: 'apiKeys.scope.CUSTOMERS_READ', hint: 'apiKeys.scope.CUSTOMERS_READ.hint', right: 'READ_CUSTOMERS' },
  REPORTS_READ: { label: 'apiKeys.scope.REPORTS_READ', hint: 'apiKeys.scope.REPORTS_READ.hint', right: 'READ_CUSTOMERS' },
};

export const SCOPES = Object.keys(SCOPE_COPY) as ApiScope[];

/** Distinct scopes in the canonical order. */
export function sortScopes(scopes: readonly ApiScope[]): ApiScope[] {
  return SCOPES.filter((s) => scopes.includes(s));
}

export function toggleScope(scopes: readonly ApiScope[], scope: ApiScope, on: boolean): ApiScope[] {
  return sortScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope));
}

/** A key's scopes as one readable line ("Read consents, Read reports"), or null for none. */
export function scopesSummary(scopes: readonly ApiScope[], t: TFunction): string | null {
  const labels = sortScopes(scopes).map((s) => t(SCOPE_COPY[s].label));
  return labels.length > 0 ? labels.join(', ') : null;
}

export type StatusTone = 'neutral' | 'warning' | 'muted' | 'danger';

/** A status as a word and a badge tone (the word carries the meaning, not the colour). */
export const STATUS_COPY: Readonly<Record<ApiKeyStatus, { readonly label: MessageKey; readonly tone: StatusTone }>> = {
  ACTIVE: { label: 'apiKeys.status.ACTIVE', tone: 'neutral' },
  EXPIRED: { label: 'apiKeys.status.EXPIRED', tone: 'warning' },
  REVOKED: { label: 'apiKeys.status.REVOKED', tone: 'muted' },
};

export function statusLabelKey(status: ApiKeyStatus): MessageKey {
  return STATUS_COPY[status].label;
}

/** How a key is recognised without its secret: `tillit_<prefix>_…`. */
export function maskedKey(prefix: string): string {
  return `tillit_${prefix}_…`;
}

/** The header a system sends, with the key shortened (the example line under the secret). */
export function authorizationExample(prefix: string): string {
  return `Authorization: Bearer ${maskedKey(prefix)}`;
}

// ---------- The expiry date ----------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The last second of a `YYYY-MM-DD` day (from `<input type=date>`) in the browser's time zone,
 * or null when it is not a real date (`2026-02-30`).
 */
export function endOfLocalDay(value: string): Date | null {
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  const date = new Date(year, month, day, 23, 59, 59, 0);
  if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) return null;
  return date;
}

/** The expiry to send: the end of that local day as an ISO `DateTime`, or null for none (blank). */
export function expiryToDateTime(value: string): string | null {
  if (value.trim() === '') return null;
  return endOfLocalDay(value)?.toISOString() ?? null;
}

/** Today in the browser's time zone as `YYYY-MM-DD` (the date input's `min`). */
export function localDateInput(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(now.getFullYear()).padStart(4, '0')}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** What is wrong with an expiry date: not a date, or a day that has already ended; null if fine or blank. */
export function expiryProblem(value: string, now: number): 'invalid' | 'past' | null {
  if (value.trim() === '') return null;
  const end = endOfLocalDay(value);
  if (!end) return 'invalid';
  return end.getTime() <= now ? 'past' : null;
}

// ---------- The form ----------

export interface ApiKeyFormValues {
  readonly name: string;
  readonly scopes: readonly ApiScope[];
  readonly groupIds: readonly string[];
  /** `YYYY-MM-DD` from `<input type=date>`, or empty for a key that does not expire. */
  readonly expiresOn: string;
}

/** The form's fields, named as the server's `extensions.field` names them. */
export type ApiKeyFormField = 'name' | 'scopes' | 'groupIds' | 'expiresAt';
export type ApiKeyFormErrors = Partial<Record<ApiKeyFormField, string>>;

export const API_KEY_FORM_FIELD_LIST: readonly ApiKeyFormField[] = ['name', 'scopes', 'groupIds', 'expiresAt'];
export const API_KEY_FORM_FIELDS: ReadonlySet<string> = new Set(API_KEY_FORM_FIELD_LIST);

export const EMPTY_API_KEY_FORM: ApiKeyFormValues = { name: '', scopes: [], groupIds: [], expiresOn: '' };

export function toApiKeyInput(values: ApiKeyFormValues): ApiKeyInput {
  return {
    name: values.name.trim(),
    scopes: sortScopes(values.scopes),
    groupIds: [...new Set(values.groupIds)],
    expiresAt: expiryToDateTime(values.expiresOn),
  };
}

/** What is checked before sending (the server checks it all again). `now` is Unix ms. */
export function apiKeyProblems(values: ApiKeyFormValues, t: TFunction, now: number): ApiKeyFormErrors {
  const problems: ApiKeyFormErrors = {};
  // Characters as the server counts them (after NFC normalization), not UTF-16 units.
  const length = Array.from(values.name.trim().normalize('NFC')).length;
  if (length === 0) problems.name = t('apiKeys.form.nameMissing');
  else if (length > NAME_MAX) problems.name = t('apiKeys.form.nameTooLong', { max: NAME_MAX });
  if (values.scopes.length === 0) problems.scopes = t('apiKeys.form.scopesMissing');
  const expiry = expiryProblem(values.expiresOn, now);
  if (expiry === 'invalid') problems.expiresAt = t('apiKeys.form.expiresInvalid');
  if (expiry === 'past') problems.expiresAt = t('apiKeys.form.expiresPast');
  return problems;
}

/** The fields in the order they are shown, for moving focus to the first problem. */
export function firstProblem(errors: ApiKeyFormErrors): ApiKeyFormField | null {
  return API_KEY_FORM_FIELD_LIST.find((f) => errors[f] !== undefined) ?? null;
}

// ---------- What the viewer may give a key ----------

/** The parts of the viewer that decide what they may give a key. */
export interface KeyGiver extends RightsHolder {
  /** The access groups the viewer is a member of (`me.groupIds`). */
  readonly groupIds: readonly string[];
}

/** Whether the viewer may give a key `scope`: administrators any; others only what they could do themselves. */
export function canGrantScope(viewer: RightsHolder, scope: ApiScope): boolean {
  return viewer.isAdmin || hasRight(viewer, SCOPE_COPY[scope].right);
}

/** Whether the viewer may scope a key to group `id`: administrators any; others only their own groups. */
export function canGrantGroup(viewer: KeyGiver, id: string): boolean {
  return viewer.isAdmin || viewer.groupIds.includes(id);
}

// ---------- The server's answers ----------

export interface ApiKeySaveFailure {
  readonly fields: ApiKeyFormErrors;
  readonly banner: string | null;
}

/** The form field a server path names (`groupIds.0` and `groupIds[0]` are about the groups as a whole). */
export function formFieldOf(path: string): ApiKeyFormField | null {
  return API_KEY_FORM_FIELD_LIST.find((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`)) ?? null;
}

/** `createApiKey`'s errors: `BAD_USER_INPUT` at its field, FORBIDDEN explained by the rule, the rest in a banner. */
export function apiKeySaveFailure(error: CombinedErrorLike | null | undefined, t: TFunction): ApiKeySaveFailure {
  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: ApiKeyFormErrors = {};
  const placed = new Set<string>();
  for (const [path, message] of Object.entries(server)) {
    const field = formFieldOf(path);
    if (field === null) continue;
    placed.add(path);
    fields[field] ??= message;
  }
  if (primaryErrorCode(error) === 'FORBIDDEN') return { fields, banner: t('apiKeys.form.forbidden') };
  return { fields, banner: bannerMessage(error, t, placed) };
}

/** Why `revokeApiKey` failed, in the UI language. */
export function revokeFailureMessage(error: CombinedErrorLike | null | undefined, t: TFunction): string {
  const code = primaryErrorCode(error) ?? 'INTERNAL';
  if (code === 'NOT_FOUND') return t('apiKeys.notFound');
  return generalMessage(code, t);
}
