import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import {
  confirmCopy,
  conflictDetail,
  conflictMessage,
  createUserFailure,
  createUserProblems,
  doneMessage,
  EMPTY_CREATE_USER,
  isLocked,
  looksLikeEmail,
  signsViewerOut,
  toCreateUserInput,
  userActions,
} from './users';

const t = makeT('en');
const ME = 'u-me';
const user = (over: Partial<Parameters<typeof userActions>[0]> = {}) => ({
  id: 'u-1',
  name: 'Maja Lind',
  active: true,
  isAdmin: false,
  mfaEnabled: true,
  activeSessions: 2,
  ...over,
});

describe('userActions', () => {
  it('offers everything for an active staff member with MFA and sessions', () => {
    expect(userActions(user(), ME, true)).toEqual(['disable', 'makeAdmin', 'resetMfa', 'endSessions']);
  });

  it('offers to enable a disabled user, and to remove the role of an admin', () => {
    expect(userActions(user({ active: false, isAdmin: true, activeSessions: 0 }), ME, true)).toEqual([
      'enable',
      'removeAdmin',
      'resetMfa',
    ]);
  });

  it('leaves out what has nothing to act on', () => {
    expect(userActions(user({ mfaEnabled: false, activeSessions: 0 }), ME, true)).toEqual(['disable', 'makeAdmin']);
  });

  it('never offers to disable yourself', () => {
    expect(userActions(user({ id: ME, isAdmin: true }), ME, true)).toEqual(['removeAdmin', 'resetMfa', 'endSessions']);
  });

  it('leaves the administrator role, and administrators, to administrators', () => {
    expect(userActions(user(), ME, false)).toEqual(['disable', 'resetMfa', 'endSessions']);
    expect(userActions(user({ isAdmin: true }), ME, false)).toEqual([]);
  });
});

describe('signsViewerOut', () => {
  it('is true only for resets and session ends of your own account', () => {
    expect(signsViewerOut('endSessions', { id: ME }, ME)).toBe(true);
    expect(signsViewerOut('resetMfa', { id: ME }, ME)).toBe(true);
    expect(signsViewerOut('removeAdmin', { id: ME }, ME)).toBe(false);
    expect(signsViewerOut('endSessions', { id: 'u-1' }, ME)).toBe(false);
  });
});

describe('isLocked', () => {
  const now = Date.parse('2025-11-29T12:00:00Z');
  it('only counts a lock that has not run out', () => {
    expect(isLocked('2025-11-29T12:15:00Z', now)).toBe(true);
    expect(isLocked('2025-11-29T11:59:00Z', now)).toBe(false);
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked(undefined, now)).toBe(false);
    expect(isLocked('garbage', now)).toBe(false);
  });
});

describe('confirmCopy', () => {
  it('names the user and says what happens', () => {
    const disable = confirmCopy('disable', user(), ME, t);
    expect(disable.title).toBe('Disable Maja Lind?');
    expect(disable.body).toMatch(/sessions end/);
    expect(disable.danger).toBe(true);
    expect(confirmCopy('resetMfa', user(), ME, t).body).toBe(
      'They will set up a new authenticator at their next sign-in; their sessions end.',
    );
    expect(confirmCopy('enable', user(), ME, t).danger).toBe(false);
    expect(confirmCopy('makeAdmin', user(), ME, t).danger).toBe(false);
  });

  it('warns you when the action is about yourself', () => {
    const self = user({ id: ME });
    expect(confirmCopy('removeAdmin', self, ME, t).body).toMatch(/^You become staff/);
    expect(confirmCopy('endSessions', self, ME, t).body).toMatch(/here too/);
    expect(confirmCopy('resetMfa', self, ME, t).body).toMatch(/^You are signed out now/);
  });

  it('has Swedish for every action', () => {
    const sv = makeT('sv');
    for (const action of ['disable', 'enable', 'makeAdmin', 'removeAdmin', 'resetMfa', 'endSessions'] as const) {
      const copy = confirmCopy(action, user(), ME, sv);
      for (const text of [copy.title, copy.body, copy.confirmLabel]) expect(text).not.toMatch(/\{|\}/);
    }
    expect(confirmCopy('disable', user(), ME, sv).title).toBe('Inaktivera Maja Lind?');
  });
});

describe('messages after an action', () => {
  it('reports success with the name (and the count of ended sessions)', () => {
    expect(doneMessage('disable', 'Maja Lind', t)).toBe('Maja Lind was disabled.');
    expect(doneMessage('endSessions', 'Maja Lind', t, 3)).toBe('Sessions of Maja Lind ended: 3.');
  });

  it('explains a refusal by the rule behind it, and keeps the server’s words', () => {
    expect(conflictMessage('removeAdmin', t)).toMatch(/at least one active administrator/);
    expect(conflictMessage('disable', t)).toMatch(/your own account/);
    expect(conflictMessage('resetMfa', t)).toBe('The change couldn’t be made.');
    const error = {
      graphQLErrors: [{ message: 'the last active administrator cannot be disabled', extensions: { code: 'CONFLICT' } }],
    };
    expect(conflictDetail(error)).toBe('The last active administrator cannot be disabled');
    expect(conflictDetail({ graphQLErrors: [{ message: ' ', extensions: { code: 'CONFLICT' } }] })).toBeNull();
    expect(conflictDetail(null)).toBeNull();
  });
});

describe('the new-user form', () => {
  const ok = { name: ' Maja Lind ', email: ' maja@example.se ', password: 'gurka-cykel-regn-47', isAdmin: true };

  it('checks name, e-mail shape and password length before sending', () => {
    expect(createUserProblems(ok, t)).toEqual({});
    expect(createUserProblems(EMPTY_CREATE_USER, t)).toEqual({
      name: t('users.form.nameMissing'),
      email: t('users.form.emailMissing'),
      password: t('auth.setup.passwordTooShort'),
    });
    expect(createUserProblems({ ...ok, email: 'maja at example.se' }, t)).toEqual({ email: t('users.form.emailInvalid') });
    expect(createUserProblems({ ...ok, password: 'x'.repeat(129) }, t)).toEqual({ password: t('auth.setup.passwordTooLong') });
  });

  it('recognises only the obvious e-mail slips', () => {
    expect(looksLikeEmail('a@b')).toBe(true);
    expect(looksLikeEmail('a@b@c')).toBe(false);
    expect(looksLikeEmail('@b')).toBe(false);
    expect(looksLikeEmail('a b@c')).toBe(false);
  });

  it('sends trimmed name and e-mail, and the password as typed', () => {
    expect(toCreateUserInput({ ...ok, password: ' spaced passphrase ' })).toEqual({
      name: 'Maja Lind',
      email: 'maja@example.se',
      password: ' spaced passphrase ',
      isAdmin: true,
    });
  });

  it('puts server errors at their fields and a taken e-mail in the UI language', () => {
    const bad = { message: 'is one of the most common passwords', extensions: { code: 'BAD_USER_INPUT', field: 'input.password' } };
    expect(createUserFailure({ graphQLErrors: [bad] }, t)).toEqual({
      fields: { password: 'is one of the most common passwords' },
      banner: null,
    });
    const taken = { message: 'e-mail already in use', extensions: { code: 'CONFLICT', field: 'email' } };
    expect(createUserFailure({ graphQLErrors: [taken] }, t)).toEqual({ fields: { email: t('users.form.emailTaken') }, banner: null });
    const forbidden = { message: 'no', extensions: { code: 'FORBIDDEN' } };
    expect(createUserFailure({ graphQLErrors: [forbidden] }, t)).toEqual({ fields: {}, banner: t('error.FORBIDDEN') });
  });
});
