import { describe, expect, it } from 'vitest';
import { hasRight } from './rights';

describe('hasRight', () => {
  it('is true only for a right the viewer holds', () => {
    const staff = { isAdmin: false, rights: ['READ_CUSTOMERS', 'READ_AUDIT_LOG'] as const };
    expect(hasRight(staff, 'READ_AUDIT_LOG')).toBe(true);
    expect(hasRight(staff, 'READ_CUSTOMERS')).toBe(true);
    expect(hasRight(staff, 'MANAGE_USERS')).toBe(false);
  });

  it('denies by default: no rights, no viewer', () => {
    expect(hasRight({ isAdmin: false, rights: [] }, 'READ_CUSTOMERS')).toBe(false);
    expect(hasRight(null, 'READ_CUSTOMERS')).toBe(false);
    expect(hasRight(undefined, 'READ_CUSTOMERS')).toBe(false);
  });

  it('gives administrators every right, even if the list were short', () => {
    expect(hasRight({ isAdmin: true, rights: [] }, 'RUN_BACKUPS')).toBe(true);
  });
});
