import { describe, expect, it } from 'vitest';
import { accessChoices, losesAccess, ownGroupIds } from './access';

const ME = 'u-me';
const cs = { id: 'g-cs', name: 'Kundtjänst', description: 'Front line', members: [{ id: ME }, { id: 'u-2' }] };
const groups = [cs, { id: 'g-fin', name: 'Ekonomi', description: null, members: [{ id: 'u-2' }] }];
const admin = { id: ME, isAdmin: true, rights: [] };
const manager = { id: ME, isAdmin: false, rights: ['MANAGE_USERS', 'EDIT_CUSTOMERS'] as const };
const editor = { id: ME, isAdmin: false, rights: ['READ_CUSTOMERS', 'EDIT_CUSTOMERS'] as const };

describe('ownGroupIds', () => {
  it('reads membership from the members when the viewer sees every group', () => {
    expect([...ownGroupIds(groups, manager)]).toEqual(['g-cs']);
    expect([...ownGroupIds(groups, admin)]).toEqual(['g-cs']);
  });

  it('takes every listed group as the viewer’s own otherwise (the server lists only those)', () => {
    expect([...ownGroupIds([{ id: 'g-x', name: 'X', members: [] }], editor)]).toEqual(['g-x']);
  });
});

describe('accessChoices', () => {
  it('offers administrators every group, by name', () => {
    expect(accessChoices(groups, [], admin, 'sv-SE')).toEqual([
      { id: 'g-fin', name: 'Ekonomi', description: null, locked: false },
      { id: 'g-cs', name: 'Kundtjänst', description: 'Front line', locked: false },
    ]);
  });

  it('locks the groups a non-administrator is not in', () => {
    const choices = accessChoices(groups, [], manager, 'sv-SE');
    expect(choices.map((c) => [c.id, c.locked])).toEqual([
      ['g-fin', true],
      ['g-cs', false],
    ]);
  });

  it('shows, locked, a restricting group the viewer cannot list', () => {
    const choices = accessChoices([cs], [{ id: 'g-hr', name: 'HR' }, { id: 'g-cs', name: 'Kundtjänst' }], editor, 'sv-SE');
    expect(choices).toEqual([
      { id: 'g-hr', name: 'HR', description: null, locked: true },
      { id: 'g-cs', name: 'Kundtjänst', description: 'Front line', locked: false },
    ]);
  });
});

describe('losesAccess', () => {
  const own = new Set(['g-cs']);
  it('warns when the customer would be restricted to groups the viewer is not in', () => {
    expect(losesAccess(['g-fin'], own, manager)).toBe(true);
    expect(losesAccess(['g-fin', 'g-cs'], own, manager)).toBe(false);
    expect(losesAccess([], own, manager)).toBe(false);
    expect(losesAccess(['g-fin'], own, admin)).toBe(false);
  });
});
