//! The "Communication consent" columns of the contacts table: one per active purpose, named in
//! the UI language, each cell the contact's current status for that purpose.
import type { ConsentPurposeRefFragment } from '../../gql/graphql';
import type { Lang, TFunction } from '../../i18n';
import type { ContactColumn } from '../contacts/ContactsTable';
import { ConsentStatusBadge } from './ConsentStatusBadge';
import { consentFor, purposeName } from './labels';

export function consentColumns(purposes: readonly ConsentPurposeRefFragment[], t: TFunction, lang: Lang): ContactColumn[] {
  const group = t('contacts.consentGroup');
  return purposes.map((purpose) => {
    const name = purposeName(purpose, lang);
    return {
      id: `consent:${purpose.id}`,
      header: name,
      group,
      className: 'consent-cell',
      render: (contact) => {
        const consent = consentFor(contact, purpose.id);
        return consent ? (
          <ConsentStatusBadge consent={consent} purpose={name} />
        ) : (
          <span className="muted">{t('common.notSet')}</span>
        );
      },
    };
  });
}

/** Where a contact's consent history is. */
export function consentHistoryPath(customerId: string, contactId: string): string {
  return `/customers/${encodeURIComponent(customerId)}/contacts/${encodeURIComponent(contactId)}/consent-history`;
}

/** The consent screen of a customer. */
export function consentsPath(customerId: string): string {
  return `/customers/${encodeURIComponent(customerId)}/consents`;
}
