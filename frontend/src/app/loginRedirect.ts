//! Where to go after logging in: the path the user was on when the session ran out, or the
//! second step (TOTP code, or enrolment) the server asks for first.
import type { LoginStep } from '../gql/graphql';

/** The sign-in pages. */
export const LOGIN_PATH = '/login';
export const VERIFY_PATH = '/login/verify';
export const ENROLL_PATH = '/mfa/enroll';
export const DEFAULT_PATH = '/customers';

/**
 * Pages that work without a (full) session. The pending session between password and second
 * step answers `UNAUTHENTICATED` to everything else, so the global "signed out" reaction must
 * leave these pages alone; they are never a `next` target either.
 */
const PUBLIC_PATHS = ['/login', '/setup', VERIFY_PATH, ENROLL_PATH];

/**
 * My page (`/my` and everything under it): the end customer's own pages, with a session of
 * their own (a separate cookie). The staff session handling (`me`, "signed out → /login") never
 * applies there, and a staff login never returns to it.
 */
export const MY_PAGE_ROOT = '/my';

export function isMyPagePath(pathname: string): boolean {
  return pathname === MY_PAGE_ROOT || pathname.startsWith(`${MY_PAGE_ROOT}/`);
}

/**
 * Accepts only same-app absolute paths (`/customers/1?x`), never `//host`, `/\host` or a URL,
 * so the `next` parameter cannot be used to send someone off-site.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (Array.from(next).some((ch) => ch.charCodeAt(0) < 0x20)) return null;
  const path = next.split(/[?#]/)[0] ?? '';
  if (isPublicPath(path)) return null;
  return next;
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname) || isMyPagePath(pathname);
}

/** `path`, carrying `next` along as `?next=` when it is worth returning to. */
export function withNext(path: string, next?: string | null): string {
  const safe = safeNextPath(next);
  return safe && safe !== '/' ? `${path}?next=${encodeURIComponent(safe)}` : path;
}

/** `/login`, remembering `from` (path + query) when it is worth returning to. */
export function loginPath(from?: string | null): string {
  return withNext(LOGIN_PATH, from);
}

/** Where the server's answer to `login`, `completeSetup`, `verifyTotp` … sends the user. */
export function pathAfterLogin(step: LoginStep, next?: string | null): string {
  switch (step) {
    case 'MFA_REQUIRED':
      return withNext(VERIFY_PATH, next);
    case 'MFA_ENROLLMENT_REQUIRED':
      return withNext(ENROLL_PATH, next);
    case 'DONE':
      return safeNextPath(next) ?? DEFAULT_PATH;
  }
}

/** Why the user was sent back to /login from the second step (shown there in a banner). */
export type LoginNotice = 'tooManyCodes' | 'mfaExpired';

/** Router state carrying a `LoginNotice` to /login. */
export function loginNoticeState(notice: LoginNotice): { readonly notice: LoginNotice } {
  return { notice };
}

/** The notice in the router state of /login, if any (the state is untyped history data). */
export function loginNoticeFrom(state: unknown): LoginNotice | null {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return null;
  const { notice } = state;
  return notice === 'tooManyCodes' || notice === 'mfaExpired' ? notice : null;
}
