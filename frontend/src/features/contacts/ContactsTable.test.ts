import { describe, expect, it } from 'vitest';
import { groupRuns, type ContactColumn } from './ContactsTable';

const col = (id: string, group?: string): ContactColumn => ({ id, header: id, group, render: () => null });

describe('groupRuns', () => {
  it('spans consecutive columns of the same group (room for the consent columns)', () => {
    const columns = [col('name'), col('email'), col('mail', 'Consent'), col('sms', 'Consent'), col('externalId')];
    expect(groupRuns(columns)).toEqual([
      { key: 'name', label: undefined, span: 2 },
      { key: 'mail', label: 'Consent', span: 2 },
      { key: 'externalId', label: undefined, span: 1 },
    ]);
  });
});
