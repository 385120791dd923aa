//! Secrets on the customer card, the pure part (tested): labels, the masked value and the
//! 30-second reveal countdown, the form (its checks mirror the server's limits in
//! `backend/src/features/secrets/service.rs`, its mapping to `SecretInput`), the reveal
//! reason, and how the server's answers are read — including which field errors of the list
//! are expected (details of secrets the viewer may not reveal) and which are real failures.
import { hasRight, type RightsHolder } from '../../app/rights';
import type { SecretFieldsFragment, SecretInput, SecretKind } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';
import {
  bannerMessage,
  codeOf,
  fieldErrors,
  primaryErrorCode,
  type ClientErrorCode,
  type CombinedErrorLike,
  type GraphQLErrorLike,
} from '../../lib/errors';
import { blankToNull } from '../customers/customerForm';

// ---------- Labels ----------

/** Every kind with its label; the order here is the order of the form's select. */
export const SECRET_KIND_LABELS: Readonly<Record<SecretKind, MessageKey>> = {
  CREDENTIAL: 'secrets.kind.CREDENTIAL',
  CODE: 'secrets.kind.CODE',
  LICENCE_KEY: 'secrets.kind.LICENCE_KEY',
  NOTE: 'secrets.kind.NOTE',
};
export const SECRET_KINDS = Object.keys(SECRET_KIND_LABELS) as SecretKind[];

/** What the value is called for each kind ("Password" for a credential, …). */
export const VALUE_LABELS: Readonly<Record<SecretKind, MessageKey>> = {
  CREDENTIAL: 'secrets.value.CREDENTIAL',
  CODE: 'secrets.value.CODE',
  LICENCE_KEY: 'secrets.value.LICENCE_KEY',
  NOTE: 'secrets.value.NOTE',
};

// ---------- The server's limits (service.rs) ----------

export const TITLE_MAX = 200;
export const USERNAME_MAX = 200;
/** `domain::WebUrl`. */
export const URL_MAX = 2_000;
export const NOTES_MAX = 4_000;
/** The value in UTF-8 bytes (16 KiB), kept exactly as typed. */
export const VALUE_MAX_BYTES = 16 * 1024;
export const REASON_MIN = 3;
export const REASON_MAX = 500;
export const MAX_GROUPS = 50;

// ---------- Masking and the reveal countdown ----------

/** What stands for a value that is not shown: always the same, so it gives away no length. */
export const MASK = '••••••••';

/** How long a revealed value stays on screen. */
export const REVEAL_SECONDS = 30;

/** A value on screen: which secret, and until when (Unix ms, the browser's clock). */
export interface Revealed {
  readonly secretId: string;
  readonly value: string;
  readonly until: number;
}

/** A value revealed at `now`, to be masked again `REVEAL_SECONDS` later. */
export function startReveal(secretId: string, value: string, now: number): Revealed {
  return { secretId, value, until: now + REVEAL_SECONDS * 1000 };
}

/** Whole seconds left until `until` (rounded up, so the countdown shows 30 … 1), never below 0. */
export function secondsLeft(until: number, now: number): number {
  const ms = until - now;
  if (ms <= 0) return 0;
  return Math.min(Math.ceil(ms / 1000), REVEAL_SECONDS);
}

/** The revealed value, if it is still to be shown; null once its time is up. */
export function stillShown(revealed: Revealed | null, now: number): Revealed | null {
  return revealed && secondsLeft(revealed.until, now) > 0 ? revealed : null;
}

/** What the card shows as the value of `secretId`: the revealed value while it lasts, else the mask. */
export function shownValue(secretId: string, revealed: Revealed | null, now: number): string {
  const current = stillShown(revealed, now);
  return current?.secretId === secretId ? current.value : MASK;
}

// ---------- Text checks shared with the server ----------

/** Unicode code points: what Rust counts as `chars` (not user-perceived characters). */
function codePoints(text: string): number {
  return Array.from(text).length;
}

/** Characters the way the server counts them (after trimming and NFC normalization). */
export function charCount(text: string): number {
  return codePoints(text.trim().normalize('NFC'));
}

