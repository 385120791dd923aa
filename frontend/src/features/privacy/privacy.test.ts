import { describe, expect, it } from 'vitest';
import type { DataPartnerFieldsFragment, OrganizationSettingsFieldsFragment, PartnerAttention } from '../../gql/graphql';
import { makeT } from '../../i18n/translate';
import {
  AGREEMENT_LABELS,
  AGREEMENT_STATUSES,
  ATTENTION_COPY,
  attentionCount,
  attentionLabel,
  attentionSummary,
  AUTHORITIES,
  AUTHORITY_LABELS,
  countryName,
  EMPTY_PARTNER_FORM,
  formatNaiveDate,
  isWebUrl,
  partnerDeleteFailure,
  partnerProblems,
  partnerSaveFailure,
  partnersByName,
  partnerToForm,
  ROLE_LABELS,
  ROLES,
  settingsProblems,
  settingsSaveFailure,
  settingsToForm,
  toPartnerInput,
  toSettingsInput,
} from './privacy';

const t = makeT('en');
const sv = makeT('sv');
const error = (code: string, field?: string, message = 'x') => ({
  graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
});

const settings: OrganizationSettingsFieldsFragment = {
  companyName: 'Tillit AB',
  orgNumber: '556677-8899',
  address: 'Storgatan 1\n111 22 Stockholm',
  email: 'info@tillit.test',
  phone: '+46 8 123 45 67',
  privacyPolicyUrl: 'https://tillit.test/integritet',
  dpoName: 'Dana Dataskydd',
  dpoEmail: 'dpo@tillit.test',
  supervisoryAuthority: 'IMY',
  bookkeepingRetentionYears: 7,
  auditLogRetentionMonths: 24,
  secretRevealRequiresTotp: false,
  version: 4,
  updatedAt: '2026-01-01T00:00:00Z',
};

const partner: DataPartnerFieldsFragment = {
  id: 'p1',
  name: 'Mailer Inc',
  orgNumber: '',
  country: 'US',
  role: 'PROCESSOR',
  purpose: 'Sends newsletters',
  dataCategories: 'Name, e-mail',
  thirdCountryTransfer: true,
  transferSafeguard: 'SCC 2021',
  agreementStatus: 'SIGNED',
  signedOn: '2025-01-15',
  reviewOn: '2026-01-15',
  documentReference: 'D-12',
  notes: '',
  attention: 'REVIEW_OVERDUE',
  version: 2,
  createdAt: '2025-01-15T00:00:00Z',
  updatedAt: '2025-01-15T00:00:00Z',
};

describe('attention labels', () => {
  it('say in words why a partner needs attention, for every value, in both languages', () => {
    const all: PartnerAttention[] = ['MISSING_AGREEMENT', 'EXPIRED_AGREEMENT', 'REVIEW_OVERDUE'];
    expect(Object.keys(ATTENTION_COPY).sort()).toEqual([...all].sort());
    expect(all.map((a) => attentionLabel(a, t))).toEqual(['No agreement', 'Agreement expired', 'Review overdue']);
    expect(all.map((a) => attentionLabel(a, sv))).toEqual(['Avtal saknas', 'Avtalet har gått ut', 'Granskning försenad']);
    for (const a of all) expect(ATTENTION_COPY[a].symbol.trim()).not.toBe('');
  });

  it('is null for a partner in order', () => {
    expect(attentionLabel(null, t)).toBeNull();
    expect(attentionLabel(undefined, t)).toBeNull();
  });

  it('counts and summarises the partners needing attention', () => {
    expect(attentionCount([{ attention: null }, { attention: 'MISSING_AGREEMENT' }, { attention: 'REVIEW_OVERDUE' }])).toBe(2);
    expect(attentionCount([])).toBe(0);
    expect(attentionSummary(0, t)).toBe('All partners are in order.');
    expect(attentionSummary(1, t)).toBe('1 partner needs attention');
    expect(attentionSummary(3, t)).toBe('3 partners need attention');
    expect(attentionSummary(3, sv)).toBe('3 mottagare behöver åtgärdas');
  });

  it('has a label for every authority, role and agreement status', () => {
    for (const a of AUTHORITIES) expect(t(AUTHORITY_LABELS[a])).not.toBe('');
    for (const r of ROLES) expect(t(ROLE_LABELS[r])).not.toBe('');
    for (const s of AGREEMENT_STATUSES) expect(t(AGREEMENT_LABELS[s])).not.toBe('');
    expect(AUTHORITIES).toHaveLength(4);
  });
});

