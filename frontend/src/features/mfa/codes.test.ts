import { describe, expect, it } from 'vitest';
import { codeFailure, groupSecret, isTotpCode, normalizeRecoveryCode, normalizeTotpCode, recoveryCodesFile, svgDataUrl } from './codes';

describe('TOTP codes', () => {
  it('accept what apps show, with spaces or a dash', () => {
    expect(normalizeTotpCode(' 123 456 ')).toBe('123456');
    expect(normalizeTotpCode('123-456')).toBe('123456');
    expect(isTotpCode('123456')).toBe(true);
  });

  it('are exactly six digits', () => {
    for (const bad of ['', '12345', '1234567', '12345a', '١٢٣٤٥٦']) expect(isTotpCode(normalizeTotpCode(bad)), bad).toBe(false);
  });
});

describe('normalizeRecoveryCode', () => {
  it('folds case and spaces and restores the dashes', () => {
    expect(normalizeRecoveryCode('ABCD-EFGH-2345')).toBe('abcd-efgh-2345');
    expect(normalizeRecoveryCode(' abcd efgh 2345 ')).toBe('abcd-efgh-2345');
    expect(normalizeRecoveryCode('abcdefgh2345')).toBe('abcd-efgh-2345');
    expect(normalizeRecoveryCode('abcd-efgh2345')).toBe('abcd-efgh-2345');
  });

  it('leaves other shapes for the server to judge', () => {
    expect(normalizeRecoveryCode('abc-def')).toBe('abc-def');
    expect(normalizeRecoveryCode('')).toBe('');
  });
});

describe('groupSecret', () => {
  it('splits a base32 secret into blocks of four', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toEqual(['JBSW', 'Y3DP', 'EHPK', '3PXP', 'JBSW', 'Y3DP', 'EHPK', '3PXP']);
    expect(groupSecret('JBSWY3DPEH==')).toEqual(['JBSW', 'Y3DP', 'EH']);
    expect(groupSecret('')).toEqual([]);
  });
});

describe('svgDataUrl', () => {
  it('encodes the whole document into a data: URL', () => {
    const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1v1H0z" fill="#000"/></svg>');
    expect(url.startsWith('data:image/svg+xml;utf8,%3Csvg')).toBe(true);
    expect(url).not.toMatch(/[<>"# ]/);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toContain('fill="#000"');
  });
});

describe('recoveryCodesFile', () => {
  it('puts the heading first and one code a line', () => {
    expect(recoveryCodesFile(['Tillit', 'Each code works once.'], ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'])).toBe(
      'Tillit\nEach code works once.\n\naaaa-bbbb-cccc\ndddd-eeee-ffff\n',
    );
  });
});

describe('codeFailure', () => {
  const error = (code: string, field?: string) => ({ graphQLErrors: [{ message: 'm', extensions: { code, ...(field ? { field } : {}) } }] });

  it('sorts the answers to a code submission', () => {
    expect(codeFailure(null)).toBeNull();
    expect(codeFailure(error('BAD_USER_INPUT', 'code'))).toBe('wrongCode');
    expect(codeFailure(error('UNAUTHENTICATED'))).toBe('signedOut');
    expect(codeFailure(error('RATE_LIMITED'))).toBe('rateLimited');
    expect(codeFailure(error('CONFLICT'))).toBe('wrongStep');
    expect(codeFailure(error('BAD_USER_INPUT', 'password'))).toBe('other');
    expect(codeFailure(error('BAD_USER_INPUT'))).toBe('other');
    expect(codeFailure(error('INTERNAL'))).toBe('other');
    expect(codeFailure({ graphQLErrors: [], networkError: new Error('offline') })).toBe('other');
  });
});
