import { describe, expect, it } from 'vitest';
import type { SecretFieldsFragment } from '../../gql/graphql';
import { makeT } from '../../i18n/translate';
import {
  canChangeSecret,
  charCount,
  emptySecretForm,
  firstProblem,
  hasControlCharacters,
  isExpectedDetailError,
  isWebUrl,
  linkableUrl,
  listFailure,
  losesSecretAccess,
  MASK,
  REVEAL_SECONDS,
  reasonProblem,
  revealFailure,
  secondsLeft,
  secretFormProblems,
  secretSaveFailure,
  secretToForm,
  shownValue,
  startReveal,
  stillShown,
  toSecretInput,
  utf8Bytes,
  VALUE_MAX_BYTES,
  type GroupChooser,
  type PathedError,
  type SecretFormValues,
} from './secrets';

const t = makeT('en');

const admin: GroupChooser = { isAdmin: true, groupIds: [] };
const tech: GroupChooser = { isAdmin: false, groupIds: ['g-tech', 'g-field'] };

const secret: SecretFieldsFragment = {
  id: 's1',
  customerId: 'c1',
  title: 'Router admin',
  kind: 'CREDENTIAL',
  allowedGroups: [
    { id: 'g-tech', name: 'Technicians' },
    { id: 'g-boss', name: 'Management' },
  ],
  canReveal: true,
  createdAt: '2026-05-01T08:00:00Z',
  updatedAt: '2026-05-02T08:00:00Z',
  version: 3,
  username: 'admin',
  url: 'https://router.example/login',
  notes: 'Behind the blue door',
  recentReveals: [],
};

const form = (over: Partial<SecretFormValues> = {}): SecretFormValues => ({
  title: 'Router admin',
  kind: 'CREDENTIAL',
  username: 'admin',
  url: '',
  notes: '',
  value: 'Tr0ub4dor&3 with spaces',
  groupIds: [],
  ...over,
});

const gqlError = (code: string, extra: Partial<PathedError> & { field?: string } = {}): PathedError => ({
  message: extra.message ?? `${code} happened`,
  extensions: { code, ...(extra.field ? { field: extra.field } : {}) },
  path: extra.path,
});

describe('the reveal countdown', () => {
  const at = 1_700_000_000_000;

  it('starts at 30 seconds and counts whole seconds down, rounding up', () => {
    const revealed = startReveal('s1', 'v', at);
    expect(revealed.until - at).toBe(REVEAL_SECONDS * 1000);
    expect(secondsLeft(revealed.until, at)).toBe(30);
    expect(secondsLeft(revealed.until, at + 1)).toBe(30);
    expect(secondsLeft(revealed.until, at + 1000)).toBe(29);
    expect(secondsLeft(revealed.until, at + 29_001)).toBe(1);
    expect(secondsLeft(revealed.until, at + 29_999)).toBe(1);
  });

  it('ends at 0 and never goes below, nor above 30 when the clock jumps back', () => {
    const { until } = startReveal('s1', 'v', at);
    expect(secondsLeft(until, at + 30_000)).toBe(0);
    expect(secondsLeft(until, at + 90_000)).toBe(0);
    expect(secondsLeft(until, at - 60_000)).toBe(30);
  });

  it('shows the value only for its own secret and only while it lasts', () => {
    const revealed = startReveal('s1', 'hunter2', at);
    expect(shownValue('s1', revealed, at + 5_000)).toBe('hunter2');
    expect(shownValue('s2', revealed, at + 5_000)).toBe(MASK);
    expect(shownValue('s1', revealed, at + 30_000)).toBe(MASK);
    expect(shownValue('s1', null, at)).toBe(MASK);
    expect(stillShown(revealed, at + 29_999)).toBe(revealed);
    expect(stillShown(revealed, at + 30_000)).toBeNull();
  });

  it('masks every value alike, whatever its length', () => {
    expect(MASK).toBe('••••••••');
    const short = startReveal('a', 'x', at);
    const long = startReveal('b', 'x'.repeat(500), at);
    expect(shownValue('a', long, at)).toBe(shownValue('b', short, at));
  });
});

