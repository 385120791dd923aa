import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { makeT } from '../../i18n/translate';
import {
  apiKeyProblems,
  apiKeySaveFailure,
  authorizationExample,
  canGrantGroup,
  canGrantScope,
  EMPTY_API_KEY_FORM,
  endOfLocalDay,
  expiryProblem,
  expiryToDateTime,
  firstProblem,
  formFieldOf,
  localDateInput,
  maskedKey,
  revokeFailureMessage,
  SCOPE_COPY,
  SCOPES,
  scopesSummary,
  sortScopes,
  STATUS_COPY,
  statusLabelKey,
  toApiKeyInput,
  toggleScope,
} from './apiKeys';

const t = makeT('en');
const error = (code: string, message = 'x', field?: string) => ({
  graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
});

/** Unix ms of a local time (the tests hold in any time zone). */
const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(y, m - 1, d, h, min, s).getTime();

describe('scopes', () => {
  it('has a label and a one-line explanation in both languages for every scope', () => {
    expect(SCOPES).toEqual(['CONSENT_READ', 'CONSENT_WRITE', 'CUSTOMERS_READ', 'REPORTS_READ']);
    for (const scope of SCOPES) {
      const { label, hint } = SCOPE_COPY[scope];
      expect(en[label]).not.toBe('');
      expect(en[hint]).not.toBe('');
      expect(sv[label]).not.toBe(en[label]);
      expect(sv[hint]).not.toBe(en[hint]);
    }
    expect(t(SCOPE_COPY.CONSENT_READ.label)).toBe('Read consents');
    expect(makeT('sv')(SCOPE_COPY.CONSENT_WRITE.label)).toBe('Registrera samtycken');
  });

  it('keeps scopes distinct and in the canonical order', () => {
    expect(sortScopes(['REPORTS_READ', 'CONSENT_READ', 'REPORTS_READ'])).toEqual(['CONSENT_READ', 'REPORTS_READ']);
    expect(toggleScope(['REPORTS_READ'], 'CONSENT_WRITE', true)).toEqual(['CONSENT_WRITE', 'REPORTS_READ']);
    expect(toggleScope(['CONSENT_WRITE', 'REPORTS_READ'], 'CONSENT_WRITE', false)).toEqual(['REPORTS_READ']);
  });

  it('summarises scopes in words', () => {
    expect(scopesSummary(['REPORTS_READ', 'CONSENT_READ'], t)).toBe('Read consents, Read reports');
    expect(scopesSummary([], t)).toBeNull();
  });
});

describe('statuses', () => {
  it('says every status in words, in both languages', () => {
    expect(t(statusLabelKey('ACTIVE'))).toBe('Active');
    expect(t(statusLabelKey('EXPIRED'))).toBe('Expired');
    expect(t(statusLabelKey('REVOKED'))).toBe('Revoked');
    expect(makeT('sv')(statusLabelKey('REVOKED'))).toBe('Återkallad');
  });

  it('gives active keys a different tone from the others', () => {
    expect(STATUS_COPY.ACTIVE.tone).toBe('neutral');
    expect(STATUS_COPY.EXPIRED.tone).not.toBe('neutral');
    expect(STATUS_COPY.REVOKED.tone).not.toBe('neutral');
  });
});

describe('showing a key', () => {
  it('shows the prefix only, and the header with it', () => {
    expect(maskedKey('0123456789ab')).toBe('tillit_0123456789ab_…');
    expect(authorizationExample('0123456789ab')).toBe('Authorization: Bearer tillit_0123456789ab_…');
  });
});