describe('display helpers', () => {
  it('names countries and keeps unknown codes', () => {
    expect(countryName('se', 'en-GB')).toBe('Sweden');
    expect(countryName('SE', 'sv-SE')).toBe('Sverige');
    expect(countryName('Narnia', 'en-GB')).toBe('Narnia');
  });

  it('formats a date without a time zone shift', () => {
    expect(formatNaiveDate('2026-03-01', 'en-GB')).toBe('1 Mar 2026');
    expect(formatNaiveDate('not a date', 'en-GB')).toBe('not a date');
  });

  it('orders partners by name in the UI language', () => {
    expect(partnersByName([{ name: 'Öst' }, { name: 'Zeta' }, { name: 'alfa' }], 'sv-SE').map((p) => p.name)).toEqual([
      'alfa',
      'Zeta',
      'Öst',
    ]);
  });
});

describe('the settings form', () => {
  it('round-trips the stored settings, trimmed', () => {
    const form = { ...settingsToForm(settings), companyName: ' Tillit AB ', address: ' Storgatan 1 \n 111 22 Stockholm \n' };
    expect(toSettingsInput(form)).toEqual({
      companyName: 'Tillit AB',
      orgNumber: '556677-8899',
      address: 'Storgatan 1\n111 22 Stockholm',
      email: 'info@tillit.test',
      phone: '+46 8 123 45 67',
      privacyPolicyUrl: 'https://tillit.test/integritet',
      dpoName: 'Dana Dataskydd',
      dpoEmail: 'dpo@tillit.test',
      supervisoryAuthority: 'IMY',
      bookkeepingRetentionYears: 7,
      auditLogRetentionMonths: 24,
      secretRevealRequiresTotp: false,
    });
    expect(settingsProblems(settingsToForm(settings), t)).toEqual({});
  });

  it('sends the secret-reveal rule as ticked', () => {
    const stored = { ...settings, secretRevealRequiresTotp: true };
    expect(settingsToForm(stored).secretRevealRequiresTotp).toBe(true);
    expect(toSettingsInput({ ...settingsToForm(stored), secretRevealRequiresTotp: false }).secretRevealRequiresTotp).toBe(false);
    expect(toSettingsInput(settingsToForm(stored)).secretRevealRequiresTotp).toBe(true);
  });

  it('checks the name, e-mails, the policy URL and the retention periods before sending', () => {
    const form = {
      ...settingsToForm(settings),
      companyName: ' ',
      email: 'nope',
      dpoEmail: 'also@nope',
      privacyPolicyUrl: 'tillit.test/integritet',
      bookkeepingRetentionYears: '7.5',
      auditLogRetentionMonths: '0',
    };
    expect(settingsProblems(form, t)).toEqual({
      companyName: 'Enter the company name.',
      email: 'Enter an e-mail address, e.g. name@company.com.',
      dpoEmail: 'Enter an e-mail address, e.g. name@company.com.',
      privacyPolicyUrl: 'Enter a full web address starting with https://.',
      bookkeepingRetentionYears: 'Enter a whole number, at least 1.',
      auditLogRetentionMonths: 'Enter a whole number, at least 1.',
    });
    // Empty optional fields are fine.
    expect(settingsProblems({ ...settingsToForm(settings), email: '', dpoEmail: '', privacyPolicyUrl: '' }, t)).toEqual({});
  });

  it('accepts only absolute web addresses as the policy URL', () => {
    expect(isWebUrl('https://abc.example/integritet')).toBe(true);
    expect(isWebUrl('http://abc.example')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('ftp://abc.example')).toBe(false);
    expect(isWebUrl('https://localhost')).toBe(false);
  });

  it('puts the server’s field errors at their fields', () => {
    for (const field of ['privacyPolicyUrl', 'email', 'dpoEmail', 'companyName']) {
      const failure = settingsSaveFailure(error('BAD_USER_INPUT', field, 'Bad value.'), t);
      expect(failure.fields).toEqual({ [field]: 'Bad value.' });
      expect(failure.banner).toBeNull();
      expect(failure.stale).toBe(false);
    }
    expect(settingsSaveFailure(error('BAD_USER_INPUT', 'input.dpoEmail', 'Bad.'), t).fields).toEqual({ dpoEmail: 'Bad.' });
  });

  it('shows an unknown field in the banner, a stale version as a conflict, and FORBIDDEN in words', () => {
    expect(settingsSaveFailure(error('BAD_USER_INPUT', 'somethingElse', 'Odd.'), t).banner).toBe('Odd.');
    expect(settingsSaveFailure(error('CONFLICT', 'expectedVersion'), t)).toEqual({ fields: {}, banner: null, stale: true });
    expect(settingsSaveFailure(error('FORBIDDEN'), t).banner).toMatch(/Manage settings/);
    expect(settingsSaveFailure(null, t)).toEqual({ fields: {}, banner: null, stale: false });
  });
});

