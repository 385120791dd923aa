//! Pure helpers of the access-group administration: the group form and its mapping to
//! `AccessGroupInput`, which rights the viewer may hand out, and the server's answers.
import type { AccessGroupFieldsFragment, AccessGroupInput, Right } from '../../gql/graphql';
import type { TFunction } from '../../i18n';
import type { RightsHolder } from '../../app/rights';
import {
  bannerMessage,
  codeOf,
  fieldErrors,
  generalMessage,
  normalizeField,
  primaryErrorCode,
  type CombinedErrorLike,
} from '../../lib/errors';
import { blankToNull } from '../customers/customerForm';
import { RIGHT_COPY, RIGHTS, sortRights } from './rights';

export interface GroupFormValues {
  readonly name: string;
  readonly description: string;
  readonly rights: readonly Right[];
}

export type GroupFormField = 'name' | 'description' | 'rights';
export type GroupFormErrors = Partial<Record<GroupFormField, string>>;

const GROUP_FORM_FIELD_LIST: readonly GroupFormField[] = ['name', 'description', 'rights'];
export const GROUP_FORM_FIELDS: ReadonlySet<string> = new Set(GROUP_FORM_FIELD_LIST);

export const EMPTY_GROUP_FORM: GroupFormValues = { name: '', description: '', rights: [] };

export function groupToForm(group: Pick<AccessGroupFieldsFragment, 'name' | 'description' | 'rights'>): GroupFormValues {
  return { name: group.name, description: group.description ?? '', rights: sortRights(group.rights) };
}

export function toGroupInput(values: GroupFormValues): AccessGroupInput {
  return { name: values.name.trim(), description: blankToNull(values.description), rights: sortRights(values.rights) };
}

/** What is checked before sending: only that there is a name (the server has the real rules). */
export function groupProblems(values: GroupFormValues, t: TFunction): GroupFormErrors {
  return values.name.trim() ? {} : { name: t('groups.form.nameMissing') };
}

/**
 * Rights the viewer can tick: administrators any; others only rights they hold themselves (the
 * server refuses to let anyone hand out a right they lack), plus rights the group already has,
 * which they may keep or take away.
 */
export function grantableRights(viewer: RightsHolder, current: readonly Right[]): ReadonlySet<Right> {
  if (viewer.isAdmin) return new Set(RIGHTS);
  return new Set(sortRights([...viewer.rights, ...current]));
}

export interface GroupSaveFailure {
  readonly fields: GroupFormErrors;
  readonly banner: string | null;
  /** The group was changed by someone else since it was loaded (a stale `expectedVersion`). */
  readonly stale: boolean;
}

/**
 * The server's answer to `createAccessGroup` / `updateAccessGroup`: `BAD_USER_INPUT` at its field,
 * a `CONFLICT` on `name` as "name taken" at the name field, any other `CONFLICT` as a stale
 * version (shown with a Reload button), the rest in a banner.
 */
export function groupSaveFailure(error: CombinedErrorLike | null | undefined, t: TFunction): GroupSaveFailure {
  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: GroupFormErrors = {};
  for (const field of GROUP_FORM_FIELD_LIST) {
    const message = server[field];
    if (message !== undefined) fields[field] = message;
  }
  const conflicts = error?.graphQLErrors.filter((e) => codeOf(e) === 'CONFLICT') ?? [];
  const nameTaken = conflicts.some((e) => {
    const field = e.extensions?.['field'];
    return typeof field === 'string' && normalizeField(field) === 'name';
  });
  if (nameTaken) {
    fields.name = t('groups.form.nameTaken');
    const rest = error ? { ...error, graphQLErrors: error.graphQLErrors.filter((e) => codeOf(e) !== 'CONFLICT') } : null;
    return { fields, banner: bannerMessage(rest, t, GROUP_FORM_FIELDS), stale: false };
  }
  if (conflicts.length > 0) return { fields, banner: null, stale: true };
  if (primaryErrorCode(error) === 'FORBIDDEN') return { fields, banner: t('groups.form.forbidden'), stale: false };
  return { fields, banner: bannerMessage(error, t, GROUP_FORM_FIELDS), stale: false };
}

/** Why `deleteAccessGroup` failed, in the UI language. */
export function deleteFailureMessage(error: CombinedErrorLike | null | undefined, name: string, t: TFunction): string {
  const code = primaryErrorCode(error) ?? 'INTERNAL';
  if (code === 'CONFLICT') return t('groups.delete.conflict', { name });
  if (code === 'NOT_FOUND') return t('groups.notFound');
  return generalMessage(code, t);
}

/** The ids with `id` added or removed, without duplicates, in their first order. */
export function toggleId(ids: readonly string[], id: string, on: boolean): string[] {
  const rest = ids.filter((x) => x !== id);
  return on ? [...rest, id] : rest;
}

/** Names in the UI language's order (Å after Z in Swedish). */
export function byName<T extends { readonly name: string }>(items: readonly T[], locale: string): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * Whether the viewer may put someone into a group: administrators always; others only into a
 * group whose rights they hold themselves (joining it hands those rights out). Taking someone
 * out of a group they are already in is always offered.
 */
export function canAssignGroup(viewer: RightsHolder, groupRights: readonly Right[], alreadyMember: boolean): boolean {
  return viewer.isAdmin || alreadyMember || groupRights.every((r) => viewer.rights.includes(r));
}

/** A group's rights as one readable line ("Read customers, Edit customers"), or null for none. */
export function rightsSummary(rights: readonly Right[], t: TFunction): string | null {
  const labels = sortRights(rights).map((r) => t(RIGHT_COPY[r].label));
  return labels.length > 0 ? labels.join(', ') : null;
}