/** The size of `text` in UTF-8 bytes (the value limit is in bytes). */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

// The server's `text::clean`: Unicode control characters (`char::is_control`) and the bidi
// embedding/override/isolate controls are refused; tab and newline only in multi-line text.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_MULTILINE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** Whether `text` (trimmed, as the server checks it) holds characters the server refuses. */
export function hasControlCharacters(text: string, multiline: boolean): boolean {
  const trimmed = text.trim();
  if (!multiline) return CONTROL.test(trimmed);
  const normalized = trimmed.replace(/\r\n?/g, '\n');
  return [...normalized.matchAll(CONTROL_MULTILINE)].some((m) => m[0] !== '\n' && m[0] !== '\t');
}

/** An absolute http(s) address with a dotted host name and no credentials (`domain::WebUrl`). */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.hostname.includes('.') &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/** The address to link to, or null when it is not http(s) (never a `javascript:` link). */
export function linkableUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

// ---------- The form ----------

export type SecretFormMode = 'create' | 'edit';

export interface SecretFormValues {
  readonly title: string;
  readonly kind: SecretKind;
  readonly username: string;
  readonly url: string;
  readonly notes: string;
  /** As typed (spaces matter). On edit, empty keeps the stored value. */
  readonly value: string;
  /** Who may reveal it; empty: administrators only. */
  readonly groupIds: readonly string[];
}

export type SecretFormField = keyof SecretFormValues;
export type SecretFormErrors = Partial<Record<SecretFormField, string>>;

export const SECRET_FORM_FIELD_LIST: readonly SecretFormField[] = [
  'title',
  'kind',
  'username',
  'url',
  'notes',
  'value',
  'groupIds',
];

/** The viewer's side of the group rule: administrators may choose any group, others their own. */
export interface GroupChooser {
  readonly isAdmin: boolean;
  /** The groups the viewer is a member of (`me.groupIds`). */
  readonly groupIds: readonly string[];
}

/**
 * A new secret's form. Its groups start as the viewer's own, which is what the server gives a
 * secret created without choosing (and keeps a non-administrator able to reveal what they add).
 */
export function emptySecretForm(chooser: GroupChooser): SecretFormValues {
  return {
    title: '',
    kind: 'CREDENTIAL',
    username: '',
    url: '',
    notes: '',
    value: '',
    groupIds: [...chooser.groupIds].sort(),
  };
}

/** An existing secret's form: its value is never loaded (empty means "keep it"). */
export function secretToForm(secret: SecretFieldsFragment): SecretFormValues {
  return {
    title: secret.title,
    kind: secret.kind,
    username: secret.username ?? '',
    url: secret.url ?? '',
    notes: secret.notes ?? '',
    value: '',
    groupIds: secret.allowedGroups.map((g) => g.id).sort(),
  };
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((id) => set.has(id));
}

/** Whether the form changes who may reveal the secret (always true for a new one). */
export function groupsChanged(values: SecretFormValues, original: readonly string[] | null): boolean {
  return original === null || !sameIds(values.groupIds, original);
}

/** Whether the viewer may tick or untick `groupId`: administrators any, others only their own groups. */
export function canChooseGroup(chooser: GroupChooser, groupId: string): boolean {
  return chooser.isAdmin || chooser.groupIds.includes(groupId);
}

/**
 * Whether saving would leave a non-administrator unable to reveal or change the secret: none of
 * the chosen groups is theirs.
 */
export function losesSecretAccess(groupIds: readonly string[], chooser: GroupChooser): boolean {
  return !chooser.isAdmin && !groupIds.some((id) => chooser.groupIds.includes(id));
}

/**
 * What is checked before sending, with the server's limits; the server checks again.
 * `originalGroups` is null for a new secret; on edit, unchanged groups are not sent (so a
 * manager may edit a secret that also names groups they are not in).
 */
