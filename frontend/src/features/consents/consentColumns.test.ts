import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import { groupRuns } from '../contacts/ContactsTable';
import { consentColumns, consentHistoryPath, consentsPath } from './consentColumns';

const purposes = [
  { id: 'p1', key: 'marketing_email', nameSv: 'Marknadsföring via e-post', nameEn: 'Marketing e-mail' },
  { id: 'p2', key: 'sms', nameSv: 'Sms', nameEn: 'SMS' },
];

describe('consentColumns', () => {
  it('makes one "Communication consent" column per purpose, named in the UI language', () => {
    const en = consentColumns(purposes, makeT('en'), 'en');
    expect(en.map((c) => c.header)).toEqual(['Marketing e-mail', 'SMS']);
    expect(groupRuns(en)).toEqual([{ key: 'consent:p1', label: 'Communication consent', span: 2 }]);
    const sv = consentColumns(purposes, makeT('sv'), 'sv');
    expect(sv.map((c) => c.header)).toEqual(['Marknadsföring via e-post', 'Sms']);
    expect(consentColumns([], makeT('en'), 'en')).toEqual([]);
  });

  it('links to the consent screen and a contact’s history', () => {
    expect(consentsPath('c1')).toBe('/customers/c1/consents');
    expect(consentHistoryPath('c1', 'k 2')).toBe('/customers/c1/contacts/k%202/consent-history');
  });
});
