//! Pure helpers of the users administration: which actions a row offers, how each is confirmed
//! and reported, the "new user" form's checks and the server's answers to it.
import type { CreateUserInput, UserFieldsFragment } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';
import { bannerMessage, codeOf, fieldErrors, normalizeField, type CombinedErrorLike } from '../../lib/errors';
import { passwordLength, PASSWORD_MAX, PASSWORD_MIN } from '../auth/setupForm';

export type UserAction = 'disable' | 'enable' | 'makeAdmin' | 'removeAdmin' | 'resetMfa' | 'endSessions';

type UserLike = Pick<UserFieldsFragment, 'id' | 'name' | 'active' | 'isAdmin' | 'mfaEnabled' | 'activeSessions'>;

/**
 * The actions of a row's menu, in menu order. Nobody can disable themselves (the server
 * refuses too); only administrators grant or revoke the administrator role or act on another
 * administrator; a reset needs MFA to reset, and ending sessions needs sessions to end.
 */
export function userActions(user: UserLike, viewerId: string, viewerIsAdmin: boolean): UserAction[] {
  const self = user.id === viewerId;
  // A user manager who is not an administrator leaves administrators alone (no disabling,
  // resetting or signing out the people who could undo it).
  if (!viewerIsAdmin && user.isAdmin) return [];
  const out: UserAction[] = [];
  if (!user.active) out.push('enable');
  else if (!self) out.push('disable');
  if (viewerIsAdmin) out.push(user.isAdmin ? 'removeAdmin' : 'makeAdmin');
  if (user.mfaEnabled) out.push('resetMfa');
  if (user.activeSessions > 0) out.push('endSessions');
  return out;
}

/** Whether the row's action ends the viewer's own session (so the page goes to /login after it). */
export function signsViewerOut(action: UserAction, user: Pick<UserLike, 'id'>, viewerId: string): boolean {
  return user.id === viewerId && (action === 'resetMfa' || action === 'endSessions');
}

/** A lock that is still in force (a past `lockedUntil` is history, not a lock). */
export function isLocked(lockedUntil: string | null | undefined, now: number): boolean {
  if (!lockedUntil) return false;
  const until = new Date(lockedUntil).getTime();
  return !Number.isNaN(until) && until > now;
}

export const ACTION_LABELS: Readonly<Record<UserAction, MessageKey>> = {
  disable: 'users.action.disable',
  enable: 'users.action.enable',
  makeAdmin: 'users.action.makeAdmin',
  removeAdmin: 'users.action.removeAdmin',
  resetMfa: 'users.action.resetMfa',
  endSessions: 'users.action.endSessions',
};

/** Actions that take something away; their menu items and confirm buttons are red. */
export const DANGEROUS_ACTIONS: ReadonlySet<UserAction> = new Set(['disable', 'removeAdmin', 'resetMfa', 'endSessions']);

export interface ConfirmCopy {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  readonly danger: boolean;
}

/** What the confirm dialog of `action` says: exactly what will happen to whom. */
export function confirmCopy(action: UserAction, user: Pick<UserLike, 'id' | 'name'>, viewerId: string, t: TFunction): ConfirmCopy {
  const name = user.name;
  const self = user.id === viewerId;
  const danger = DANGEROUS_ACTIONS.has(action);
  switch (action) {
    case 'disable':
      return { title: t('users.disable.title', { name }), body: t('users.disable.body', { name }), confirmLabel: t('users.disable.confirm'), danger };
    case 'enable':
      return { title: t('users.enable.title', { name }), body: t('users.enable.body', { name }), confirmLabel: t('users.enable.confirm'), danger };
    case 'makeAdmin':
      return { title: t('users.makeAdmin.title', { name }), body: t('users.makeAdmin.body'), confirmLabel: t('users.makeAdmin.confirm'), danger };
    case 'removeAdmin':
      return {
        title: t('users.removeAdmin.title', { name }),
        body: self ? t('users.removeAdmin.bodySelf') : t('users.removeAdmin.body', { name }),
        confirmLabel: t('users.removeAdmin.confirm'),
        danger,
      };
    case 'resetMfa':
      return {
        title: t('users.resetMfa.title', { name }),
        body: self ? t('users.resetMfa.bodySelf') : t('users.resetMfa.body'),
        confirmLabel: t('users.resetMfa.confirm'),
        danger,
      };
    case 'endSessions':
      return {
        title: t('users.endSessions.title', { name }),
        body: self ? t('users.endSessions.bodySelf') : t('users.endSessions.body', { name }),
        confirmLabel: t('users.endSessions.confirm'),
        danger,
      };
  }
}

