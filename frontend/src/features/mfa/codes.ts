//! Pure helpers of the two-step verification pages: code shapes, the secret's display, the QR
//! image and the recovery-codes file.
import { fieldErrors, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';

/** A TOTP code as typed: apps show `123 456`, some people type `123-456`. */
export function normalizeTotpCode(input: string): string {
  return input.replace(/[\s-]+/g, '');
}

export function isTotpCode(code: string): boolean {
  return /^[0-9]{6}$/.test(code);
}

/**
 * A recovery code as the server issues it (`xxxx-xxxx-xxxx`, lower case): spaces go, case is
 * folded, and twelve characters typed without dashes get them back. Anything else is sent as
 * typed (trimmed) for the server to judge.
 */
export function normalizeRecoveryCode(input: string): string {
  const compact = input.replace(/\s+/g, '').toLowerCase();
  const bare = compact.replace(/-/g, '');
  if (/^[a-z0-9]{12}$/.test(bare)) return `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}`;
  return compact;
}

/** The base32 secret in blocks of four (`JBSW Y3DP …`), for reading it into an app by hand. */
export function groupSecret(secret: string, size = 4): string[] {
  const clean = secret.replace(/[\s=]+/g, '');
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += size) groups.push(clean.slice(i, i + size));
  return groups;
}

/**
 * The server's QR code (a complete `<svg>` document) as an image URL. An `<img>` never runs
 * scripts inside the SVG, and the CSP allows `img-src data:`; inline SVG markup would not be
 * safe to inject.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** The text of the downloadable recovery-codes file (CRLF-free, one code a line). */
export function recoveryCodesFile(heading: readonly string[], codes: readonly string[]): string {
  return [...heading, '', ...codes, ''].join('\n');
}

/** How a page reacts to a failed code (TOTP or recovery) submission. */
export type CodeFailure = 'wrongCode' | 'signedOut' | 'rateLimited' | 'wrongStep' | 'other';

/**
 * `wrongCode`: `BAD_USER_INPUT` on `code` (wrong, malformed or already used), shown at the field.
 * `signedOut`: `UNAUTHENTICATED`, i.e. the pending sign-in is gone (too many wrong codes, or
 * older than 10 minutes): back to /login. `rateLimited`: too fast from this address.
 * `wrongStep`: `CONFLICT`, the session is not at this step (e.g. enrolment asked of a user who
 * has MFA already, or a code of a session that needs none). `other`: anything else, for a banner.
 */
export function codeFailure(error: CombinedErrorLike | null | undefined): CodeFailure | null {
  const primary = primaryErrorCode(error);
  if (primary === null) return null;
  if (primary === 'UNAUTHENTICATED') return 'signedOut';
  if (primary === 'RATE_LIMITED') return 'rateLimited';
  if (primary === 'CONFLICT') return 'wrongStep';
  if (primary === 'BAD_USER_INPUT' && 'code' in fieldErrors(error)) return 'wrongCode';
  return 'other';
}
