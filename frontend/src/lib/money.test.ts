import { describe, expect, it } from 'vitest';
import {
  decimalMark,
  divRound,
  formatMoney,
  formatQuantity,
  formatVatRate,
  lineNet,
  lineVat,
  milliToInput,
  minorToInput,
  parseAmount,
  parseQuantity,
  quantityFromMilli,
  quantityToMilli,
  totalsOf,
} from './money';

/** Intl puts no-break and narrow no-break spaces into numbers; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('parseAmount', () => {
  it('reads Swedish and English ways of writing the same amount, exactly', () => {
    for (const text of ['1 499,50', '1499.50', '1499,5', '1,499.50', '1.499,50', '1\u00a0499,50', ' 1499.50 ', '1499,500']) {
      expect(parseAmount(text), text).toEqual({ ok: true, value: 149950 });
    }
  });

  it('takes whole amounts, a missing whole part and discounts', () => {
    expect(parseAmount('10')).toEqual({ ok: true, value: 1000 });
    expect(parseAmount(',5')).toEqual({ ok: true, value: 50 });
    expect(parseAmount('0,01')).toEqual({ ok: true, value: 1 });
    expect(parseAmount('-10,05')).toEqual({ ok: true, value: -1005 });
    expect(parseAmount('\u221210,05')).toEqual({ ok: true, value: -1005 });
    expect(parseAmount('-0')).toEqual({ ok: true, value: 0 });
    expect(parseAmount('1.234.567,89')).toEqual({ ok: true, value: 123456789 });
  });

  it('is exact where floating point is not', () => {
    // 0.29 * 100 = 28.999999999999996 and 1.005 * 100 = 100.49999999999999 in floating point.
    expect(parseAmount('0,29')).toEqual({ ok: true, value: 29 });
    expect(parseAmount('19.99')).toEqual({ ok: true, value: 1999 });
    expect(parseAmount('99999999,99')).toEqual({ ok: true, value: 9_999_999_999 });
  });

  it('refuses more than two decimals instead of rounding', () => {
    expect(parseAmount('1499,505')).toEqual({ ok: false, problem: 'tooManyDecimals' });
    expect(parseAmount('0.001')).toEqual({ ok: false, problem: 'tooManyDecimals' });
    // One comma is the decimal mark, so an English thousands group reads as three decimals.
    expect(parseAmount('1,499')).toEqual({ ok: false, problem: 'tooManyDecimals' });
  });

  it('names what is wrong', () => {
    expect(parseAmount('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseAmount('   ')).toEqual({ ok: false, problem: 'empty' });
    for (const text of ['abc', '12kr', '1,2,3', '1.2.3,4', '12,34.56,7', '-', ',', '1e5', '12 345,6.7']) {
      expect(parseAmount(text), text).toEqual({ ok: false, problem: 'invalid' });
    }
    expect(parseAmount('100000000,01')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseAmount('9999999999999')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseAmount('100000000')).toEqual({ ok: true, value: 10_000_000_000 });
  });
});

describe('parseQuantity', () => {
  it('reads up to three decimals into thousandths', () => {
    expect(parseQuantity('2')).toEqual({ ok: true, value: 2000 });
    expect(parseQuantity('1,5')).toEqual({ ok: true, value: 1500 });
    expect(parseQuantity('0.125')).toEqual({ ok: true, value: 125 });
    expect(parseQuantity('1 000 000')).toEqual({ ok: true, value: 1_000_000_000 });
    expect(parseQuantity('2,500')).toEqual({ ok: true, value: 2500 });
  });

  it('refuses what the server refuses', () => {
    expect(parseQuantity('0,0005')).toEqual({ ok: false, problem: 'tooManyDecimals' });
    expect(parseQuantity('0')).toEqual({ ok: false, problem: 'notPositive' });
    expect(parseQuantity('-1')).toEqual({ ok: false, problem: 'notPositive' });
    expect(parseQuantity('1000000,001')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseQuantity('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseQuantity('two')).toEqual({ ok: false, problem: 'invalid' });
  });

  it('converts to and from the API float', () => {
    expect(quantityFromMilli(1500)).toBe(1.5);
    expect(quantityFromMilli(125)).toBe(0.125);
    expect(quantityToMilli(0.125)).toBe(125);
    expect(quantityToMilli(2.675)).toBe(2675);
  });
});

describe('editing existing values', () => {
  it('writes minor units back as an amount in the locale, without grouping', () => {
    expect(minorToInput(149950, ',')).toBe('1499,50');
    expect(minorToInput(149950, '.')).toBe('1499.50');
    expect(minorToInput(-1005, ',')).toBe('-10,05');
    expect(minorToInput(5, ',')).toBe('0,05');
    for (const minor of [0, 1, 99, 100, 149950, -1005, 10_000_000_000]) {
      expect(parseAmount(minorToInput(minor, ','))).toEqual({ ok: true, value: minor });
    }
  });

  it('writes thousandths back as a quantity', () => {
    expect(milliToInput(2000, ',')).toBe('2');
    expect(milliToInput(1500, ',')).toBe('1,5');
    expect(milliToInput(125, '.')).toBe('0.125');
    expect(parseQuantity(milliToInput(1250, ','))).toEqual({ ok: true, value: 1250 });
  });

  it('knows the decimal mark of each UI locale', () => {
    expect(decimalMark('sv-SE')).toBe(',');
    expect(decimalMark('en-GB')).toBe('.');
  });
});

describe('formatting', () => {
  it('shows money with two decimals in the currency and the UI language', () => {
    expect(plain(formatMoney(149950, 'SEK', 'sv-SE'))).toBe('1 499,50 kr');
    expect(plain(formatMoney(149950, 'SEK', 'en-GB'))).toBe('SEK 1,499.50');
    expect(plain(formatMoney(100, 'EUR', 'sv-SE'))).toBe('1,00 €');
    expect(plain(formatMoney(100, 'EUR', 'en-GB'))).toBe('€1.00');
    expect(plain(formatMoney(-1005, 'SEK', 'sv-SE'))).toBe('−10,05 kr');
    expect(plain(formatMoney(0, 'NOK', 'en-GB'))).toBe('NOK 0.00');
  });

  it('shows quantities and VAT rates', () => {
    expect(formatQuantity(1.5, 'sv-SE')).toBe('1,5');
    expect(formatQuantity(2, 'en-GB')).toBe('2');
    expect(plain(formatVatRate(2500, 'sv-SE'))).toBe('25 %');
    expect(formatVatRate(1200, 'en-GB')).toBe('12%');
    expect(formatVatRate(0, 'en-GB')).toBe('0%');
  });
});

describe('totals', () => {
  it('rounds half away from zero, like the server', () => {
    expect(divRound(5n, 10n)).toBe(1n);
    expect(divRound(-5n, 10n)).toBe(-1n);
    expect(divRound(4n, 10n)).toBe(0n);
    expect(divRound(-4n, 10n)).toBe(0n);
    expect(divRound(15n, 10n)).toBe(2n);
    expect(divRound(-15n, 10n)).toBe(-2n);
  });

  it('rounds each line, then adds (the server test case)', () => {
    // 1.5 × 99.95 = 149.925 → 149.93; 25 % of 149.93 = 37.4825 → 37.48.
    const service = { quantityMilli: 1500, unitPrice: 9995, vatRate: 2500 };
    expect(lineNet(service)).toBe(14993);
    expect(lineVat(service)).toBe(3748);
    // A discount: 25 % of -10.05 = -2.5125 → -2.51.
    const discount = { quantityMilli: 1000, unitPrice: -1005, vatRate: 2500 };
    expect(lineNet(discount)).toBe(-1005);
    expect(lineVat(discount)).toBe(-251);
    expect(totalsOf([service, discount])).toEqual({ net: 13988, vat: 3497, total: 17485 });
  });

  it('sums rounded lines, not the rounded sum', () => {
    // Each 0.333 × 0.01 = 0.00333 → 0.00; three lines stay 0 (a single 0.999 line would be 0.01).
    const line = { quantityMilli: 333, unitPrice: 1, vatRate: 0 };
    expect(totalsOf([line, line, line]).net).toBe(0);
    expect(lineNet({ quantityMilli: 999, unitPrice: 1, vatRate: 0 })).toBe(1);
    // 12 % and 6 %: 0.5 öre goes up; negative halves go down.
    expect(lineVat({ quantityMilli: 1000, unitPrice: 1250, vatRate: 1200 })).toBe(150);
    expect(lineVat({ quantityMilli: 1000, unitPrice: 25, vatRate: 600 })).toBe(2);
    expect(lineVat({ quantityMilli: 1000, unitPrice: -25, vatRate: 600 })).toBe(-2);
    expect(totalsOf([])).toEqual({ net: 0, vat: 0, total: 0 });
  });

  it('stays exact for the largest line the server takes', () => {
    const max = { quantityMilli: 1_000_000_000, unitPrice: 10_000_000_000, vatRate: 3000 };
    // 10^16 is still exact as a Number.
    expect(lineNet(max)).toBe(10_000_000_000_000_000);
    expect(lineVat(max)).toBe(3_000_000_000_000_000);
  });
});
