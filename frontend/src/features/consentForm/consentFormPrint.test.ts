import { describe, expect, it } from 'vitest';
import {
  BLANK_SIGNATURES,
  consentFormPdfUrl,
  formLangFrom,
  fromFormLanguage,
  groupedHash,
  shortHash,
  signatureSlots,
  toFormLanguage,
} from './consentFormPrint';

const HASH = '3F9A0C12D4E5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f';

describe('the declaration hash', () => {
  it('is shortened to its first twelve characters, lower case', () => {
    expect(shortHash(HASH)).toBe('3f9a0c12d4e5');
    expect(shortHash(HASH, 8)).toBe('3f9a0c12');
    expect(shortHash(' ab cd ')).toBe('abcd');
    expect(shortHash('abc', 0)).toBe('a');
  });

  it('is printed in full in groups of eight', () => {
    const grouped = groupedHash(HASH);
    expect(grouped.split(' ')).toHaveLength(8);
    expect(grouped.replace(/ /g, '')).toBe(HASH.toLowerCase());
    expect(groupedHash('')).toBe('');
  });
});

describe('the form language', () => {
  it('maps between UI and API languages', () => {
    expect(toFormLanguage('sv')).toBe('SV');
    expect(toFormLanguage('en')).toBe('EN');
    expect(fromFormLanguage('SV')).toBe('sv');
    expect(fromFormLanguage('EN')).toBe('en');
  });

  it('comes from ?lang= or else the UI language', () => {
    expect(formLangFrom('EN', 'sv')).toBe('en');
    expect(formLangFrom('sv', 'en')).toBe('sv');
    expect(formLangFrom('de', 'sv')).toBe('sv');
    expect(formLangFrom(null, 'en')).toBe('en');
  });
});

describe('signature blocks', () => {
  it('are one per contact name, or two empty ones on a blank form', () => {
    expect(signatureSlots(['Anna', ' Björn '])).toEqual(['Anna', 'Björn']);
    expect(signatureSlots(null)).toEqual([null, null]);
    expect(signatureSlots([])).toHaveLength(BLANK_SIGNATURES);
    expect(signatureSlots(['  '])).toEqual([null, null]);
  });
});

describe('the PDF address', () => {
  it('points at the customer\'s form or the blank one, in the form language', () => {
    expect(consentFormPdfUrl('0192f7a0-1111-7000-8000-000000000001', 'en')).toBe(
      '/customers/0192f7a0-1111-7000-8000-000000000001/consent-form.pdf?lang=en',
    );
    expect(consentFormPdfUrl(null, 'sv')).toBe('/consent-form.pdf?lang=sv');
    expect(consentFormPdfUrl('a/b', 'sv')).toBe('/customers/a%2Fb/consent-form.pdf?lang=sv');
  });
});