/** The status message after `action` succeeded (`count`: sessions ended, for `endSessions`). */
export function doneMessage(action: UserAction, name: string, t: TFunction, count = 0): string {
  switch (action) {
    case 'disable':
      return t('users.done.disable', { name });
    case 'enable':
      return t('users.done.enable', { name });
    case 'makeAdmin':
      return t('users.done.makeAdmin', { name });
    case 'removeAdmin':
      return t('users.done.removeAdmin', { name });
    case 'resetMfa':
      return t('users.done.resetMfa', { name });
    case 'endSessions':
      return t('users.done.endSessions', { name, count });
  }
}

/**
 * A `CONFLICT` refusal of `action`, in the UI language: the rules the contract names
 * (not yourself; always one active administrator). The server's own message goes with it.
 */
export function conflictMessage(action: UserAction, t: TFunction): string {
  if (action === 'disable') return t('users.conflict.disable');
  if (action === 'removeAdmin') return t('users.conflict.removeAdmin');
  return t('users.conflict.other');
}

/** The server's message of the first `CONFLICT` error, if it has one. */
export function conflictDetail(error: CombinedErrorLike | null | undefined): string | null {
  const found = error?.graphQLErrors.find((e) => codeOf(e) === 'CONFLICT');
  const message = found?.message.trim();
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : null;
}

// ---------- "New user" ----------

export interface CreateUserValues {
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly isAdmin: boolean;
}

export const EMPTY_CREATE_USER: CreateUserValues = { name: '', email: '', password: '', isAdmin: false };

export type CreateUserField = 'name' | 'email' | 'password';
export type CreateUserErrors = Partial<Record<CreateUserField, string>>;

const CREATE_USER_FIELD_LIST: readonly CreateUserField[] = ['name', 'email', 'password'];
const CREATE_USER_FIELDS: ReadonlySet<string> = new Set(CREATE_USER_FIELD_LIST);

/** Something@something, no spaces: only the obvious slips; the server has the real rules. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(value.trim());
}

export function createUserProblems(values: CreateUserValues, t: TFunction): CreateUserErrors {
  const out: CreateUserErrors = {};
  if (!values.name.trim()) out.name = t('users.form.nameMissing');
  if (!values.email.trim()) out.email = t('users.form.emailMissing');
  else if (!looksLikeEmail(values.email)) out.email = t('users.form.emailInvalid');
  const length = passwordLength(values.password);
  if (length < PASSWORD_MIN) out.password = t('auth.setup.passwordTooShort');
  else if (length > PASSWORD_MAX) out.password = t('auth.setup.passwordTooLong');
  return out;
}

export function toCreateUserInput(values: CreateUserValues): CreateUserInput {
  return { name: values.name.trim(), email: values.email.trim(), password: values.password, isAdmin: values.isAdmin };
}

/**
 * The server's answer to `createUser`: `BAD_USER_INPUT` at its field (the server's words), a
 * taken e-mail (`CONFLICT` on `email`) at the e-mail field in the UI language, the rest in a banner.
 */
export function createUserFailure(
  error: CombinedErrorLike | null | undefined,
  t: TFunction,
): { readonly fields: CreateUserErrors; readonly banner: string | null } {
  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: CreateUserErrors = {};
  for (const field of CREATE_USER_FIELD_LIST) {
    const message = server[field];
    if (message !== undefined) fields[field] = message;
  }
  const conflicts = error?.graphQLErrors.filter((e) => codeOf(e) === 'CONFLICT') ?? [];
  const emailTaken = conflicts.some((e) => {
    const field = e.extensions?.['field'];
    // A CONFLICT without a field can only be about the e-mail here too.
    return typeof field !== 'string' || normalizeField(field) === 'email';
  });
  if (emailTaken) {
    fields.email = t('users.form.emailTaken');
    const rest = error ? { ...error, graphQLErrors: error.graphQLErrors.filter((e) => codeOf(e) !== 'CONFLICT') } : null;
    return { fields, banner: bannerMessage(rest, t, CREATE_USER_FIELDS) };
  }
  return { fields, banner: bannerMessage(error, t, CREATE_USER_FIELDS) };
}
