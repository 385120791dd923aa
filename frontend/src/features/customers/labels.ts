//! Readable labels for the API's enums. `Record<Enum, …>` makes a new enum value a type error.
import type { Country, CustomerKind, CustomerState } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';

export const COUNTRY_LABELS: Readonly<Record<Country, MessageKey>> = {
  SE: 'country.SE',
  NO: 'country.NO',
  DK: 'country.DK',
  FI: 'country.FI',
};
export const COUNTRIES = Object.keys(COUNTRY_LABELS) as Country[];

export const KIND_LABELS: Readonly<Record<CustomerKind, MessageKey>> = {
  PRIVATE: 'kind.PRIVATE',
  BUSINESS: 'kind.BUSINESS',
};
export const KINDS = Object.keys(KIND_LABELS) as CustomerKind[];

export const STATE_LABELS: Readonly<Record<CustomerState, MessageKey>> = {
  ACTIVE: 'state.ACTIVE',
  ARCHIVED: 'state.ARCHIVED',
  ANONYMIZED: 'state.ANONYMIZED',
};

/** The identity number is a personal identity number for people, an org number for companies. */
export function identityNumberLabel(kind: CustomerKind): MessageKey {
  return kind === 'PRIVATE' ? 'customer.field.personalIdentityNumber' : 'customer.field.orgNumber';
}

/**
 * The customer's name as the UI shows it. An anonymized customer has no name any more: it is
 * "Anonymized customer 10234" in the UI language (the server stores that text in English).
 */
export function customerTitle(
  customer: { readonly displayName: string; readonly state: CustomerState; readonly number: number },
  t: TFunction,
): string {
  return customer.state === 'ANONYMIZED' ? t('customer.anonymizedName', { number: customer.number }) : customer.displayName;
}
