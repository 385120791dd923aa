//! Pure helpers of the first-run setup page.

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** The one-time token from the URL fragment (`#token=…`); the fragment never reaches servers or logs. */
export function setupTokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token')?.trim();
  return token ? token : null;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'mismatch';

/** Length in characters (Unicode code points, not UTF-16 units); no composition rules. */
export function passwordLength(password: string): number {
  return Array.from(password).length;
}

export function passwordProblems(password: string, confirm: string): Partial<Record<'password' | 'confirm', PasswordProblem>> {
  const out: Partial<Record<'password' | 'confirm', PasswordProblem>> = {};
  const length = passwordLength(password);
  if (length < PASSWORD_MIN) out.password = 'tooShort';
  else if (length > PASSWORD_MAX) out.password = 'tooLong';
  if (confirm !== password) out.confirm = 'mismatch';
  return out;
}
