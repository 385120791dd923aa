import { describe, expect, it } from 'vitest';
import {
  addDays,
  choosePurpose,
  contactListLink,
  contactListPath,
  EMPTY_CONTACT_LIST_FILTER,
  expiringSoonShortcut,
  filterFromParams,
  filterToParams,
  outdatedShortcut,
  sameFilter,
  toContactFilter,
  type ContactListValues,
} from './contactListFilter';

const full: ContactListValues = { purpose: 'marketing_email', status: 'OUTDATED', expiringBefore: '2026-03-31' };

const purposes = [
  { id: 'p-1', key: 'marketing_email' },
  { id: 'p-2', key: 'newsletter_post' },
];

describe('filter <-> URL', () => {
  it('round-trips every field, in a fixed order', () => {
    const params = filterToParams(full);
    expect(params.toString()).toBe('purpose=marketing_email&status=OUTDATED&expiringBefore=2026-03-31');
    expect(filterFromParams(params)).toEqual(full);
  });

  it('leaves out what is not set; an empty filter is an empty query', () => {
    expect(filterToParams(EMPTY_CONTACT_LIST_FILTER).toString()).toBe('');
    expect(filterToParams({ ...EMPTY_CONTACT_LIST_FILTER, status: 'EXPIRED' }).toString()).toBe('status=EXPIRED');
    expect(filterToParams({ ...EMPTY_CONTACT_LIST_FILTER, purpose: ' sms ' }).toString()).toBe('purpose=sms');
    expect(filterFromParams(new URLSearchParams())).toEqual(EMPTY_CONTACT_LIST_FILTER);
  });

  it('ignores what it cannot read in the URL', () => {
    const params = new URLSearchParams('purpose=Not%20a%20key&status=MAYBE&expiringBefore=2026-02-30&other=1');
    expect(filterFromParams(params)).toEqual(EMPTY_CONTACT_LIST_FILTER);
    expect(filterFromParams(new URLSearchParams('status=granted'))).toEqual(EMPTY_CONTACT_LIST_FILTER);
    expect(filterFromParams(new URLSearchParams('purpose=%20sms%20&status=%20DENIED'))).toEqual({
      ...EMPTY_CONTACT_LIST_FILTER,
      purpose: 'sms',
      status: 'DENIED',
    });
  });

  it('builds the report address, with the anchor of the list for links from elsewhere', () => {
    expect(contactListPath(EMPTY_CONTACT_LIST_FILTER)).toBe('/reports/consents');
    expect(contactListPath(outdatedShortcut('sms'))).toBe('/reports/consents?purpose=sms&status=OUTDATED');
    expect(contactListLink({ purpose: 'sms', status: 'NOT_ASKED', expiringBefore: '' })).toBe(
      '/reports/consents?purpose=sms&status=NOT_ASKED#contact-list',
    );
  });
});

describe('the purpose', () => {
  it('is the one the URL names, else the first active one', () => {
    expect(choosePurpose(purposes, 'newsletter_post')).toEqual({ purpose: purposes[1], unknown: false });
    expect(choosePurpose(purposes, '')).toEqual({ purpose: purposes[0], unknown: false });
  });

  it('falls back to the first one, and says so, for a key that is not active', () => {
    expect(choosePurpose(purposes, 'gone')).toEqual({ purpose: purposes[0], unknown: true });
  });

  it('is nothing without purposes', () => {
    expect(choosePurpose([], '')).toEqual({ purpose: null, unknown: false });
    expect(choosePurpose([], 'sms')).toEqual({ purpose: null, unknown: true });
  });
});

describe('toContactFilter', () => {
  it('sends the purpose id, the status, and the day after "expiring before" (the day is included)', () => {
    expect(toContactFilter(full, 'p-1')).toEqual({
      purposeId: 'p-1',
      status: 'OUTDATED',
      expiringBefore: new Date(2026, 3, 1).toISOString(),
    });
  });

  it('sends only the purpose for an empty filter', () => {
    expect(toContactFilter(EMPTY_CONTACT_LIST_FILTER, 'p-2')).toEqual({ purposeId: 'p-2' });
  });

  it('includes a consent valid until the end of the chosen day', () => {
    // The consent screen stores "valid until 31 March" as 23:59:59 local time that day.
    const validUntil = new Date(2026, 2, 31, 23, 59, 59).toISOString();
    const bound = toContactFilter(full, 'p-1').expiringBefore;
    expect(typeof bound).toBe('string');
    expect(Date.parse(validUntil)).toBeLessThan(Date.parse(bound ?? ''));
  });
});

describe('shortcuts', () => {
  it('outdated consents of the purpose shown', () => {
    expect(outdatedShortcut('sms')).toEqual({ purpose: 'sms', status: 'OUTDATED', expiringBefore: '' });
  });

  it('expiring within 30 days, over month and year ends', () => {
    expect(expiringSoonShortcut('sms', '2026-01-15')).toEqual({ purpose: 'sms', status: '', expiringBefore: '2026-02-14' });
    expect(expiringSoonShortcut('sms', '2026-12-15').expiringBefore).toBe('2027-01-14');
  });

  it('know when they are the filter shown (no purpose means the first one)', () => {
    const shown = { ...EMPTY_CONTACT_LIST_FILTER, status: 'OUTDATED' as const };
    expect(sameFilter(shown, outdatedShortcut('marketing_email'), 'marketing_email')).toBe(true);
    expect(sameFilter(shown, outdatedShortcut('newsletter_post'), 'marketing_email')).toBe(false);
    expect(sameFilter(full, outdatedShortcut('marketing_email'), 'marketing_email')).toBe(false);
  });
});

describe('addDays', () => {
  it('counts calendar days, across leap days and daylight saving changes', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-10-25', -29)).toBe('2026-09-26');
  });
});
