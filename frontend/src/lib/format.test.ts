import { describe, expect, it } from 'vitest';
import { formatDate, formatPhone, telHref } from './format';

describe('formatPhone', () => {
  it('groups Swedish mobiles after a 2-digit prefix', () => {
    expect(formatPhone('+46701234567')).toBe('+46 70 123 45 67');
    expect(formatPhone('+46761234567')).toBe('+46 76 123 45 67');
  });

  it('groups Stockholm numbers after the 1-digit area code 8', () => {
    expect(formatPhone('+46812345678')).toBe('+46 8 123 456 78');
    expect(formatPhone('+4681234567')).toBe('+46 8 123 45 67');
    expect(formatPhone('+468123456')).toBe('+46 8 12 34 56');
  });

  it('uses a 2-digit area code for other Swedish numbers', () => {
    expect(formatPhone('+46311234567')).toBe('+46 31 123 45 67');
    expect(formatPhone('+4646123456')).toBe('+46 46 12 34 56');
    expect(formatPhone('+464612345')).toBe('+46 46 123 45');
  });

  it('groups Norwegian numbers: mobiles 3-2-3, others in pairs', () => {
    expect(formatPhone('+4791234567')).toBe('+47 912 34 567');
    expect(formatPhone('+4741234567')).toBe('+47 412 34 567');
    expect(formatPhone('+4722123456')).toBe('+47 22 12 34 56');
  });

  it('groups Danish numbers in pairs', () => {
    expect(formatPhone('+4581234567')).toBe('+45 81 23 45 67');
    expect(formatPhone('+4533123456')).toBe('+45 33 12 34 56');
  });

  it('groups Finnish numbers after the prefix as three and the rest', () => {
    expect(formatPhone('+358401234567')).toBe('+358 40 123 4567');
    expect(formatPhone('+358501234567')).toBe('+358 50 123 4567');
    expect(formatPhone('+35891234567')).toBe('+358 9 123 4567');
    expect(formatPhone('+35817123456')).toBe('+358 17 123 456');
  });

  it('leaves other countries, odd lengths and non-E.164 input unchanged', () => {
    expect(formatPhone('+4930123456')).toBe('+4930123456');
    expect(formatPhone('+14155552671')).toBe('+14155552671');
    expect(formatPhone('+4612')).toBe('+4612');
    expect(formatPhone('+4670123456789')).toBe('+4670123456789');
    expect(formatPhone('+479123456')).toBe('+479123456');
    expect(formatPhone('+45812345678')).toBe('+45812345678');
    expect(formatPhone('+3587123456')).toBe('+3587123456');
    expect(formatPhone('+460701234567')).toBe('+460701234567');
    expect(formatPhone('070-123 45 67')).toBe('070-123 45 67');
    expect(formatPhone('+46 70 123 45 67')).toBe('+46 70 123 45 67');
    expect(formatPhone('')).toBe('');
  });
});

describe('telHref', () => {
  it('keeps only the digits and a leading plus', () => {
    expect(telHref('+46701234567')).toBe('tel:+46701234567');
    expect(telHref('+46 8 123 456 78')).toBe('tel:+46812345678');
    expect(telHref('070-123 45 67')).toBe('tel:0701234567');
  });
});

describe('formatDate', () => {
  it('shows the date without the time, in the UI language', () => {
    expect(formatDate('2026-11-29T10:00:00Z', 'en-GB')).toBe('29 Nov 2026');
    expect(formatDate('not a date', 'sv-SE')).toBe('not a date');
  });
});
