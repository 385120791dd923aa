import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import { changePasswordFailure, changePasswordProblems, EMPTY_CHANGE_PASSWORD } from './changePasswordForm';

const t = makeT('en');
const ok = {
  currentPassword: 'old password here',
  code: '123 456',
  newPassword: 'a much longer new passphrase',
  confirm: 'a much longer new passphrase',
};

describe('changePasswordProblems', () => {
  it('accepts a complete form (a code typed with a space too)', () => {
    expect(changePasswordProblems(ok, t)).toEqual({});
  });

  it('asks for every field of an empty form', () => {
    expect(Object.keys(changePasswordProblems(EMPTY_CHANGE_PASSWORD, t)).sort()).toEqual(['code', 'currentPassword', 'newPassword']);
  });

  it('checks the code shape, the length, the confirmation and that something changes', () => {
    expect(changePasswordProblems({ ...ok, code: '12345' }, t)).toEqual({ code: t('mfa.code.invalid') });
    expect(changePasswordProblems({ ...ok, newPassword: 'short', confirm: 'short' }, t)).toEqual({
      newPassword: t('auth.setup.passwordTooShort'),
    });
    expect(changePasswordProblems({ ...ok, confirm: 'something else' }, t)).toEqual({
      confirm: t('auth.setup.passwordMismatch'),
    });
    expect(changePasswordProblems({ ...ok, currentPassword: ok.newPassword }, t)).toEqual({ newPassword: t('account.password.same') });
  });
});

describe('changePasswordFailure', () => {
  const bad = (field: string, message: string) => ({ message, extensions: { code: 'BAD_USER_INPUT', field } });

  it('puts a wrong password and a wrong code at their fields, in the UI language', () => {
    const { fields, banner } = changePasswordFailure({ graphQLErrors: [bad('currentPassword', 'the password is wrong')] }, t);
    expect(fields).toEqual({ currentPassword: t('account.password.currentWrong') });
    expect(banner).toBeNull();
    expect(changePasswordFailure({ graphQLErrors: [bad('code', 'the code is wrong or already used')] }, t).fields).toEqual({
      code: t('mfa.code.wrong'),
    });
  });

  it("shows the server's reason for refusing the new password", () => {
    const failure = changePasswordFailure({ graphQLErrors: [bad('newPassword', 'is one of the most common passwords')] }, t);
    expect(failure.fields).toEqual({ newPassword: 'is one of the most common passwords' });
    expect(failure.banner).toBeNull();
  });

  it('says everything else in a banner', () => {
    expect(changePasswordFailure({ graphQLErrors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] }, t).banner).toBe(
      t('auth.rateLimited'),
    );
    expect(changePasswordFailure({ graphQLErrors: [], networkError: new Error('offline') }, t).banner).toBe(t('error.NETWORK'));
    expect(changePasswordFailure({ graphQLErrors: [bad('other', 'odd')] }, t).banner).toBe('odd');
  });
});