export function secretFormProblems(
  values: SecretFormValues,
  mode: SecretFormMode,
  chooser: GroupChooser,
  originalGroups: readonly string[] | null,
  t: TFunction,
): SecretFormErrors {
  const problems: SecretFormErrors = {};
  const tooLong = (max: number) => t('secrets.form.tooLong', { max });

  if (values.title.trim() === '') problems.title = t('secrets.form.titleMissing');
  else if (charCount(values.title) > TITLE_MAX) problems.title = tooLong(TITLE_MAX);
  else if (hasControlCharacters(values.title, false)) problems.title = t('secrets.form.controlCharacters');

  if (charCount(values.username) > USERNAME_MAX) problems.username = tooLong(USERNAME_MAX);
  else if (hasControlCharacters(values.username, false)) problems.username = t('secrets.form.controlCharacters');

  const url = values.url.trim();
  if (url !== '' && codePoints(url) > URL_MAX) problems.url = tooLong(URL_MAX);
  else if (url !== '' && !isWebUrl(url)) problems.url = t('secrets.form.urlInvalid');

  if (charCount(values.notes) > NOTES_MAX) problems.notes = tooLong(NOTES_MAX);
  else if (hasControlCharacters(values.notes, true)) problems.notes = t('secrets.form.controlCharacters');

  if (values.value === '') {
    if (mode === 'create') problems.value = t('secrets.form.valueMissing');
  } else if (utf8Bytes(values.value) > VALUE_MAX_BYTES) {
    problems.value = t('secrets.form.valueTooLong', { kib: VALUE_MAX_BYTES / 1024 });
  } else if (values.value.includes('\0')) {
    problems.value = t('secrets.form.controlCharacters');
  }

  if (groupsChanged(values, originalGroups)) {
    if (values.groupIds.length > MAX_GROUPS) problems.groupIds = t('secrets.form.tooManyGroups', { max: MAX_GROUPS });
    else if (values.groupIds.some((id) => !canChooseGroup(chooser, id))) problems.groupIds = t('secrets.form.groupsNotYours');
  }
  return problems;
}

/** The first field with a problem, in the form's order (to move focus there). */
export function firstProblem(errors: SecretFormErrors): SecretFormField | null {
  return SECRET_FORM_FIELD_LIST.find((f) => errors[f] !== undefined) ?? null;
}

/**
 * The form as `SecretInput`. Texts are trimmed, the value never (a password's spaces matter).
 * On edit an empty value is sent as null (keep the stored one) and unchanged groups are left
 * out (keep them); a new secret always names its groups, an empty list meaning administrators
 * only.
 */
export function toSecretInput(values: SecretFormValues, originalGroups: readonly string[] | null): SecretInput {
  const notes = values.notes.replace(/\r\n?/g, '\n').trim();
  const input: SecretInput = {
    title: values.title.trim(),
    kind: values.kind,
    username: blankToNull(values.username),
    url: blankToNull(values.url),
    notes: notes === '' ? null : notes,
    value: originalGroups !== null && values.value === '' ? null : values.value,
  };
  return groupsChanged(values, originalGroups) ? { ...input, groupIds: [...values.groupIds].sort() } : input;
}

// ---------- Who may do what ----------

/**
 * Whether the viewer may edit or delete `secret`: MANAGE_SECRETS, and (unless an administrator)
 * a member of one of its groups — which, with READ_SECRETS, is exactly `canReveal`.
 */
export function canChangeSecret(viewer: RightsHolder, secret: { readonly canReveal: boolean }): boolean {
  return hasRight(viewer, 'MANAGE_SECRETS') && (viewer.isAdmin || secret.canReveal);
}

// ---------- The reveal ----------

/** The reason for a reveal, checked like the server: 3–500 characters on one line. */
export function reasonProblem(reason: string, t: TFunction): string | null {
  const count = charCount(reason);
  if (count < REASON_MIN) return t('secrets.reveal.reasonShort', { min: REASON_MIN });
  if (count > REASON_MAX) return t('secrets.form.tooLong', { max: REASON_MAX });
  if (hasControlCharacters(reason, false)) return t('secrets.form.controlCharacters');
  return null;
}

export interface RevealFailure {
  readonly reason: string | null;
  readonly totpCode: string | null;
  readonly banner: string | null;
}