describe('the expiry date', () => {
  it('means the end of that day in local time', () => {
    const end = endOfLocalDay('2030-01-15');
    expect(end?.getTime()).toBe(local(2030, 1, 15, 23, 59, 59));
    expect(expiryToDateTime('2030-01-15')).toBe(new Date(2030, 0, 15, 23, 59, 59).toISOString());
    expect(expiryToDateTime(' 2030-12-31 ')).toBe(new Date(2030, 11, 31, 23, 59, 59).toISOString());
  });

  it('is an ISO DateTime, or null when empty', () => {
    expect(expiryToDateTime('2030-06-01')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(expiryToDateTime('')).toBeNull();
    expect(expiryToDateTime('  ')).toBeNull();
  });

  it('refuses what is not a real date', () => {
    expect(endOfLocalDay('2030-02-30')).toBeNull();
    expect(endOfLocalDay('2030-13-01')).toBeNull();
    expect(endOfLocalDay('15/01/2030')).toBeNull();
    expect(endOfLocalDay('2028-02-29')?.getDate()).toBe(29);
    expect(expiryToDateTime('nonsense')).toBeNull();
  });

  it('accepts today and later, and refuses days that have ended', () => {
    const now = local(2030, 1, 15, 14, 30);
    expect(expiryProblem('', now)).toBeNull();
    expect(expiryProblem('2030-01-15', now)).toBeNull();
    expect(expiryProblem('2030-01-16', now)).toBeNull();
    expect(expiryProblem('2030-01-14', now)).toBe('past');
    expect(expiryProblem('2030-02-30', now)).toBe('invalid');
    // The last second of the day is still today; a moment after it, the day is over.
    expect(expiryProblem('2030-01-15', local(2030, 1, 15, 23, 59, 58))).toBeNull();
    expect(expiryProblem('2030-01-15', local(2030, 1, 16))).toBe('past');
  });

  it('gives today as the date input wants it', () => {
    expect(localDateInput(new Date(2030, 0, 5, 23, 59))).toBe('2030-01-05');
    expect(localDateInput(new Date(2031, 10, 30, 0, 0))).toBe('2031-11-30');
  });
});

describe('the form', () => {
  const now = local(2030, 1, 15, 12);

  it('sends a trimmed name, the scopes in order, distinct groups and the end of the day', () => {
    expect(
      toApiKeyInput({
        name: '  Webbutik produktion ',
        scopes: ['REPORTS_READ', 'CONSENT_READ'],
        groupIds: ['g2', 'g1', 'g2'],
        expiresOn: '2030-03-01',
      }),
    ).toEqual({
      name: 'Webbutik produktion',
      scopes: ['CONSENT_READ', 'REPORTS_READ'],
      groupIds: ['g2', 'g1'],
      expiresAt: new Date(2030, 2, 1, 23, 59, 59).toISOString(),
    });
    expect(toApiKeyInput({ ...EMPTY_API_KEY_FORM, name: 'x', scopes: ['CONSENT_READ'] })).toEqual({
      name: 'x',
      scopes: ['CONSENT_READ'],
      groupIds: [],
      expiresAt: null,
    });
  });

  it('asks for a name, at most 100 characters, and at least one scope', () => {
    expect(apiKeyProblems(EMPTY_API_KEY_FORM, t, now)).toEqual({
      name: 'Enter a name.',
      scopes: 'Choose at least one scope.',
    });
    const ok = { ...EMPTY_API_KEY_FORM, name: 'Webshop', scopes: ['CONSENT_READ' as const] };
    expect(apiKeyProblems(ok, t, now)).toEqual({});
    expect(apiKeyProblems({ ...ok, name: 'å'.repeat(100) }, t, now)).toEqual({});
    expect(apiKeyProblems({ ...ok, name: 'å'.repeat(101) }, t, now)).toEqual({ name: 'The name can be at most 100 characters.' });
    expect(apiKeyProblems({ ...ok, name: '   ' }, t, now)).toEqual({ name: 'Enter a name.' });
    // Counted as the server counts: characters after NFC, not UTF-16 units.
    expect(apiKeyProblems({ ...ok, name: 'e\u0301'.repeat(100) }, t, now)).toEqual({});
    expect(apiKeyProblems({ ...ok, name: '😀'.repeat(100) }, t, now)).toEqual({});
  });

  it('refuses an expiry in the past or an impossible date', () => {
    const ok = { ...EMPTY_API_KEY_FORM, name: 'Webshop', scopes: ['CONSENT_READ' as const] };
    expect(apiKeyProblems({ ...ok, expiresOn: '2030-01-14' }, t, now).expiresAt).toMatch(/already passed/);
    expect(apiKeyProblems({ ...ok, expiresOn: '2030-02-30' }, t, now).expiresAt).toBe('Enter a valid date.');
    expect(apiKeyProblems({ ...ok, expiresOn: '2030-01-15' }, t, now)).toEqual({});
  });

  it('finds the first problem in the order the fields are shown', () => {
    expect(firstProblem({ expiresAt: 'x', scopes: 'y' })).toBe('scopes');
    expect(firstProblem({ groupIds: 'x' })).toBe('groupIds');
    expect(firstProblem({})).toBeNull();
  });
});

describe('what the viewer may give a key', () => {
  const staff = { isAdmin: false, rights: ['READ_CUSTOMERS', 'MANAGE_API_KEYS'] as const, groupIds: ['g1'] };

  it('lets administrators give every scope and group', () => {
    const admin = { isAdmin: true, rights: [], groupIds: [] };
    for (const scope of SCOPES) expect(canGrantScope(admin, scope)).toBe(true);
    expect(canGrantGroup(admin, 'any')).toBe(true);
  });

  it('lets others give only scopes they could use themselves, and their own groups', () => {
    expect(canGrantScope(staff, 'CONSENT_READ')).toBe(true);
    expect(canGrantScope(staff, 'CUSTOMERS_READ')).toBe(true);
    expect(canGrantScope(staff, 'REPORTS_READ')).toBe(true);
    expect(canGrantScope(staff, 'CONSENT_WRITE')).toBe(false);
    expect(canGrantScope({ ...staff, rights: ['EDIT_CONSENTS'] }, 'CONSENT_WRITE')).toBe(true);
    expect(canGrantGroup(staff, 'g1')).toBe(true);
    expect(canGrantGroup(staff, 'g2')).toBe(false);
  });
});

describe('apiKeySaveFailure', () => {
  it('puts field errors at their fields', () => {
    expect(apiKeySaveFailure(error('BAD_USER_INPUT', 'must be in the future', 'expiresAt'), t)).toEqual({
      fields: { expiresAt: 'must be in the future' },
      banner: null,
    });
    expect(apiKeySaveFailure(error('BAD_USER_INPUT', 'too long', 'input.name'), t).fields).toEqual({ name: 'too long' });
    expect(apiKeySaveFailure(error('BAD_USER_INPUT', 'choose at least one scope', 'scopes'), t).fields).toEqual({
      scopes: 'choose at least one scope',
    });
    expect(apiKeySaveFailure(error('BAD_USER_INPUT', 'unknown access group', 'groupIds'), t).fields).toEqual({
      groupIds: 'unknown access group',
    });
  });

  it('reads an indexed path as its field', () => {
    expect(formFieldOf('groupIds.0')).toBe('groupIds');
    expect(formFieldOf('groupIds[1]')).toBe('groupIds');
    expect(formFieldOf('scopesX')).toBeNull();
    expect(apiKeySaveFailure(error('BAD_USER_INPUT', 'not an id', 'groupIds.0'), t)).toEqual({
      fields: { groupIds: 'not an id' },
      banner: null,
    });
  });

  it('keeps an input error for a field the form does not show in the banner', () => {
    expect(apiKeySaveFailure(error('BAD_USER_INPUT', 'something else', 'other'), t)).toEqual({
      fields: {},
      banner: 'something else',
    });
  });

  it('explains FORBIDDEN by the rule, and the rest by its code', () => {
    expect(apiKeySaveFailure(error('FORBIDDEN'), t).banner).toMatch(/scopes you could use yourself/);
    expect(apiKeySaveFailure(error('INTERNAL'), t).banner).toBe(t('error.INTERNAL'));
    expect(apiKeySaveFailure(null, t)).toEqual({ fields: {}, banner: null });
  });
});

describe('revokeFailureMessage', () => {
  it('handles a key that is gone, and anything else by its code', () => {
    expect(revokeFailureMessage(error('NOT_FOUND'), t)).toBe(t('apiKeys.notFound'));
    expect(revokeFailureMessage(error('FORBIDDEN'), t)).toBe(t('error.FORBIDDEN'));
    expect(revokeFailureMessage({ graphQLErrors: [], networkError: new Error('offline') }, t)).toBe(t('error.NETWORK'));
  });
});
