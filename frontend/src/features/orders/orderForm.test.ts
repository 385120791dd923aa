import { describe, expect, it } from 'vitest';
import type { OrderFieldsFragment } from '../../gql/graphql';
import {
  checkOrderForm,
  currencyForCountry,
  emptyLine,
  isShownOrderField,
  lineErrorKey,
  liveTotals,
  newOrderForm,
  orderToForm,
  placeServerErrors,
  vatRateOptions,
  type LineFormValues,
  type OrderFormValues,
} from './orderForm';

function line(values: Partial<LineFormValues>): LineFormValues {
  return { ...emptyLine(), ...values };
}

function form(lines: LineFormValues[], extra: Partial<OrderFormValues> = {}): OrderFormValues {
  return { ...newOrderForm('SEK', '2026-03-15'), lines, ...extra };
}

describe('new orders', () => {
  it('start with today, the customer’s currency, status open and one empty line', () => {
    const values = newOrderForm('NOK', '2026-03-15');
    expect(values.orderDate).toBe('2026-03-15');
    expect(values.currency).toBe('NOK');
    expect(values.status).toBe('OPEN');
    expect(values.lines).toHaveLength(1);
    expect(values.lines[0]).toMatchObject({ description: '', quantity: '1', unitPrice: '', vatRate: 2500 });
  });

  it('give every line its own key', () => {
    expect(emptyLine().key).not.toBe(emptyLine().key);
  });

  it('pick the currency from the customer’s country', () => {
    expect(currencyForCountry('SE')).toBe('SEK');
    expect(currencyForCountry('NO')).toBe('NOK');
    expect(currencyForCountry('DK')).toBe('DKK');
    expect(currencyForCountry('FI')).toBe('EUR');
  });
});

describe('checkOrderForm', () => {
  it('sends exact minor units and quantities', () => {
    const a = line({ description: ' Service visit ', quantity: '1,5', unitPrice: '1 499,50', vatRate: 2500 });
    const b = line({ description: 'Discount', quantity: '1', unitPrice: '-100', vatRate: 0 });
    const checked = checkOrderForm(form([a, b], { description: '  ' }));
    expect(checked).toEqual({
      ok: true,
      input: {
        orderDate: '2026-03-15',
        description: null,
        currency: 'SEK',
        lines: [
          { description: 'Service visit', quantity: 1.5, unitPrice: 149950, vatRate: 2500 },
          { description: 'Discount', quantity: 1, unitPrice: -10000, vatRate: 0 },
        ],
      },
      lineKeys: [a.key, b.key],
    });
  });

  it('names every problem at its line and field', () => {
    const a = line({ description: 'Ok', quantity: '2', unitPrice: '10' });
    const b = line({ description: ' ', quantity: '0', unitPrice: '1499,505' });
    const c = line({ description: 'x', quantity: '1,0005', unitPrice: '' });
    const checked = checkOrderForm(form([a, b, c], { orderDate: '2026-02-30' }));
    expect(checked).toEqual({
      ok: false,
      errors: {
        orderDate: 'orders.form.dateInvalid',
        [lineErrorKey(b.key, 'description')]: 'orders.line.descriptionMissing',
        [lineErrorKey(b.key, 'quantity')]: 'orders.line.quantityPositive',
        [lineErrorKey(b.key, 'unitPrice')]: 'orders.line.priceDecimals',
        [lineErrorKey(c.key, 'quantity')]: 'orders.line.quantityDecimals',
        [lineErrorKey(c.key, 'unitPrice')]: 'orders.line.priceMissing',
      },
    });
  });

  it('needs at least one line', () => {
    expect(checkOrderForm(form([]))).toEqual({ ok: false, errors: { lines: 'orders.form.linesMissing' } });
  });
});

describe('placeServerErrors', () => {
  it('puts line errors at the line that was sent at that index', () => {
    const placed = placeServerErrors(
      {
        'lines[1].quantity': 'must be more than 0',
        'lines[0].description': 'is too long',
        description: 'is too long',
        'lines[7].unitPrice': 'is too large',
        lines: 'at most 200 lines',
      },
      ['k0', 'k1'],
    );
    expect(placed).toEqual({
      [lineErrorKey('k1', 'quantity')]: 'must be more than 0',
      [lineErrorKey('k0', 'description')]: 'is too long',
      description: 'is too long',
      lines: 'is too large',
    });
  });

  it('knows which server fields the form shows', () => {
    expect(isShownOrderField('lines[1].quantity')).toBe(true);
    expect(isShownOrderField('lines[9].somethingNew')).toBe(true);
    expect(isShownOrderField('orderDate')).toBe(true);
    expect(isShownOrderField('lines')).toBe(true);
    expect(isShownOrderField('expectedVersion')).toBe(false);
    expect(isShownOrderField('customerId')).toBe(false);
  });
});

describe('liveTotals', () => {
  it('rounds each line half away from zero and adds them up', () => {
    const a = line({ quantity: '1,5', unitPrice: '99,95', vatRate: 2500 });
    const b = line({ quantity: '1', unitPrice: '-10,05', vatRate: 2500 });
    const live = liveTotals([a, b]);
    expect(live.lines[a.key]).toEqual({ net: 14993, vat: 3748 });
    expect(live.lines[b.key]).toEqual({ net: -1005, vat: -251 });
    expect(live.totals).toEqual({ net: 13988, vat: 3497, total: 17485 });
    expect(live.incomplete).toBe(0);
  });

  it('leaves out lines that cannot be read yet, and says so', () => {
    const a = line({ quantity: '2', unitPrice: '100', vatRate: 1200 });
    const b = line({ quantity: '2', unitPrice: '' });
    const live = liveTotals([a, b]);
    expect(live.totals).toEqual({ net: 20000, vat: 2400, total: 22400 });
    expect(live.lines[b.key]).toBeUndefined();
    expect(live.incomplete).toBe(1);
  });
});

describe('editing', () => {
  const order: OrderFieldsFragment = {
    id: 'o1',
    number: 100001,
    customerId: 'c1',
    orderDate: '2026-03-01',
    status: 'COMPLETED',
    description: null,
    currency: 'EUR',
    lines: [{ position: 1, description: 'Work', quantity: 2.5, unitPrice: 149950, vatRate: 1400, net: 374875, vat: 52483 }],
    net: 374875,
    vat: 52483,
    total: 427358,
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    version: 3,
  };

  it('loads an order into the form with the UI’s decimal mark, and sends it back unchanged', () => {
    const values = orderToForm(order, ',');
    expect(values).toMatchObject({ orderDate: '2026-03-01', description: '', currency: 'EUR', status: 'COMPLETED' });
    expect(values.lines[0]).toMatchObject({ description: 'Work', quantity: '2,5', unitPrice: '1499,50', vatRate: 1400 });
    const checked = checkOrderForm(values);
    expect(checked.ok && checked.input.lines).toEqual([{ description: 'Work', quantity: 2.5, unitPrice: 149950, vatRate: 1400 }]);
  });

  it('offers a line’s own VAT rate when it is not a standard one', () => {
    expect(vatRateOptions([2500, 1200, 600, 0], 1400)).toEqual([2500, 1400, 1200, 600, 0]);
    expect(vatRateOptions([2500, 1200, 600, 0], 600)).toEqual([2500, 1200, 600, 0]);
  });
});
