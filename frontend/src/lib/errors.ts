//! The server's stable error codes, mirrored in one place (see backend `AppError`).
//!
//! Every GraphQL error from Tillit carries `extensions.code`; `BAD_USER_INPUT` also carries
//! `extensions.field` (a dotted input path such as `email` or `invoiceAddress.postalCode`).
//! Forms show field errors next to their fields and everything else in a banner.
import type { MessageKey, TFunction } from '../i18n';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
  // Subscriptions only: the subscriber fell behind and changes were dropped (it keeps
  // listening); reload what is shown.
  'CHANGES_MISSED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
/** `NETWORK`: the request never got a GraphQL answer (offline, proxy error, …). */
export type ClientErrorCode = ErrorCode | 'NETWORK';

/** The parts of a GraphQL error we read (urql's `GraphQLError` fits). */
export interface GraphQLErrorLike {
  readonly message: string;
  readonly extensions?: Readonly<Record<string, unknown>> | null;
}

/** The parts of urql's `CombinedError` we read, so tests can pass plain objects. */
export interface CombinedErrorLike {
  readonly graphQLErrors: readonly GraphQLErrorLike[];
  readonly networkError?: unknown;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The code of one GraphQL error; an unknown or missing code is treated as `INTERNAL`. */
export function codeOf(error: GraphQLErrorLike): ErrorCode {
  const code = error.extensions?.['code'];
  return isErrorCode(code) ? code : 'INTERNAL';
}

export function errorCodes(error: CombinedErrorLike | null | undefined): ClientErrorCode[] {
  if (!error) return [];
  const codes: ClientErrorCode[] = error.graphQLErrors.map(codeOf);
  if (error.networkError && codes.length === 0) codes.push('NETWORK');
  return codes;
}

export function hasErrorCode(error: CombinedErrorLike | null | undefined, code: ClientErrorCode): boolean {
  return errorCodes(error).includes(code);
}

/**
 * The one code that decides how to react: anything other than `BAD_USER_INPUT` wins
 * (e.g. `CONFLICT` must not hide behind a field error), in the order the server sent them.
 */
export function primaryErrorCode(error: CombinedErrorLike | null | undefined): ClientErrorCode | null {
  const codes = errorCodes(error);
  return codes.find((c) => c !== 'BAD_USER_INPUT') ?? codes[0] ?? null;
}

/** `input.email` and `email` name the same field; the contract uses the bare path. */
export function normalizeField(field: string): string {
  return field.replace(/^input\./, '');
}

function fieldOf(error: GraphQLErrorLike): string | null {
  const field = error.extensions?.['field'];
  return typeof field === 'string' && field.length > 0 ? normalizeField(field) : null;
}

/**
 * Field errors of a response as `{ field: message }`: every `BAD_USER_INPUT` error that names a
 * field. The server's message is shown as it is (it says what is wrong with the value); the
 * first message per field wins. `fallback` replaces an empty message.
 */
export function fieldErrors(
  error: CombinedErrorLike | null | undefined,
  fallback = 'Invalid value.',
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error) return out;
  for (const e of error.graphQLErrors) {
    if (codeOf(e) !== 'BAD_USER_INPUT') continue;
    const field = fieldOf(e);
    if (field === null || field in out) continue;
    out[field] = e.message.trim() || fallback;
  }
  return out;
}

/**
 * The field a `CONFLICT` names, if any: `expectedVersion` for a stale edit, `customerId` when
 * the customer can take no more business (anonymized). Null when there is no conflict.
 */
export function conflictField(error: CombinedErrorLike | null | undefined): string | null {
  const conflict = error?.graphQLErrors.find((e) => codeOf(e) === 'CONFLICT');
  if (!conflict) return null;
  return fieldOf(conflict) ?? '';
}

export const GENERAL_ERROR_KEYS: Readonly<Record<ClientErrorCode, MessageKey>> = {
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  BAD_USER_INPUT: 'error.BAD_USER_INPUT',
  CONFLICT: 'error.CONFLICT',
  RATE_LIMITED: 'error.RATE_LIMITED',
  INTERNAL: 'error.INTERNAL',
  CHANGES_MISSED: 'error.CHANGES_MISSED',
  NETWORK: 'error.NETWORK',
};

/** The localized, general message for a code. */
export function generalMessage(code: ClientErrorCode, t: TFunction): string {
  return t(GENERAL_ERROR_KEYS[code]);
}

/**
 * What a banner should say about an error, or null when there is nothing left to say
 * (all problems are field errors shown next to fields in `shownFields`).
 *
 * - non-input errors get the localized message for their code;
 * - `BAD_USER_INPUT` without a field, or for a field the form does not show, gets the
 *   server's (specific) message, so it is never lost.
 */
export function bannerMessage(
  error: CombinedErrorLike | null | undefined,
  t: TFunction,
  shownFields: ReadonlySet<string> = new Set(),
): string | null {
  if (!error) return null;
  const primary = primaryErrorCode(error);
  if (primary === null) return null;
  if (primary !== 'BAD_USER_INPUT') return generalMessage(primary, t);
  const unplaced = error.graphQLErrors.filter((e) => {
    if (codeOf(e) !== 'BAD_USER_INPUT') return false;
    const field = fieldOf(e);
    return field === null || !shownFields.has(field);
  });
  if (unplaced.length === 0) return null;
  const messages = unplaced.map((e) => e.message.trim()).filter((m) => m.length > 0);
  return messages.length > 0 ? messages.join(' ') : generalMessage('BAD_USER_INPUT', t);
}