describe('the partner form', () => {
  it('round-trips a stored partner', () => {
    expect(toPartnerInput(partnerToForm(partner))).toEqual({
      name: 'Mailer Inc',
      orgNumber: '',
      country: 'US',
      role: 'PROCESSOR',
      purpose: 'Sends newsletters',
      dataCategories: 'Name, e-mail',
      thirdCountryTransfer: true,
      transferSafeguard: 'SCC 2021',
      agreementStatus: 'SIGNED',
      signedOn: '2025-01-15',
      reviewOn: '2026-01-15',
      documentReference: 'D-12',
      notes: '',
    });
  });

  it('sends empty dates as null, the country upper-cased, and no safeguard without a transfer', () => {
    const input = toPartnerInput({ ...EMPTY_PARTNER_FORM, name: ' Post AB ', country: 'se', transferSafeguard: 'left over' });
    expect(input).toMatchObject({
      name: 'Post AB',
      country: 'SE',
      signedOn: null,
      reviewOn: null,
      thirdCountryTransfer: false,
      transferSafeguard: '',
      agreementStatus: 'MISSING',
    });
  });

  it('checks name, country, safeguard and dates before sending', () => {
    expect(partnerProblems({ ...EMPTY_PARTNER_FORM, name: 'A' }, t)).toEqual({});
    expect(
      partnerProblems({ ...EMPTY_PARTNER_FORM, name: '', country: 'Sweden', thirdCountryTransfer: true, transferSafeguard: ' ' }, t),
    ).toEqual({
      name: 'Enter a name.',
      country: 'Enter a two-letter country code, e.g. SE.',
      transferSafeguard: 'Enter the safeguard that covers the transfer.',
    });
    expect(partnerProblems({ ...EMPTY_PARTNER_FORM, name: 'A', signedOn: '2026-02-01', reviewOn: '2026-01-01' }, t)).toEqual({
      reviewOn: 'The review date cannot be before the date the agreement was signed.',
    });
    expect(partnerProblems({ ...EMPTY_PARTNER_FORM, name: 'A', signedOn: '1/2/2026' }, t)).toEqual({ signedOn: 'Enter a date.' });
  });

  it('puts the server’s field errors at their fields', () => {
    for (const field of ['name', 'country', 'transferSafeguard', 'signedOn', 'reviewOn']) {
      expect(partnerSaveFailure(error('BAD_USER_INPUT', field, 'Bad.'), t).fields).toEqual({ [field]: 'Bad.' });
    }
    expect(partnerSaveFailure(error('CONFLICT', 'expectedVersion'), t).stale).toBe(true);
    expect(partnerSaveFailure(error('NOT_FOUND'), t).banner).toBe('The partner no longer exists. Close this and reload the page.');
    expect(partnerSaveFailure(error('INTERNAL'), t).banner).toBe(t('error.INTERNAL'));
  });

  it('explains a failed delete', () => {
    expect(partnerDeleteFailure(error('NOT_FOUND'), 'X', t)).toBe('The partner no longer exists. Close this and reload the page.');
    expect(partnerDeleteFailure(error('INTERNAL'), 'X', t)).toBe('The partner X could not be deleted. Try again.');
    expect(partnerDeleteFailure(error('FORBIDDEN'), 'X', t)).toMatch(/Manage settings/);
  });
});
