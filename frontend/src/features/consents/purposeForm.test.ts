import { describe, expect, it } from 'vitest';
import type { ConsentPurposeFieldsFragment } from '../../gql/graphql';
import { makeT } from '../../i18n/translate';
import {
  declarationProblem,
  emptyPurposeForm,
  purposeProblems,
  purposeSaveFailure,
  purposeToForm,
  toPurposeInput,
} from './purposeForm';

const t = makeT('en');
const error = (code: string, field?: string, message = 'x') => ({
  graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
});

const stored: ConsentPurposeFieldsFragment = {
  id: 'p1',
  key: 'marketing_email',
  nameSv: 'Marknadsföring via e-post',
  nameEn: 'Marketing e-mail',
  descriptionSv: '',
  descriptionEn: 'Offers by e-mail',
  channel: 'EMAIL',
  requiresOptIn: true,
  active: true,
  sortOrder: 10,
  version: 3,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('the purpose form', () => {
  it('starts a new purpose after the existing ones', () => {
    expect(emptyPurposeForm([]).sortOrder).toBe('10');
    expect(emptyPurposeForm([{ sortOrder: 10 }, { sortOrder: 40 }]).sortOrder).toBe('50');
    expect(emptyPurposeForm([]).requiresOptIn).toBe(true);
  });

  it('round-trips a stored purpose, trimmed', () => {
    const form = { ...purposeToForm(stored), nameEn: ' Marketing e-mail ', sortOrder: ' 20 ' };
    expect(toPurposeInput(form)).toEqual({
      key: 'marketing_email',
      nameSv: 'Marknadsföring via e-post',
      nameEn: 'Marketing e-mail',
      descriptionSv: '',
      descriptionEn: 'Offers by e-mail',
      channel: 'EMAIL',
      requiresOptIn: true,
      active: true,
      sortOrder: 20,
    });
  });

  it('checks the key, both names and the sort order before sending', () => {
    expect(purposeProblems(emptyPurposeForm([]), t)).toEqual({
      key: 'Enter a key.',
      nameSv: 'Enter a name.',
      nameEn: 'Enter a name.',
    });
    const form = purposeToForm(stored);
    expect(purposeProblems(form, t)).toEqual({});
    expect(purposeProblems({ ...form, key: 'Marketing-Email' }, t).key).toMatch(/lower-case/);
    expect(purposeProblems({ ...form, sortOrder: '1.5' }, t).sortOrder).toBe('Enter a whole number.');
    expect(purposeProblems({ ...form, sortOrder: '99999999999' }, t).sortOrder).toBe('Enter a whole number.');
    expect(purposeProblems({ ...form, sortOrder: '-5' }, t)).toEqual({});
  });
});

describe('purposeSaveFailure', () => {
  it('puts field errors at their fields', () => {
    expect(purposeSaveFailure(error('BAD_USER_INPUT', 'input.nameSv', 'is too long'), 'new', t)).toEqual({
      fields: { nameSv: 'is too long' },
      banner: null,
      stale: false,
    });
  });

  it('reads a CONFLICT on the key as taken (new) or fixed (edit)', () => {
    expect(purposeSaveFailure(error('CONFLICT', 'key'), 'new', t).fields.key).toBe('Another purpose already uses this key.');
    const edit = purposeSaveFailure(error('CONFLICT', 'input.key'), 'edit', t);
    expect(edit.fields.key).toMatch(/^The key cannot be changed/);
    expect(edit.stale).toBe(false);
  });

  it('reads any other CONFLICT as a change by someone else', () => {
    expect(purposeSaveFailure(error('CONFLICT', 'expectedVersion'), 'edit', t).stale).toBe(true);
    expect(purposeSaveFailure(error('CONFLICT'), 'edit', t).stale).toBe(true);
  });

  it('explains FORBIDDEN and NOT_FOUND, and says nothing without an error', () => {
    expect(purposeSaveFailure(error('FORBIDDEN'), 'new', t).banner).toMatch(/Manage settings/);
    expect(purposeSaveFailure(error('NOT_FOUND'), 'edit', t).banner).toMatch(/no longer exists/);
    expect(purposeSaveFailure(null, 'new', t)).toEqual({ fields: {}, banner: null, stale: false });
  });
});

describe('declarationProblem', () => {
  it('wants a text that differs from the version in force and fits', () => {
    expect(declarationProblem('  ', 'v1', t)).toBe('Write the text of the declaration.');
    expect(declarationProblem(' v1 \n', 'v1', t)).toMatch(/same as the version in force/);
    expect(declarationProblem('v2', 'v1', t)).toBeNull();
    expect(declarationProblem('first', null, t)).toBeNull();
    expect(declarationProblem('x'.repeat(20001), 'v1', t)).toMatch(/at most 20000/);
  });
});
