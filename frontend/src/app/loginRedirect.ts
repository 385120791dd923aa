//! Where to go after logging in: the path the user was on when the session ran out.

const PUBLIC_PATHS = ['/login', '/setup'];

/**
 * Accepts only same-app absolute paths (`/customers/1?x`), never `//host`, `/\host` or a URL,
 * so the `next` parameter cannot be used to send someone off-site.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (Array.from(next).some((ch) => ch.charCodeAt(0) < 0x20)) return null;
  const path = next.split(/[?#]/)[0] ?? '';
  if (PUBLIC_PATHS.includes(path)) return null;
  return next;
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname);
}

/** `/login`, remembering `from` (path + query) when it is worth returning to. */
export function loginPath(from?: string | null): string {
  const next = safeNextPath(from);
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
