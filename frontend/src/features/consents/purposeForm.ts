//! The consent purpose form (pure, tested): its values, the checks before sending, the mapping to
//! `ConsentPurposeInput`, and the server's answers (a taken or locked key, a stale version).
import type { ConsentChannel, ConsentPurposeFieldsFragment, ConsentPurposeInput } from '../../gql/graphql';
import type { TFunction } from '../../i18n';
import {
  bannerMessage,
  codeOf,
  fieldErrors,
  normalizeField,
  primaryErrorCode,
  type CombinedErrorLike,
} from '../../lib/errors';
import { textLength } from './consentForm';

export interface PurposeFormValues {
  readonly key: string;
  readonly nameSv: string;
  readonly nameEn: string;
  readonly descriptionSv: string;
  readonly descriptionEn: string;
  readonly channel: ConsentChannel;
  readonly requiresOptIn: boolean;
  readonly active: boolean;
  /** As typed; must be a whole number. */
  readonly sortOrder: string;
}

export type PurposeFormField = keyof PurposeFormValues;
export type PurposeFormErrors = Partial<Record<PurposeFormField, string>>;

const FIELD_LIST: readonly PurposeFormField[] = [
  'key',
  'nameSv',
  'nameEn',
  'descriptionSv',
  'descriptionEn',
  'channel',
  'requiresOptIn',
  'active',
  'sortOrder',
];
export const PURPOSE_FORM_FIELDS: ReadonlySet<string> = new Set(FIELD_LIST);

/** Lower-case letters, digits and underscore, e.g. `marketing_email`. */
export const PURPOSE_KEY = /^[a-z0-9_]+$/;

/** A new purpose: opt-in e-mail, active, placed after the existing ones. */
export function emptyPurposeForm(existing: readonly { readonly sortOrder: number }[]): PurposeFormValues {
  const last = existing.reduce((max, p) => Math.max(max, p.sortOrder), 0);
  return {
    key: '',
    nameSv: '',
    nameEn: '',
    descriptionSv: '',
    descriptionEn: '',
    channel: 'EMAIL',
    requiresOptIn: true,
    active: true,
    sortOrder: String(existing.length > 0 ? last + 10 : 10),
  };
}

export function purposeToForm(purpose: ConsentPurposeFieldsFragment): PurposeFormValues {
  return {
    key: purpose.key,
    nameSv: purpose.nameSv,
    nameEn: purpose.nameEn,
    descriptionSv: purpose.descriptionSv,
    descriptionEn: purpose.descriptionEn,
    channel: purpose.channel,
    requiresOptIn: purpose.requiresOptIn,
    active: purpose.active,
    sortOrder: String(purpose.sortOrder),
  };
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function parseSortOrder(value: string): number | null {
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= INT_MIN && n <= INT_MAX ? n : null;
}

/** What is checked before sending; the server has the full rules. */
export function purposeProblems(values: PurposeFormValues, t: TFunction): PurposeFormErrors {
  const problems: PurposeFormErrors = {};
  const key = values.key.trim();
  if (key === '') problems.key = t('consentSettings.form.keyMissing');
  else if (!PURPOSE_KEY.test(key)) problems.key = t('consentSettings.form.keyInvalid');
  if (values.nameSv.trim() === '') problems.nameSv = t('consentSettings.form.nameMissing');
  if (values.nameEn.trim() === '') problems.nameEn = t('consentSettings.form.nameMissing');
  if (parseSortOrder(values.sortOrder) === null) problems.sortOrder = t('consentSettings.form.sortOrderInvalid');
  return problems;
}

export function toPurposeInput(values: PurposeFormValues): ConsentPurposeInput {
  return {
    key: values.key.trim(),
    nameSv: values.nameSv.trim(),
    nameEn: values.nameEn.trim(),
    descriptionSv: values.descriptionSv.trim(),
    descriptionEn: values.descriptionEn.trim(),
    channel: values.channel,
    requiresOptIn: values.requiresOptIn,
    active: values.active,
    sortOrder: parseSortOrder(values.sortOrder) ?? 0,
  };
}

export interface PurposeSaveFailure {
  readonly fields: PurposeFormErrors;
  readonly banner: string | null;
  /** Someone else saved the purpose since it was loaded (a stale `expectedVersion`). */
  readonly stale: boolean;
}

/**
 * The server's answer to `createConsentPurpose` / `updateConsentPurpose`: `BAD_USER_INPUT` at its
 * field; `CONFLICT` on `key` at the key field (taken by another purpose, or, on an edit, fixed
 * because consents were recorded under it); any other `CONFLICT` is a stale version.
 */
export function purposeSaveFailure(
  error: CombinedErrorLike | null | undefined,
  mode: 'new' | 'edit',
  t: TFunction,
): PurposeSaveFailure {
  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: PurposeFormErrors = {};
  for (const field of FIELD_LIST) {
    const message = server[field];
    if (message !== undefined) fields[field] = message;
  }
  const conflicts = error?.graphQLErrors.filter((e) => codeOf(e) === 'CONFLICT') ?? [];
  const keyConflict = conflicts.some((e) => {
    const field = e.extensions?.['field'];
    return typeof field === 'string' && normalizeField(field) === 'key';
  });
  if (keyConflict) {
    fields.key = mode === 'new' ? t('consentSettings.form.keyTaken') : t('consentSettings.form.keyLocked');
    const rest = error ? { ...error, graphQLErrors: error.graphQLErrors.filter((e) => codeOf(e) !== 'CONFLICT') } : null;
    return { fields, banner: bannerMessage(rest, t, PURPOSE_FORM_FIELDS), stale: false };
  }
  if (conflicts.length > 0) return { fields, banner: null, stale: true };
  if (primaryErrorCode(error) === 'FORBIDDEN') return { fields, banner: t('consentSettings.forbidden'), stale: false };
  if (primaryErrorCode(error) === 'NOT_FOUND') return { fields, banner: t('consentSettings.purposeNotFound'), stale: false };
  return { fields, banner: bannerMessage(error, t, PURPOSE_FORM_FIELDS), stale: false };
}

/** The declaration text's limit, in characters. */
export const DECLARATION_MAX = 20000;

/** Why a new declaration version cannot be published yet, or null. */
export function declarationProblem(text: string, current: string | null, t: TFunction): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return t('consentSettings.declaration.empty');
  if (textLength(trimmed) > DECLARATION_MAX) return t('consentSettings.declaration.tooLong', { max: DECLARATION_MAX });
  if (current !== null && trimmed === current.trim()) return t('consentSettings.declaration.unchanged');
  return null;
}