describe('text checks shared with the server', () => {
  it('counts characters as the server does: trimmed, NFC, code points', () => {
    expect(charCount('  abc  ')).toBe(3);
    expect(charCount('e\u0301')).toBe(1);
    expect(charCount('😀')).toBe(1);
    expect(charCount('')).toBe(0);
  });

  it('measures the value in UTF-8 bytes', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('å')).toBe(2);
    expect(utf8Bytes('😀')).toBe(4);
  });

  it('refuses control and bidi characters, allowing tab and newline in multi-line text', () => {
    expect(hasControlCharacters('plain text', false)).toBe(false);
    expect(hasControlCharacters('a\tb', false)).toBe(true);
    expect(hasControlCharacters('a\tb\nc\r\nd', true)).toBe(false);
    expect(hasControlCharacters('a\u0007b', true)).toBe(true);
    expect(hasControlCharacters('abc\u202Edef', false)).toBe(true);
    expect(hasControlCharacters('abc\u2066def', true)).toBe(true);
    // Surrounding whitespace is trimmed first, as on the server.
    expect(hasControlCharacters('abc\n', false)).toBe(false);
  });

  it('accepts http(s) addresses with a host name and no credentials', () => {
    expect(isWebUrl('https://router.example/login')).toBe(true);
    expect(isWebUrl('http://192.168.1.1')).toBe(true);
    expect(isWebUrl('https://localhost')).toBe(false);
    expect(isWebUrl('https://admin:pw@router.example')).toBe(false);
    expect(isWebUrl('ftp://files.example')).toBe(false);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('router.example')).toBe(false);
  });

  it('links only to http(s) addresses', () => {
    expect(linkableUrl('https://router.example/login')).toBe('https://router.example/login');
    expect(linkableUrl('javascript:alert(1)')).toBeNull();
    expect(linkableUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(linkableUrl(null)).toBeNull();
    expect(linkableUrl('')).toBeNull();
  });
});

describe('the secret form', () => {
  it('starts a new secret with the viewer’s own groups, like the server’s default', () => {
    expect(emptySecretForm(tech)).toEqual({
      title: '',
      kind: 'CREDENTIAL',
      username: '',
      url: '',
      notes: '',
      value: '',
      groupIds: ['g-field', 'g-tech'],
    });
    expect(emptySecretForm(admin).groupIds).toEqual([]);
  });

  it('loads a secret without its value', () => {
    expect(secretToForm(secret)).toEqual({
      title: 'Router admin',
      kind: 'CREDENTIAL',
      username: 'admin',
      url: 'https://router.example/login',
      notes: 'Behind the blue door',
      value: '',
      groupIds: ['g-boss', 'g-tech'],
    });
    expect(secretToForm({ ...secret, username: null, url: null, notes: null })).toMatchObject({ username: '', url: '', notes: '' });
  });

  it('needs a title and, for a new secret, a value', () => {
    const problems = secretFormProblems(form({ title: '  ', value: '' }), 'create', admin, null, t);
    expect(problems).toEqual({ title: 'Enter a title.', value: 'Enter the value to keep secret.' });
    expect(firstProblem(problems)).toBe('title');
    expect(secretFormProblems(form({ value: '' }), 'edit', admin, [], t)).toEqual({});
  });

  it('applies the server’s length limits', () => {
    expect(secretFormProblems(form({ title: 'x'.repeat(200) }), 'create', admin, null, t)).toEqual({});
    expect(secretFormProblems(form({ title: 'x'.repeat(201) }), 'create', admin, null, t)).toEqual({
      title: 'At most 200 characters.',
    });
    expect(secretFormProblems(form({ username: 'u'.repeat(201) }), 'create', admin, null, t).username).toBe('At most 200 characters.');
    expect(secretFormProblems(form({ notes: 'n'.repeat(4000) }), 'create', admin, null, t)).toEqual({});
    expect(secretFormProblems(form({ notes: 'n'.repeat(4001) }), 'create', admin, null, t).notes).toBe('At most 4000 characters.');
  });

  it('limits the value to 16 KiB in bytes, not characters', () => {
    expect(secretFormProblems(form({ value: 'a'.repeat(VALUE_MAX_BYTES) }), 'create', admin, null, t)).toEqual({});
    expect(secretFormProblems(form({ value: 'a'.repeat(VALUE_MAX_BYTES + 1) }), 'create', admin, null, t).value).toBe('At most 16 KiB.');
    // 8 193 characters, but 16 386 bytes.
    expect(secretFormProblems(form({ value: 'å'.repeat(8193) }), 'create', admin, null, t).value).toBe('At most 16 KiB.');
    expect(secretFormProblems(form({ value: 'a\0b' }), 'create', admin, null, t).value).toBe('Contains characters that are not allowed.');
  });

  it('checks the address', () => {
    expect(secretFormProblems(form({ url: 'router.example' }), 'create', admin, null, t).url).toBe(
      'Enter a web address that starts with https:// or http://.',
    );
    expect(secretFormProblems(form({ url: ' https://router.example ' }), 'create', admin, null, t)).toEqual({});
  });

  it('lets a non-administrator choose only their own groups', () => {
    expect(secretFormProblems(form({ groupIds: ['g-tech'] }), 'create', tech, null, t)).toEqual({});
    expect(secretFormProblems(form({ groupIds: ['g-tech', 'g-boss'] }), 'create', tech, null, t).groupIds).toBe(
      'You can only choose groups you are a member of; untick the others to change the groups.',
    );
    expect(secretFormProblems(form({ groupIds: ['g-boss'] }), 'create', admin, null, t)).toEqual({});
  });

  it('lets a non-administrator edit a secret that also names other groups, as long as the groups stay', () => {
    const original = ['g-boss', 'g-tech'];
    expect(secretFormProblems(form({ groupIds: ['g-tech', 'g-boss'] }), 'edit', tech, original, t)).toEqual({});
    expect(secretFormProblems(form({ groupIds: ['g-boss', 'g-tech', 'g-field'] }), 'edit', tech, original, t).groupIds).toBeDefined();
    // Dropping the other group leaves only their own: fine.
    expect(secretFormProblems(form({ groupIds: ['g-tech'] }), 'edit', tech, original, t)).toEqual({});
  });

  it('limits the number of groups', () => {
    const many = Array.from({ length: 51 }, (_, i) => `g${String(i)}`);
    expect(secretFormProblems(form({ groupIds: many }), 'create', admin, null, t).groupIds).toBe('At most 50 groups.');
  });

  it('warns a non-administrator who would lock themselves out', () => {
    expect(losesSecretAccess([], tech)).toBe(true);
    expect(losesSecretAccess(['g-boss'], tech)).toBe(true);
    expect(losesSecretAccess(['g-boss', 'g-field'], tech)).toBe(false);
    expect(losesSecretAccess([], admin)).toBe(false);
  });
});

