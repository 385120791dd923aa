//! Pure helpers of the "Change password" form on /account.
import { bannerMessage, fieldErrors, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';
import type { TFunction } from '../../i18n';
import { passwordProblems } from '../auth/setupForm';
import { isTotpCode, normalizeTotpCode } from '../mfa/codes';

export interface ChangePasswordValues {
  readonly currentPassword: string;
  readonly code: string;
  readonly newPassword: string;
  readonly confirm: string;
}

export const EMPTY_CHANGE_PASSWORD: ChangePasswordValues = { currentPassword: '', code: '', newPassword: '', confirm: '' };

/** The fields, in form order; the server's `BAD_USER_INPUT` names the first three. */
export const CHANGE_PASSWORD_FIELDS = ['currentPassword', 'code', 'newPassword', 'confirm'] as const;
export type ChangePasswordField = (typeof CHANGE_PASSWORD_FIELDS)[number];
export type ChangePasswordErrors = Partial<Record<ChangePasswordField, string>>;

const SERVER_FIELDS: ReadonlySet<string> = new Set(['currentPassword', 'code', 'newPassword']);

/** What is wrong before anything is sent (the server checks again, and more). */
export function changePasswordProblems(values: ChangePasswordValues, t: TFunction): ChangePasswordErrors {
  const out: ChangePasswordErrors = {};
  if (!values.currentPassword) out.currentPassword = t('account.password.currentMissing');
  if (!isTotpCode(normalizeTotpCode(values.code))) out.code = t('mfa.code.invalid');
  const problems = passwordProblems(values.newPassword, values.confirm);
  if (problems.password === 'tooShort') out.newPassword = t('auth.setup.passwordTooShort');
  else if (problems.password === 'tooLong') out.newPassword = t('auth.setup.passwordTooLong');
  else if (values.currentPassword && values.newPassword === values.currentPassword) {
    out.newPassword = t('account.password.same');
  }
  if (problems.confirm) out.confirm = t('auth.setup.passwordMismatch');
  return out;
}

/**
 * The server's answer as field errors and a banner. A wrong password or code is said in the
 * UI language; what the server says about the new password (too common, contains your name, …)
 * is shown as it is, as elsewhere.
 */
export function changePasswordFailure(
  error: CombinedErrorLike | null | undefined,
  t: TFunction,
): { readonly fields: ChangePasswordErrors; readonly banner: string | null } {
  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: ChangePasswordErrors = {};
  if ('currentPassword' in server) fields.currentPassword = t('account.password.currentWrong');
  if ('code' in server) fields.code = t('mfa.code.wrong');
  if (server['newPassword'] !== undefined) fields.newPassword = server['newPassword'];
  const banner = primaryErrorCode(error) === 'RATE_LIMITED' ? t('auth.rateLimited') : bannerMessage(error, t, SERVER_FIELDS);
  return { fields, banner };
}
