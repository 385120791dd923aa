import { describe, expect, it } from 'vitest';
import type { Right } from '../../gql/graphql';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { RIGHT_COPY, RIGHTS, sortRights, toggleRight } from './rights';

// The contract's `enum Right`, in its order. `RIGHT_COPY` is a `Record<Right, …>`, so the type
// checker already refuses a missing or unknown value; this keeps the order and the words honest.
const CONTRACT: readonly Right[] = [
  'READ_CUSTOMERS',
  'EDIT_CUSTOMERS',
  'EDIT_CONSENTS',
  'ANONYMIZE',
  'READ_SECRETS',
  'MANAGE_SECRETS',
  'EXPORT_PERSONAL_DATA',
  'READ_AUDIT_LOG',
  'MANAGE_SETTINGS',
  'MANAGE_USERS',
  'MANAGE_API_KEYS',
  'RUN_BACKUPS',
];

describe('rights', () => {
  it('lists every right of the contract once, in its order', () => {
    expect(RIGHTS).toEqual(CONTRACT);
  });

  it('has a label and a one-line explanation for every right in both languages', () => {
    for (const dict of [sv, en]) {
      const labels = RIGHTS.map((r) => dict[RIGHT_COPY[r].label]);
      const hints = RIGHTS.map((r) => dict[RIGHT_COPY[r].hint]);
      for (const text of [...labels, ...hints]) {
        expect(text.trim()).not.toBe('');
        expect(text).not.toMatch(/[{}\n]/);
      }
      // Two rights with the same label could not be told apart in the form.
      expect(new Set(labels).size).toBe(RIGHTS.length);
      for (const [i, hint] of hints.entries()) expect(hint).not.toBe(labels[i]);
    }
  });

  it('keeps the canonical order and no duplicates when ticking and unticking', () => {
    expect(sortRights(['RUN_BACKUPS', 'READ_CUSTOMERS', 'READ_CUSTOMERS'])).toEqual(['READ_CUSTOMERS', 'RUN_BACKUPS']);
    expect(toggleRight(['READ_AUDIT_LOG'], 'READ_CUSTOMERS', true)).toEqual(['READ_CUSTOMERS', 'READ_AUDIT_LOG']);
    expect(toggleRight(['READ_CUSTOMERS', 'READ_AUDIT_LOG'], 'READ_CUSTOMERS', false)).toEqual(['READ_AUDIT_LOG']);
    expect(toggleRight(['READ_CUSTOMERS'], 'READ_CUSTOMERS', true)).toEqual(['READ_CUSTOMERS']);
  });
});