describe('toSecretInput', () => {
  it('sends a new secret with its value exactly as typed and its groups, even none', () => {
    const input = toSecretInput(
      form({ title: ' Router admin ', username: ' admin ', url: ' ', notes: ' line 1\r\nline 2 ', value: ' Tr0ub4dor&3 with spaces ' }),
      null,
    );
    expect(input).toEqual({
      title: 'Router admin',
      kind: 'CREDENTIAL',
      username: 'admin',
      url: null,
      notes: 'line 1\nline 2',
      value: ' Tr0ub4dor&3 with spaces ',
      groupIds: [],
    });
  });

  it('keeps the stored value and groups on edit unless they were changed', () => {
    const original = ['g-boss', 'g-tech'];
    const kept = toSecretInput(form({ value: '', groupIds: ['g-tech', 'g-boss'] }), original);
    expect(kept.value).toBeNull();
    expect('groupIds' in kept).toBe(false);

    const changed = toSecretInput(form({ value: 'new one', groupIds: ['g-tech'] }), original);
    expect(changed.value).toBe('new one');
    expect(changed.groupIds).toEqual(['g-tech']);

    // Unticking every group is a change too: administrators only.
    expect(toSecretInput(form({ value: '', groupIds: [] }), original).groupIds).toEqual([]);
  });
});

describe('who may change a secret', () => {
  it('needs MANAGE_SECRETS and, unless an administrator, a group of the secret', () => {
    const manager = { isAdmin: false, rights: ['READ_SECRETS', 'MANAGE_SECRETS'] as const };
    const reader = { isAdmin: false, rights: ['READ_SECRETS'] as const };
    expect(canChangeSecret({ isAdmin: true, rights: [] }, { canReveal: false })).toBe(true);
    expect(canChangeSecret(manager, { canReveal: true })).toBe(true);
    expect(canChangeSecret(manager, { canReveal: false })).toBe(false);
    expect(canChangeSecret(reader, { canReveal: true })).toBe(false);
  });
});

describe('the reveal reason', () => {
  it('needs 3 to 500 characters on one line, counted after trimming', () => {
    expect(reasonProblem('x', t)).toBe('Say why, in at least 3 characters.');
    expect(reasonProblem('  ab  ', t)).toBe('Say why, in at least 3 characters.');
    expect(reasonProblem('abc', t)).toBeNull();
    expect(reasonProblem('r'.repeat(500), t)).toBeNull();
    expect(reasonProblem('r'.repeat(501), t)).toBe('At most 500 characters.');
    expect(reasonProblem('case\t4711', t)).toBe('Contains characters that are not allowed.');
  });
});

