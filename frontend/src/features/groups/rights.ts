//! Every right a group can grant, with its label and a one-line explanation. `Record<Right, …>`
//! makes a new value of the API's enum a type error here until it has words in both languages.
import type { Right } from '../../gql/graphql';
import type { MessageKey } from '../../i18n';

export interface RightCopy {
  readonly label: MessageKey;
  readonly hint: MessageKey;
}

/** The order here is the order shown and sent. */
export const RIGHT_COPY: Readonly<Record<Right, RightCopy>> = {
  READ_CUSTOMERS: { label: 'right.READ_CUSTOMERS', hint: 'right.READ_CUSTOMERS.hint' },
  EDIT_CUSTOMERS: { label: 'right.EDIT_CUSTOMERS', hint: 'right.EDIT_CUSTOMERS.hint' },
  EDIT_CONSENTS: { label: 'right.EDIT_CONSENTS', hint: 'right.EDIT_CONSENTS.hint' },
  ANONYMIZE: { label: 'right.ANONYMIZE', hint: 'right.ANONYMIZE.hint' },
  READ_SECRETS: { label: 'right.READ_SECRETS', hint: 'right.READ_SECRETS.hint' },
  MANAGE_SECRETS: { label: 'right.MANAGE_SECRETS', hint: 'right.MANAGE_SECRETS.hint' },
  EXPORT_PERSONAL_DATA: { label: 'right.EXPORT_PERSONAL_DATA', hint: 'right.EXPORT_PERSONAL_DATA.hint' },
  READ_AUDIT_LOG: { label: 'right.READ_AUDIT_LOG', hint: 'right.READ_AUDIT_LOG.hint' },
  MANAGE_SETTINGS: { label: 'right.MANAGE_SETTINGS', hint: 'right.MANAGE_SETTINGS.hint' },
  MANAGE_USERS: { label: 'right.MANAGE_USERS', hint: 'right.MANAGE_USERS.hint' },
  MANAGE_API_KEYS: { label: 'right.MANAGE_API_KEYS', hint: 'right.MANAGE_API_KEYS.hint' },
  RUN_BACKUPS: { label: 'right.RUN_BACKUPS', hint: 'right.RUN_BACKUPS.hint' },
};

export const RIGHTS = Object.keys(RIGHT_COPY) as Right[];

/** Distinct rights in the canonical order. */
export function sortRights(rights: readonly Right[]): Right[] {
  return RIGHTS.filter((r) => rights.includes(r));
}

export function toggleRight(rights: readonly Right[], right: Right, on: boolean): Right[] {
  return sortRights(on ? [...rights, right] : rights.filter((r) => r !== right));
}
