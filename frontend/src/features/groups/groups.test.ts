import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import {
  byName,
  canAssignGroup,
  deleteFailureMessage,
  EMPTY_GROUP_FORM,
  grantableRights,
  groupProblems,
  groupSaveFailure,
  groupToForm,
  rightsSummary,
  toGroupInput,
  toggleId,
} from './groups';
import { RIGHTS } from './rights';

const t = makeT('en');
const error = (code: string, message = 'x', field?: string) => ({
  graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
});

describe('the group form', () => {
  it('sends a trimmed name, a blank description as null and the rights in order', () => {
    expect(toGroupInput({ name: ' Kundtjänst ', description: '  ', rights: ['READ_AUDIT_LOG', 'READ_CUSTOMERS'] })).toEqual({
      name: 'Kundtjänst',
      description: null,
      rights: ['READ_CUSTOMERS', 'READ_AUDIT_LOG'],
    });
  });

  it('starts an edit from the stored group', () => {
    expect(groupToForm({ name: 'Ekonomi', description: null, rights: ['RUN_BACKUPS', 'READ_CUSTOMERS'] })).toEqual({
      name: 'Ekonomi',
      description: '',
      rights: ['READ_CUSTOMERS', 'RUN_BACKUPS'],
    });
  });

  it('asks for a name before sending', () => {
    expect(groupProblems(EMPTY_GROUP_FORM, t)).toEqual({ name: 'Enter a name.' });
    expect(groupProblems({ ...EMPTY_GROUP_FORM, name: 'x' }, t)).toEqual({});
  });
});

describe('grantableRights', () => {
  it('lets administrators grant everything', () => {
    expect([...grantableRights({ isAdmin: true, rights: [] }, [])]).toEqual(RIGHTS);
  });

  it('lets others grant what they hold, and keep what the group has', () => {
    const viewer = { isAdmin: false, rights: ['MANAGE_USERS', 'READ_CUSTOMERS'] as const };
    expect([...grantableRights(viewer, [])]).toEqual(['READ_CUSTOMERS', 'MANAGE_USERS']);
    expect([...grantableRights(viewer, ['RUN_BACKUPS'])]).toEqual(['READ_CUSTOMERS', 'MANAGE_USERS', 'RUN_BACKUPS']);
  });
});

describe('groupSaveFailure', () => {
  it('puts field errors at their fields', () => {
    expect(groupSaveFailure(error('BAD_USER_INPUT', 'is too long', 'input.name'), t)).toEqual({
      fields: { name: 'is too long' },
      banner: null,
      stale: false,
    });
  });

  it('reads a CONFLICT on the name as a taken name', () => {
    expect(groupSaveFailure(error('CONFLICT', 'name taken', 'name'), t)).toEqual({
      fields: { name: 'There is already a group with this name.' },
      banner: null,
      stale: false,
    });
  });

  it('reads any other CONFLICT as a change by someone else', () => {
    expect(groupSaveFailure(error('CONFLICT', 'stale', 'expectedVersion'), t).stale).toBe(true);
    expect(groupSaveFailure(error('CONFLICT'), t).stale).toBe(true);
  });

  it('explains FORBIDDEN by the rule, and the rest by its code', () => {
    expect(groupSaveFailure(error('FORBIDDEN'), t).banner).toMatch(/rights you hold yourself/);
    expect(groupSaveFailure(error('INTERNAL'), t).banner).toBe(t('error.INTERNAL'));
    expect(groupSaveFailure(null, t)).toEqual({ fields: {}, banner: null, stale: false });
  });
});

describe('deleteFailureMessage', () => {
  it('says clearly that a group restricting customers cannot be deleted', () => {
    expect(deleteFailureMessage(error('CONFLICT', 'restricts customers', 'id'), 'Ekonomi', t)).toBe(
      'The group Ekonomi cannot be deleted because customers are still restricted to it. First remove the group under Access on those customer cards.',
    );
    expect(deleteFailureMessage(error('CONFLICT'), 'Ekonomi', makeT('sv'))).toMatch(/^Gruppen Ekonomi kan inte tas bort/);
  });

  it('handles a group that is gone, and anything else by its code', () => {
    expect(deleteFailureMessage(error('NOT_FOUND'), 'x', t)).toBe(t('groups.notFound'));
    expect(deleteFailureMessage(error('FORBIDDEN'), 'x', t)).toBe(t('error.FORBIDDEN'));
  });
});

describe('canAssignGroup', () => {
  const manager = { isAdmin: false, rights: ['MANAGE_USERS', 'READ_CUSTOMERS'] as const };

  it('lets a user manager add people only to groups whose rights they hold', () => {
    expect(canAssignGroup(manager, ['READ_CUSTOMERS'], false)).toBe(true);
    expect(canAssignGroup(manager, [], false)).toBe(true);
    expect(canAssignGroup(manager, ['READ_CUSTOMERS', 'RUN_BACKUPS'], false)).toBe(false);
  });

  it('always offers to take someone out, and lets administrators do anything', () => {
    expect(canAssignGroup(manager, ['RUN_BACKUPS'], true)).toBe(true);
    expect(canAssignGroup({ isAdmin: true, rights: [] }, ['RUN_BACKUPS'], false)).toBe(true);
  });
});

describe('small helpers', () => {
  it('summarises rights in words', () => {
    expect(rightsSummary(['READ_AUDIT_LOG', 'READ_CUSTOMERS'], t)).toBe('Read customers, Read the access log');
    expect(rightsSummary([], t)).toBeNull();
  });

  it('toggles ids without duplicates', () => {
    expect(toggleId(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggleId(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
    expect(toggleId(['a', 'b'], 'a', false)).toEqual(['b']);
  });

  it('sorts names the way the language does', () => {
    const names = [{ name: 'Ödla' }, { name: 'alfa' }, { name: 'Zeta' }];
    expect(byName(names, 'sv-SE').map((n) => n.name)).toEqual(['alfa', 'Zeta', 'Ödla']);
  });
});
