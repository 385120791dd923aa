import { describe, expect, it } from 'vitest';
import { invoiceFormProblems, newInvoiceForm, toInvoiceInput, withInvoiceDate } from './invoiceForm';

describe('invoice form', () => {
  it('is dated today and due 30 days later', () => {
    expect(newInvoiceForm('2026-01-15')).toEqual({ invoiceDate: '2026-01-15', dueDate: '2026-02-14', description: '' });
    expect(newInvoiceForm('2026-12-10').dueDate).toBe('2027-01-09');
  });

  it('moves a default due date along with the invoice date, but not a chosen one', () => {
    const values = newInvoiceForm('2026-01-15');
    expect(withInvoiceDate(values, '2026-01-20').dueDate).toBe('2026-02-19');
    const chosen = { ...values, dueDate: '2026-03-01' };
    expect(withInvoiceDate(chosen, '2026-01-20').dueDate).toBe('2026-03-01');
    expect(withInvoiceDate(values, '').dueDate).toBe('2026-02-14');
  });

  it('refuses a due date before the invoice date and dates that are not dates', () => {
    expect(invoiceFormProblems(newInvoiceForm('2026-01-15'))).toEqual({});
    expect(invoiceFormProblems({ invoiceDate: '2026-01-15', dueDate: '2026-01-14', description: '' })).toEqual({
      dueDate: 'invoices.form.dueBeforeInvoice',
    });
    expect(invoiceFormProblems({ invoiceDate: '2026-01-15', dueDate: '2026-01-15', description: '' })).toEqual({});
    expect(invoiceFormProblems({ invoiceDate: '', dueDate: '2026-13-01', description: '' })).toEqual({
      invoiceDate: 'invoices.form.dateInvalid',
      dueDate: 'invoices.form.dateInvalid',
    });
  });

  it('invoices the order in its currency and lets the server copy its lines', () => {
    expect(
      toInvoiceInput({ invoiceDate: '2026-01-15', dueDate: '2026-02-14', description: '  ' }, { id: 'o1', currency: 'NOK' }),
    ).toEqual({ orderId: 'o1', invoiceDate: '2026-01-15', dueDate: '2026-02-14', description: null, currency: 'NOK', lines: [] });
    expect(
      toInvoiceInput({ invoiceDate: '2026-01-15', dueDate: '2026-02-14', description: ' Ref 12 ' }, { id: 'o1', currency: 'SEK' })
        .description,
    ).toBe('Ref 12');
  });
});
