//! The customer form's values and their mapping to and from the API's `CustomerInput`.
//! Pure, so the mapping rules are unit-tested:
//! - blank text becomes `null` (the server stores "no value", never "");
//! - only the name fields of the chosen kind are sent;
//! - an address with every text field blank is `null`;
//! - "postal address same as invoice address" sends `postalAddress: null`.
import type { AddressInput, Country, CustomerFieldsFragment, CustomerInput, CustomerKind } from '../../gql/graphql';

export interface AddressFormValues {
  readonly line1: string;
  readonly line2: string;
  readonly postalCode: string;
  readonly city: string;
  readonly country: Country;
}

export interface CustomerFormValues {
  readonly kind: CustomerKind;
  readonly country: Country;
  readonly firstName: string;
  readonly lastName: string;
  readonly companyName: string;
  readonly identityNumber: string;
  readonly email: string;
  readonly phone: string;
  readonly invoiceAddress: AddressFormValues;
  readonly postalSameAsInvoice: boolean;
  readonly postalAddress: AddressFormValues;
  readonly note: string;
}

/** The form fields, by the input path the server names in `BAD_USER_INPUT` errors. */
export const ADDRESS_PARTS = ['line1', 'line2', 'postalCode', 'city', 'country'] as const;
export const CUSTOMER_FORM_FIELDS: ReadonlySet<string> = new Set([
  'kind',
  'country',
  'firstName',
  'lastName',
  'companyName',
  'identityNumber',
  'email',
  'phone',
  'note',
  'name',
  'invoiceAddress',
  'postalAddress',
  ...ADDRESS_PARTS.map((p) => `invoiceAddress.${p}`),
  ...ADDRESS_PARTS.map((p) => `postalAddress.${p}`),
]);

export function emptyAddress(country: Country): AddressFormValues {
  return { line1: '', line2: '', postalCode: '', city: '', country };
}

export function emptyCustomerForm(country: Country = 'SE'): CustomerFormValues {
  return {
    kind: 'PRIVATE',
    country,
    firstName: '',
    lastName: '',
    companyName: '',
    identityNumber: '',
    email: '',
    phone: '',
    invoiceAddress: emptyAddress(country),
    postalSameAsInvoice: true,
    postalAddress: emptyAddress(country),
    note: '',
  };
}

type AddressData = NonNullable<CustomerFieldsFragment['invoiceAddress']>;

function addressToForm(address: AddressData | null | undefined, country: Country): AddressFormValues {
  if (!address) return emptyAddress(country);
  return {
    line1: address.line1,
    line2: address.line2 ?? '',
    postalCode: address.postalCode,
    city: address.city,
    country: address.country,
  };
}

export function customerToForm(customer: CustomerFieldsFragment): CustomerFormValues {
  return {
    kind: customer.kind,
    country: customer.country,
    firstName: customer.firstName ?? '',
    lastName: customer.lastName ?? '',
    companyName: customer.companyName ?? '',
    identityNumber: customer.identityNumber ?? '',
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    invoiceAddress: addressToForm(customer.invoiceAddress, customer.country),
    postalSameAsInvoice: !customer.postalAddress,
    postalAddress: addressToForm(customer.postalAddress, customer.country),
    note: customer.note ?? '',
  };
}

/** Trimmed text, or `null` when nothing but whitespace is left. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function toAddressInput(address: AddressFormValues): AddressInput | null {
  const line1 = address.line1.trim();
  const line2 = blankToNull(address.line2);
  const postalCode = address.postalCode.trim();
  const city = address.city.trim();
  if (!line1 && !line2 && !postalCode && !city) return null;
  // A partly filled address is sent as it is: the server names the missing part.
  return { line1, line2, postalCode, city, country: address.country };
}

export function toCustomerInput(values: CustomerFormValues): CustomerInput {
  const isPrivate = values.kind === 'PRIVATE';
  return {
    kind: values.kind,
    country: values.country,
    firstName: isPrivate ? blankToNull(values.firstName) : null,
    lastName: isPrivate ? blankToNull(values.lastName) : null,
    companyName: isPrivate ? null : blankToNull(values.companyName),
    identityNumber: blankToNull(values.identityNumber),
    email: blankToNull(values.email),
    phone: blankToNull(values.phone),
    invoiceAddress: toAddressInput(values.invoiceAddress),
    postalAddress: values.postalSameAsInvoice ? null : toAddressInput(values.postalAddress),
    note: blankToNull(values.note),
  };
}

/**
 * Changing the customer's country carries along the address countries that still
 * followed the old one (an address abroad stays abroad).
 */
export function withCountry(values: CustomerFormValues, country: Country): CustomerFormValues {
  const follow = (a: AddressFormValues) => (a.country === values.country ? { ...a, country } : a);
  return {
    ...values,
    country,
    invoiceAddress: follow(values.invoiceAddress),
    postalAddress: follow(values.postalAddress),
  };
}
