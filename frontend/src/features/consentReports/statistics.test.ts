import { describe, expect, it } from 'vitest';
import { CONSENT_STATUSES } from '../consents/labels';
import { statusCount } from './statistics';

describe('statusCount', () => {
  it('reads the count of every status', () => {
    const row = { granted: 1, withdrawn: 2, denied: 3, notAsked: 4, outdated: 5, expired: 6 };
    expect(CONSENT_STATUSES.map((s) => statusCount(row, s))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
