import { describe, expect, it } from 'vitest';
import type { CustomerFieldsFragment } from '../../gql/graphql';
import {
  blankToNull,
  customerToForm,
  emptyCustomerForm,
  toAddressInput,
  toCustomerInput,
  withCountry,
  type CustomerFormValues,
} from './customerForm';

const address = { line1: 'Storgatan 1', line2: '', postalCode: '111 22', city: 'Stockholm', country: 'SE' as const };

function form(overrides: Partial<CustomerFormValues>): CustomerFormValues {
  return { ...emptyCustomerForm(), ...overrides };
}

describe('blankToNull', () => {
  it('turns empty and whitespace-only text into null and trims the rest', () => {
    expect(blankToNull('')).toBeNull();
    expect(blankToNull('   ')).toBeNull();
    expect(blankToNull(' anna@example.se ')).toBe('anna@example.se');
  });
});

describe('toCustomerInput', () => {
  it('sends null for every empty field of an empty form', () => {
    expect(toCustomerInput(emptyCustomerForm())).toEqual({
      kind: 'PRIVATE',
      country: 'SE',
      firstName: null,
      lastName: null,
      companyName: null,
      identityNumber: null,
      email: null,
      phone: null,
      invoiceAddress: null,
      postalAddress: null,
      note: null,
    });
  });

  it('sends only the name fields of the chosen kind', () => {
    const values = form({ firstName: 'Anna', lastName: 'Berg', companyName: 'Left over AB' });
    expect(toCustomerInput(values)).toMatchObject({ firstName: 'Anna', lastName: 'Berg', companyName: null });
    expect(toCustomerInput({ ...values, kind: 'BUSINESS' })).toMatchObject({
      kind: 'BUSINESS',
      firstName: null,
      lastName: null,
      companyName: 'Left over AB',
    });
  });

  it('sends postalAddress null when it is the same as the invoice address', () => {
    const values = form({ invoiceAddress: address, postalSameAsInvoice: true, postalAddress: { ...address, city: 'Lund' } });
    const input = toCustomerInput(values);
    expect(input.invoiceAddress).toEqual({ ...address, line2: null });
    expect(input.postalAddress).toBeNull();
    expect(toCustomerInput({ ...values, postalSameAsInvoice: false }).postalAddress).toEqual({
      ...address,
      city: 'Lund',
      line2: null,
    });
  });

  it('trims text and keeps the note', () => {
    const input = toCustomerInput(form({ email: ' a@b.se ', phone: ' 070-123 45 67 ', note: ' Ring före 10. \n' }));
    expect(input.email).toBe('a@b.se');
    expect(input.phone).toBe('070-123 45 67');
    expect(input.note).toBe('Ring före 10.');
  });
});

describe('toAddressInput', () => {
  it('is null when every text part is blank', () => {
    expect(toAddressInput({ line1: ' ', line2: '', postalCode: '', city: '', country: 'NO' })).toBeNull();
  });

  it('sends a partly filled address as it is, so the server can name the missing part', () => {
    expect(toAddressInput({ line1: '', line2: '', postalCode: '', city: 'Oslo', country: 'NO' })).toEqual({
      line1: '',
      line2: null,
      postalCode: '',
      city: 'Oslo',
      country: 'NO',
    });
  });
});

describe('customerToForm', () => {
  const customer: CustomerFieldsFragment = {
    id: 'c1',
    number: 1001,
    kind: 'BUSINESS',
    country: 'DK',
    firstName: null,
    lastName: null,
    companyName: 'Fjord ApS',
    displayName: 'Fjord ApS',
    identityNumber: '12345678',
    email: null,
    phone: '+45 11 22 33 44',
    invoiceAddress: { line1: 'Vej 1', line2: null, postalCode: '2100', city: 'København', country: 'DK' },
    postalAddress: null,
    note: null,
    state: 'ACTIVE',
    anonymizedAt: null,
    accessGroups: [],
    version: 3,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-02T10:00:00Z',
  };

  it('fills the form, nulls as empty text, and a missing postal address as "same as invoice"', () => {
    const values = customerToForm(customer);
    expect(values).toMatchObject({ kind: 'BUSINESS', country: 'DK', companyName: 'Fjord ApS', email: '', note: '' });
    expect(values.invoiceAddress).toEqual({ line1: 'Vej 1', line2: '', postalCode: '2100', city: 'København', country: 'DK' });
    expect(values.postalSameAsInvoice).toBe(true);
    expect(values.postalAddress.country).toBe('DK');
  });

  it('round-trips to the same input', () => {
    expect(toCustomerInput(customerToForm(customer))).toEqual({
      kind: 'BUSINESS',
      country: 'DK',
      firstName: null,
      lastName: null,
      companyName: 'Fjord ApS',
      identityNumber: '12345678',
      email: null,
      phone: '+45 11 22 33 44',
      invoiceAddress: { line1: 'Vej 1', line2: null, postalCode: '2100', city: 'København', country: 'DK' },
      postalAddress: null,
      note: null,
    });
  });
});

describe('withCountry', () => {
  it('moves address countries that followed the customer, and leaves an address abroad', () => {
    const values = form({ invoiceAddress: address, postalAddress: { ...address, country: 'FI' } });
    const next = withCountry(values, 'NO');
    expect(next.country).toBe('NO');
    expect(next.invoiceAddress.country).toBe('NO');
    expect(next.postalAddress.country).toBe('FI');
  });
});
