//! The contact form's values and their mapping to the API's `ContactInput` (pure, tested).
import type { ContactFieldsFragment, ContactInput, RecipientRole } from '../../gql/graphql';
import type { MessageKey } from '../../i18n';
import { blankToNull } from '../customers/customerForm';

/** Every recipient role with its label; the order here is the order shown and sent. */
export const RECIPIENT_ROLE_LABELS: Readonly<Record<RecipientRole, MessageKey>> = {
  INVOICES: 'role.INVOICES',
  REMINDERS: 'role.REMINDERS',
  ORDER_CONFIRMATIONS: 'role.ORDER_CONFIRMATIONS',
  MARKETING: 'role.MARKETING',
  SERVICE_NOTICES: 'role.SERVICE_NOTICES',
};
export const RECIPIENT_ROLES = Object.keys(RECIPIENT_ROLE_LABELS) as RecipientRole[];

export interface ContactFormValues {
  readonly name: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
  readonly recipientOf: readonly RecipientRole[];
  readonly externalId: string;
}

export const CONTACT_FORM_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'title',
  'email',
  'phone',
  'recipientOf',
  'externalId',
]);

export function emptyContactForm(): ContactFormValues {
  return { name: '', title: '', email: '', phone: '', recipientOf: [], externalId: '' };
}

export function contactToForm(contact: ContactFieldsFragment): ContactFormValues {
  return {
    name: contact.name,
    title: contact.title ?? '',
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    recipientOf: sortRoles(contact.recipientOf),
    externalId: contact.externalId ?? '',
  };
}

/** Distinct roles in the canonical order. */
export function sortRoles(roles: readonly RecipientRole[]): RecipientRole[] {
  return RECIPIENT_ROLES.filter((r) => roles.includes(r));
}

export function toggleRole(roles: readonly RecipientRole[], role: RecipientRole, on: boolean): RecipientRole[] {
  return sortRoles(on ? [...roles, role] : roles.filter((r) => r !== role));
}

export function toContactInput(values: ContactFormValues): ContactInput {
  return {
    name: values.name.trim(),
    title: blankToNull(values.title),
    email: blankToNull(values.email),
    phone: blankToNull(values.phone),
    recipientOf: sortRoles(values.recipientOf),
    externalId: blankToNull(values.externalId),
  };
}
