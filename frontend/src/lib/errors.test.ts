import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { makeT } from '../i18n/translate';
import {
  bannerMessage,
  codeOf,
  conflictField,
  ERROR_CODES,
  errorCodes,
  fieldErrors,
  GENERAL_ERROR_KEYS,
  generalMessage,
  hasErrorCode,
  normalizeField,
  primaryErrorCode,
} from './errors';

const en = makeT('en');
const sv = makeT('sv');

function gqlError(message: string, extensions: Record<string, unknown>) {
  return new CombinedError({ graphQLErrors: [{ message, extensions }] });
}

describe('codes', () => {
  it('reads the code of each error, unknown codes as INTERNAL', () => {
    expect(codeOf({ message: 'x', extensions: { code: 'CONFLICT' } })).toBe('CONFLICT');
    expect(codeOf({ message: 'x', extensions: { code: 'SOMETHING_NEW' } })).toBe('INTERNAL');
    expect(codeOf({ message: 'x' })).toBe('INTERNAL');
    expect(codeOf({ message: 'x', extensions: null })).toBe('INTERNAL');
  });

  it('knows the subscription code for missed changes', () => {
    const error = gqlError('3 consent changes were missed', { code: 'CHANGES_MISSED', missed: 3 });
    expect(primaryErrorCode(error)).toBe('CHANGES_MISSED');
    expect(generalMessage('CHANGES_MISSED', en)).toMatch(/reload/i);
  });

  it('treats a network failure without GraphQL errors as NETWORK', () => {
    const error = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(errorCodes(error)).toEqual(['NETWORK']);
    expect(primaryErrorCode(error)).toBe('NETWORK');
  });

  it('lets a non-input code win over BAD_USER_INPUT', () => {
    const error = {
      graphQLErrors: [
        { message: 'bad email', extensions: { code: 'BAD_USER_INPUT', field: 'email' } },
        { message: 'version mismatch', extensions: { code: 'CONFLICT' } },
      ],
    };
    expect(primaryErrorCode(error)).toBe('CONFLICT');
    expect(hasErrorCode(error, 'BAD_USER_INPUT')).toBe(true);
    expect(hasErrorCode(error, 'UNAUTHENTICATED')).toBe(false);
  });

  it('has no code for no error', () => {
    expect(primaryErrorCode(null)).toBeNull();
    expect(primaryErrorCode(undefined)).toBeNull();
    expect(errorCodes({ graphQLErrors: [] })).toEqual([]);
  });

  it('maps every code to a localized general message in both languages', () => {
    for (const code of [...ERROR_CODES, 'NETWORK'] as const) {
      expect(GENERAL_ERROR_KEYS[code]).toBe(`error.${code}`);
      expect(generalMessage(code, en)).not.toBe(generalMessage(code, sv));
      expect(generalMessage(code, en).length).toBeGreaterThan(10);
    }
    expect(generalMessage('RATE_LIMITED', en)).toMatch(/wait/i);
  });
});

describe('fieldErrors', () => {
  it('extracts BAD_USER_INPUT errors by field from a real CombinedError', () => {
    const error = new CombinedError({
      graphQLErrors: [
        { message: 'not a valid e-mail address', extensions: { code: 'BAD_USER_INPUT', field: 'email' } },
        {
          message: 'postal code must be 5 digits',
          extensions: { code: 'BAD_USER_INPUT', field: 'invoiceAddress.postalCode' },
        },
      ],
    });
    expect(fieldErrors(error)).toEqual({
      email: 'not a valid e-mail address',
      'invoiceAddress.postalCode': 'postal code must be 5 digits',
    });
  });

  it('ignores other codes and errors without a field; first message per field wins', () => {
    const error = {
      graphQLErrors: [
        { message: 'first', extensions: { code: 'BAD_USER_INPUT', field: 'name' } },
        { message: 'second', extensions: { code: 'BAD_USER_INPUT', field: 'name' } },
        { message: 'no field', extensions: { code: 'BAD_USER_INPUT' } },
        { message: 'forbidden', extensions: { code: 'FORBIDDEN', field: 'email' } },
        { message: 'not a string', extensions: { code: 'BAD_USER_INPUT', field: 42 } },
      ],
    };
    expect(fieldErrors(error)).toEqual({ name: 'first' });
  });

  it('normalizes an `input.` prefix and fills in empty messages', () => {
    expect(normalizeField('input.identityNumber')).toBe('identityNumber');
    expect(normalizeField('invoiceAddress.city')).toBe('invoiceAddress.city');
    const error = { graphQLErrors: [{ message: ' ', extensions: { code: 'BAD_USER_INPUT', field: 'input.phone' } }] };
    expect(fieldErrors(error, 'Ogiltigt värde.')).toEqual({ phone: 'Ogiltigt värde.' });
  });

  it('returns nothing for no error', () => {
    expect(fieldErrors(null)).toEqual({});
    expect(fieldErrors(new CombinedError({ networkError: new Error('offline') }))).toEqual({});
  });
});

describe('bannerMessage', () => {
  const shown = new Set(['email', 'name']);

  it('is empty when every problem is a field error shown next to its field', () => {
    const error = gqlError('not a valid e-mail address', { code: 'BAD_USER_INPUT', field: 'email' });
    expect(bannerMessage(error, en, shown)).toBeNull();
  });

  it('shows the server message for input errors the form cannot place', () => {
    expect(bannerMessage(gqlError('kind and company name do not match', { code: 'BAD_USER_INPUT' }), en, shown)).toBe(
      'kind and company name do not match',
    );
    expect(
      bannerMessage(gqlError('unknown part', { code: 'BAD_USER_INPUT', field: 'somethingElse' }), en, shown),
    ).toBe('unknown part');
  });

  it('localizes general codes instead of showing the server text', () => {
    const error = gqlError('database is locked', { code: 'INTERNAL' });
    expect(bannerMessage(error, sv)).toBe(sv('error.INTERNAL'));
    expect(bannerMessage(gqlError('x', { code: 'CONFLICT' }), en)).toBe(en('error.CONFLICT'));
    expect(bannerMessage(new CombinedError({ networkError: new Error('x') }), en)).toBe(en('error.NETWORK'));
    expect(bannerMessage(null, en)).toBeNull();
  });
});

describe('conflictField', () => {
  it('names the field of a conflict, empty when it names none, null without a conflict', () => {
    expect(conflictField(gqlError('stale', { code: 'CONFLICT', field: 'expectedVersion' }))).toBe('expectedVersion');
    expect(conflictField(gqlError('anonymized', { code: 'CONFLICT', field: 'customerId' }))).toBe('customerId');
    expect(conflictField(gqlError('busy', { code: 'CONFLICT' }))).toBe('');
    expect(conflictField(gqlError('bad', { code: 'BAD_USER_INPUT', field: 'x' }))).toBeNull();
    expect(conflictField(null)).toBeNull();
  });
});
