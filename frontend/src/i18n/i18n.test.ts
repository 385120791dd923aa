import { describe, expect, it } from 'vitest';
import { en } from './en';
import { sv, type Messages } from './sv';
import { detectLanguage, dictionaries, interpolate, makeT } from './translate';

describe('dictionaries', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });

  it('have no empty strings and use the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(sv) as (keyof Messages)[]) {
      expect(sv[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(sv[key]));
    }
  });

  it('is enforced by the type checker too', () => {
    // @ts-expect-error a dictionary with a missing key is not a `Messages`
    const missing: Messages = { 'app.name': 'Tillit' };
    // @ts-expect-error an unknown key is not allowed either
    const extra: Messages = { ...en, 'no.such.key': 'x' };
    expect(missing).toBeDefined();
    expect(extra).toBeDefined();
  });

  it('speak real Swedish for the words staff use every day', () => {
    expect(sv['nav.customers']).toBe('Kunder');
    expect(sv['customers.search.label']).toBe('Sök kund');
    expect(sv['customers.new']).toBe('Ny kund');
    expect(sv['kind.PRIVATE']).toBe('Privatperson');
    expect(sv['kind.BUSINESS']).toBe('Företag');
    expect(sv['customer.field.personalIdentityNumber']).toBe('Personnummer');
    expect(sv['customer.field.orgNumber']).toBe('Organisationsnummer');
    expect(sv['auth.email']).toBe('E-post');
    expect(sv['auth.password']).toBe('Lösenord');
    expect(sv['user.logout']).toBe('Logga ut');
    expect(en['auth.email']).toBe('E-mail');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones alone', () => {
    expect(interpolate('Kundnr {number}', { number: 1024 })).toBe('Kundnr 1024');
    expect(interpolate('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(interpolate('plain')).toBe('plain');
  });

  it('looks up the chosen language', () => {
    expect(makeT('sv')('customers.noResults', { q: 'bjorn' })).toBe('Inga kunder matchar ”bjorn”.');
    expect(makeT('en')('customers.noResults', { q: 'bjorn' })).toBe('No customers match “bjorn”.');
    expect(dictionaries.sv).toBe(sv);
  });
});

describe('detectLanguage', () => {
  it('prefers a remembered choice', () => {
    expect(detectLanguage('sv', ['en-US'])).toBe('sv');
    expect(detectLanguage('en', ['sv-SE'])).toBe('en');
  });

  it('ignores a remembered value that is not a language we speak', () => {
    expect(detectLanguage('de', ['sv-SE'])).toBe('sv');
    expect(detectLanguage('', ['sv'])).toBe('sv');
    expect(detectLanguage(null, ['sv'])).toBe('sv');
  });

  it('takes the first preferred browser language we speak, by primary subtag', () => {
    expect(detectLanguage(null, ['sv-SE', 'en-US'])).toBe('sv');
    expect(detectLanguage(null, ['en-GB', 'sv'])).toBe('en');
    expect(detectLanguage(null, ['de-DE', 'sv-FI', 'en'])).toBe('sv');
    expect(detectLanguage(undefined, ['SV_se'])).toBe('sv');
  });

  it('falls back to English', () => {
    expect(detectLanguage(null, [])).toBe('en');
    expect(detectLanguage(null, ['fi-FI', 'de'])).toBe('en');
  });
});
