import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import { customerTitle } from './labels';

describe('customerTitle', () => {
  it('names an anonymized customer by its number, in the UI language', () => {
    const anonymized = { displayName: 'Anonymized customer 10234', state: 'ANONYMIZED' as const, number: 10234 };
    expect(customerTitle(anonymized, makeT('en'))).toBe('Anonymized customer 10234');
    expect(customerTitle(anonymized, makeT('sv'))).toBe('Anonymiserad kund 10234');
  });

  it('shows everyone else by their name', () => {
    expect(customerTitle({ displayName: 'Åsa Öberg', state: 'ACTIVE', number: 7 }, makeT('sv'))).toBe('Åsa Öberg');
    expect(customerTitle({ displayName: 'Fjord ApS', state: 'ARCHIVED', number: 8 }, makeT('en'))).toBe('Fjord ApS');
  });
});