/** `revealSecret`'s errors: the reason and the code at their fields, the rest in a banner. */
export function revealFailure(error: CombinedErrorLike | null | undefined, t: TFunction): RevealFailure {
  const fields = fieldErrors(error, t('error.fieldInvalid'));
  const reason = fields['reason'] ?? null;
  const totpCode = fields['totpCode'] ?? null;
  const primary = primaryErrorCode(error);
  if (primary === 'FORBIDDEN') return { reason, totpCode, banner: t('secrets.notAllowed') };
  if (primary === 'NOT_FOUND') return { reason, totpCode, banner: t('secrets.notFound') };
  return { reason, totpCode, banner: bannerMessage(error, t, new Set(['reason', 'totpCode'])) };
}

// ---------- Saving ----------

export interface SecretSaveFailure {
  readonly fields: SecretFormErrors;
  readonly banner: string | null;
  /** Changed by someone else since it was loaded (a stale `expectedVersion`). */
  readonly stale: boolean;
}

/** The form field a server path names (`groupIds.0` and `groupIds[0]` mean the groups). */
function formFieldOf(path: string): SecretFormField | null {
  return SECRET_FORM_FIELD_LIST.find((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`)) ?? null;
}

/** `createSecret` / `updateSecret` errors: fields at their inputs, CONFLICT as stale, the rest in a banner. */
export function secretSaveFailure(error: CombinedErrorLike | null | undefined, t: TFunction): SecretSaveFailure {
  const fields: SecretFormErrors = {};
  const placed = new Set<string>();
  for (const [path, message] of Object.entries(fieldErrors(error, t('error.fieldInvalid')))) {
    const field = formFieldOf(path);
    if (field === null) continue;
    placed.add(path);
    fields[field] ??= message;
  }
  if (error?.graphQLErrors.some((e) => codeOf(e) === 'CONFLICT')) return { fields, banner: null, stale: true };
  const primary = primaryErrorCode(error);
  if (primary === 'FORBIDDEN') return { fields, banner: t('secrets.form.forbidden'), stale: false };
  if (primary === 'NOT_FOUND') return { fields, banner: t('secrets.notFound'), stale: false };
  return { fields, banner: bannerMessage(error, t, placed), stale: false };
}

// ---------- Reading the list ----------

/** The details that resolve only for allowed viewers (FORBIDDEN, null, for everyone else). */
export const DETAIL_FIELDS: ReadonlySet<string> = new Set(['username', 'url', 'notes', 'recentReveals']);

/** A GraphQL error with the path urql keeps (`['customer', 'secrets', 2, 'notes']`). */
export interface PathedError extends GraphQLErrorLike {
  readonly path?: readonly (string | number)[] | null | undefined;
}

interface PathedCombinedError {
  readonly graphQLErrors: readonly PathedError[];
  readonly networkError?: unknown;
}

/**
 * Whether an error of the list query is the expected answer for a secret's details: FORBIDDEN
 * on `customer.secrets[i].<detail>` of a secret with `canReveal: false`.
 */
export function isExpectedDetailError(
  error: PathedError,
  secrets: readonly { readonly canReveal: boolean }[] | null | undefined,
): boolean {
  if (codeOf(error) !== 'FORBIDDEN' || !secrets) return false;
  const path = error.path ?? [];
  if (path.length < 4 || path[0] !== 'customer' || path[1] !== 'secrets') return false;
  const index = path[2];
  const field = path[3];
  if (typeof index !== 'number' || typeof field !== 'string' || !DETAIL_FIELDS.has(field)) return false;
  const secret = secrets[index];
  return secret !== undefined && !secret.canReveal;
}

/**
 * What went wrong with the list, ignoring the expected FORBIDDEN details: null when the list is
 * complete (a secret the viewer may not reveal simply shows no details), else the code to show.
 */
export function listFailure(
  error: PathedCombinedError | null | undefined,
  secrets: readonly { readonly canReveal: boolean }[] | null | undefined,
): ClientErrorCode | null {
  if (!error) return null;
  const unexpected = error.graphQLErrors.filter((e) => !isExpectedDetailError(e, secrets));
  if (unexpected.length > 0) return primaryErrorCode({ graphQLErrors: unexpected });
  return error.networkError ? 'NETWORK' : null;
}
