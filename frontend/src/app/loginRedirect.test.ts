import { describe, expect, it } from 'vitest';
import { isMyPagePath, isPublicPath, loginNoticeFrom, loginNoticeState, loginPath, pathAfterLogin, safeNextPath, withNext } from './loginRedirect';

describe('safeNextPath', () => {
  it('accepts paths inside the app', () => {
    expect(safeNextPath('/customers/42')).toBe('/customers/42');
    expect(safeNextPath('/customers?q=bjorn')).toBe('/customers?q=bjorn');
    expect(safeNextPath('/account/recovery-codes')).toBe('/account/recovery-codes');
  });

  it('refuses anything that could leave the app or loop', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'customers',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      '/login',
      '/setup?x=1',
      '/login/verify?next=%2Fcustomers',
      '/mfa/enroll',
      '/a\nb',
      '/my',
      '/my/login',
      '/my/invitation?x=1',
    ]) {
      expect(safeNextPath(bad)).toBeNull();
    }
  });
});

describe('loginPath', () => {
  it('remembers where to return', () => {
    expect(loginPath('/customers/42/contacts')).toBe('/login?next=%2Fcustomers%2F42%2Fcontacts');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath(null)).toBe('/login');
  });
});

describe('public paths', () => {
  it('include the second-step pages, which a pending session may use', () => {
    for (const path of ['/login', '/setup', '/login/verify', '/mfa/enroll']) expect(isPublicPath(path)).toBe(true);
    for (const path of ['/', '/customers', '/account/recovery-codes']) expect(isPublicPath(path)).toBe(false);
  });

  it('include My page, which has a session of its own', () => {
    for (const path of ['/my', '/my/login', '/my/invitation', '/my/link', '/my/anything']) {
      expect(isMyPagePath(path)).toBe(true);
      expect(isPublicPath(path)).toBe(true);
    }
    for (const path of ['/myself', '/customers/my', '/', '/m']) expect(isMyPagePath(path)).toBe(false);
  });
});

describe('pathAfterLogin', () => {
  it('goes to the return path or the customers when the login is done', () => {
    expect(pathAfterLogin('DONE', '/customers/7')).toBe('/customers/7');
    expect(pathAfterLogin('DONE', null)).toBe('/customers');
    expect(pathAfterLogin('DONE', '//evil.example')).toBe('/customers');
  });

  it('asks for the second step first and keeps the return path', () => {
    expect(pathAfterLogin('MFA_REQUIRED', '/customers/new')).toBe('/login/verify?next=%2Fcustomers%2Fnew');
    expect(pathAfterLogin('MFA_REQUIRED', null)).toBe('/login/verify');
    expect(pathAfterLogin('MFA_ENROLLMENT_REQUIRED', '/customers?q=a b')).toBe('/mfa/enroll?next=%2Fcustomers%3Fq%3Da%20b');
    expect(pathAfterLogin('MFA_ENROLLMENT_REQUIRED', 'https://evil.example')).toBe('/mfa/enroll');
  });

  it('never carries a sign-in page along as the return path', () => {
    expect(withNext('/login/verify', '/mfa/enroll')).toBe('/login/verify');
  });
});

describe('login notices', () => {
  it('round-trip through router state and ignore anything else', () => {
    expect(loginNoticeFrom(loginNoticeState('tooManyCodes'))).toBe('tooManyCodes');
    expect(loginNoticeFrom(loginNoticeState('mfaExpired'))).toBe('mfaExpired');
    for (const other of [null, undefined, 'tooManyCodes', {}, { notice: 'x' }, { notice: 1 }]) {
      expect(loginNoticeFrom(other)).toBeNull();
    }
  });
});
