import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import {
  actorLabel,
  auditPathForCustomer,
  EMPTY_AUDIT_FILTER,
  filterFromParams,
  filterProblems,
  filterToParams,
  formatDetails,
  isDate,
  isFiltered,
  OUTCOMES,
  OUTCOME_LABELS,
  toAuditFilter,
  type AuditFilterValues,
} from './auditFilter';

const t = makeT('en');
const full: AuditFilterValues = {
  userId: 'u-1',
  customerId: 'c-1',
  action: 'customer.',
  outcome: 'DENIED',
  from: '2025-11-01',
  to: '2025-11-30',
};

describe('filter <-> URL', () => {
  it('round-trips every field', () => {
    const params = filterToParams(full);
    expect(params.toString()).toBe('userId=u-1&customerId=c-1&action=customer.&outcome=DENIED&from=2025-11-01&to=2025-11-30');
    expect(filterFromParams(params)).toEqual(full);
  });

  it('leaves out what is not set, and an empty filter is an empty query', () => {
    expect(filterToParams({ ...EMPTY_AUDIT_FILTER, action: '  auth.login ' }).toString()).toBe('action=auth.login');
    expect(filterToParams(EMPTY_AUDIT_FILTER).toString()).toBe('');
    expect(filterFromParams(new URLSearchParams())).toEqual(EMPTY_AUDIT_FILTER);
    expect(isFiltered(EMPTY_AUDIT_FILTER)).toBe(false);
    expect(isFiltered({ ...EMPTY_AUDIT_FILTER, outcome: 'SUCCESS' })).toBe(true);
  });

  it('reads ?customerId= as the customer card links it', () => {
    expect(auditPathForCustomer('0193-ab')).toBe('/admin/audit?customerId=0193-ab');
    const [, query = ''] = auditPathForCustomer('a b&c').split('?');
    expect(filterFromParams(new URLSearchParams(query)).customerId).toBe('a b&c');
  });

  it('ignores what it cannot read in the URL', () => {
    const params = new URLSearchParams('outcome=MAYBE&from=2025-02-30&to=yesterday&userId=%20u-2%20&other=1');
    expect(filterFromParams(params)).toEqual({ ...EMPTY_AUDIT_FILTER, userId: 'u-2' });
  });
});

describe('toAuditFilter', () => {
  it('sends whole local days: from midnight, to the next midnight (exclusive)', () => {
    expect(toAuditFilter(full)).toEqual({
      userId: 'u-1',
      customerId: 'c-1',
      action: 'customer.',
      outcome: 'DENIED',
      from: new Date(2025, 10, 1).toISOString(),
      to: new Date(2025, 11, 1).toISOString(),
    });
  });

  it('sends nothing for an empty filter', () => {
    expect(toAuditFilter(EMPTY_AUDIT_FILTER)).toEqual({});
  });
});

describe('checks', () => {
  it('knows real dates', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2025-1-1')).toBe(false);
    expect(isDate('')).toBe(false);
  });

  it('refuses a period that ends before it starts', () => {
    expect(filterProblems({ ...full, from: '2025-12-01' }, t)).toEqual({ to: 'The end date is before the start date.' });
    expect(filterProblems({ ...full, from: '2025-11-30' }, t)).toEqual({});
    expect(filterProblems({ ...full, to: '' }, t)).toEqual({});
  });
});

describe('display', () => {
  it('formats details as indented JSON', () => {
    expect(formatDetails({ count: 2, ids: ['a'] })).toBe('{\n  "count": 2,\n  "ids": [\n    "a"\n  ]\n}');
    expect(formatDetails(null)).toBeNull();
    expect(formatDetails(undefined)).toBeNull();
  });

  it('names the actor, or says what kind of actor it was', () => {
    expect(actorLabel({ actorKind: 'user', actorName: 'Maja Lind' }, t)).toBe('Maja Lind');
    expect(actorLabel({ actorKind: 'user', actorName: null }, t)).toBe('Removed user');
    expect(actorLabel({ actorKind: 'anonymous' }, t)).toBe('Not signed in');
    expect(actorLabel({ actorKind: 'system' }, makeT('sv'))).toBe('Systemet');
    expect(actorLabel({ actorKind: 'webhook' }, t)).toBe('webhook');
  });

  it('labels every outcome in words', () => {
    expect(OUTCOMES).toEqual(['SUCCESS', 'FAILURE', 'DENIED']);
    expect(OUTCOMES.map((o) => t(OUTCOME_LABELS[o]))).toEqual(['Success', 'Failed', 'Denied']);
  });
});