describe('the server’s answers', () => {
  it('puts reveal errors at the reason and the code, the rest in a banner', () => {
    const reason = revealFailure({ graphQLErrors: [gqlError('BAD_USER_INPUT', { field: 'reason', message: 'say why' })] }, t);
    expect(reason).toEqual({ reason: 'say why', totpCode: null, banner: null });
    const code = revealFailure({ graphQLErrors: [gqlError('BAD_USER_INPUT', { field: 'totpCode', message: 'wrong code' })] }, t);
    expect(code).toEqual({ reason: null, totpCode: 'wrong code', banner: null });
    expect(revealFailure({ graphQLErrors: [gqlError('FORBIDDEN')] }, t).banner).toBe(
      'You are not in a group allowed to reveal this.',
    );
    expect(revealFailure({ graphQLErrors: [gqlError('RATE_LIMITED')] }, t).banner).toBe(t('error.RATE_LIMITED'));
    expect(revealFailure(null, t)).toEqual({ reason: null, totpCode: null, banner: null });
  });

  it('reads save errors: fields at their inputs, a stale version, the rest in a banner', () => {
    const fields = secretSaveFailure(
      {
        graphQLErrors: [
          gqlError('BAD_USER_INPUT', { field: 'input.value', message: 'is too long' }),
          gqlError('BAD_USER_INPUT', { field: 'groupIds', message: 'you can only choose groups you are a member of' }),
        ],
      },
      t,
    );
    expect(fields).toEqual({
      fields: { value: 'is too long', groupIds: 'you can only choose groups you are a member of' },
      banner: null,
      stale: false,
    });
    expect(secretSaveFailure({ graphQLErrors: [gqlError('CONFLICT', { field: 'expectedVersion' })] }, t).stale).toBe(true);
    expect(secretSaveFailure({ graphQLErrors: [gqlError('BAD_USER_INPUT', { field: 'customerId', message: 'no such customer' })] }, t)).toEqual({
      fields: {},
      banner: 'no such customer',
      stale: false,
    });
  });
});

describe('reading the list', () => {
  const allowed = { canReveal: true };
  const hidden = { canReveal: false };
  const secrets = [allowed, hidden];

  it('ignores the FORBIDDEN details of a secret the viewer may not reveal', () => {
    const errors = ['username', 'url', 'notes', 'recentReveals'].map((field) =>
      gqlError('FORBIDDEN', { path: ['customer', 'secrets', 1, field] }),
    );
    for (const e of errors) expect(isExpectedDetailError(e, secrets)).toBe(true);
    expect(listFailure({ graphQLErrors: errors }, secrets)).toBeNull();
    expect(listFailure(null, secrets)).toBeNull();
  });

  it('treats every other error as a failure', () => {
    // The same error on a secret the viewer may reveal is not expected.
    expect(listFailure({ graphQLErrors: [gqlError('FORBIDDEN', { path: ['customer', 'secrets', 0, 'notes'] })] }, secrets)).toBe('FORBIDDEN');
    // The list itself refused (no READ_SECRETS).
    expect(listFailure({ graphQLErrors: [gqlError('FORBIDDEN', { path: ['customer', 'secrets'] })] }, null)).toBe('FORBIDDEN');
    // A field that is not a detail, or another code at a detail.
    expect(listFailure({ graphQLErrors: [gqlError('FORBIDDEN', { path: ['customer', 'secrets', 1, 'title'] })] }, secrets)).toBe('FORBIDDEN');
    expect(listFailure({ graphQLErrors: [gqlError('INTERNAL', { path: ['customer', 'secrets', 1, 'recentReveals'] })] }, secrets)).toBe('INTERNAL');
    // An index the list does not have, or no path at all.
    expect(listFailure({ graphQLErrors: [gqlError('FORBIDDEN', { path: ['customer', 'secrets', 7, 'notes'] })] }, secrets)).toBe('FORBIDDEN');
    expect(listFailure({ graphQLErrors: [gqlError('NOT_FOUND')] }, secrets)).toBe('NOT_FOUND');
    expect(listFailure({ graphQLErrors: [], networkError: new Error('offline') }, secrets)).toBe('NETWORK');
  });

  it('reports the real failure among expected ones', () => {
    const mixed = [
      gqlError('FORBIDDEN', { path: ['customer', 'secrets', 1, 'notes'] }),
      gqlError('INTERNAL', { path: ['customer', 'secrets', 0, 'recentReveals'] }),
    ];
    expect(listFailure({ graphQLErrors: mixed }, secrets)).toBe('INTERNAL');
  });
});
