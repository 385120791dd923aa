//! The Contacts tab of the customer card: list, add, edit, archive and restore contact persons,
//! with their current communication consents and a link to each one's consent history; and
//! "Invite to My page" (EDIT_CUSTOMERS) for contacts with an e-mail address. Consents changed
//! elsewhere (My page, a webshop, another user) are reloaded as the card hears of them.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { CombinedError, useMutation, useQuery } from 'urql';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { ContactFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, primaryErrorCode, type ClientErrorCode } from '../../lib/errors';
import { consentColumns, consentHistoryPath } from '../consents/consentColumns';
import { purposesOf } from '../consents/labels';
import { useCustomerCard } from '../customers/CustomerCardPage';
import { ContactFormDialog } from './ContactFormDialog';
import { baseContactColumns, ContactsTable } from './ContactsTable';
import { canInviteToMyPage } from './invitation';
import { InviteToMyPageDialog, type Inviting } from './InviteToMyPageDialog';

const CustomerContactsQuery = graphql(`
  query CustomerContacts($id: ID!, $includeArchived: Boolean!) {
    customer(id: $id) {
      id
      contacts(includeArchived: $includeArchived) {
        ...ContactFields
      }
    }
  }
`);

const ArchiveContactMutation = graphql(`
  mutation ArchiveContact($id: ID!, $expectedVersion: Int!) {
    archiveContact(id: $id, expectedVersion: $expectedVersion) {
      ...ContactFields
    }
  }
`);

const RestoreContactMutation = graphql(`
  mutation RestoreContact($id: ID!, $expectedVersion: Int!) {
    restoreContact(id: $id, expectedVersion: $expectedVersion) {
      ...ContactFields
    }
  }
`);

const InviteContactToPortalMutation = graphql(`
  mutation InviteContactToPortal($contactId: ID!) {
    inviteContactToPortal(contactId: $contactId) {
      ...PortalInvitationFields
    }
  }
`);

// Refetch after a contact is created even when the list was empty (no Contact in it yet).
const CONTEXT = { additionalTypenames: ['Contact'] };

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly contact: ContactFieldsFragment } | null;

const EMPTY: readonly ContactFieldsFragment[] = [];

export function ContactsTab() {
  const { t, lang } = useI18n();
  const { customer, canEdit, liveConsentRevision } = useCustomerCard();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CustomerContactsQuery,
    variables: { id: customer.id, includeArchived },
    context: CONTEXT,
  });
  // A live consent change: load the statuses from the server again. Also when the tab opens after
  // changes (the cached list predates them) and when another list is shown (`reexecute` changes).
  useEffect(() => {
    if (liveConsentRevision > 0) reexecute({ requestPolicy: 'network-only' });
  }, [liveConsentRevision, reexecute]);
  const [editing, setEditing] = useState<Editing>(null);
  const [archiving, setArchiving] = useState<ContactFieldsFragment | null>(null);
  // The error of the last archive or restore, shown above the table.
  const [actionError, setActionError] = useState<ClientErrorCode | null>(null);
  const [archiveState, archive] = useMutation(ArchiveContactMutation);
  const [, restore] = useMutation(RestoreContactMutation);
  const [restoringId, setRestoringId] = useState<string | null>(null);
  const [, inviteContact] = useMutation(InviteContactToPortalMutation);
  const [inviting, setInviting] = useState<Inviting | null>(null);
  const contacts = data?.customer.contacts ?? EMPTY;
  // The "Communication consent" columns: one per active purpose, after the standard columns.
  const columns = useMemo(
    () => [...baseContactColumns(t), ...consentColumns(purposesOf(contacts), t, lang)],
    [t, lang, contacts],
  );
  const readOnly = customer.state === 'ANONYMIZED' || !canEdit;

  const reload = () => {
    setActionError(null);
    setEditing(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  const confirmArchive = async () => {
    if (!archiving) return;
    const result = await archive({ id: archiving.id, expectedVersion: archiving.version });
    setArchiving(null);
    setActionError(result.error ? primaryErrorCode(result.error) : null);
  };

  // No confirmation: restoring only brings the contact back into the list. The list refetches
  // on its own, as after every Contact mutation (document cache + `additionalTypenames`).
  const restoreContact = async (contact: ContactFieldsFragment) => {
    setActionError(null);
    setRestoringId(contact.id);
    const result = await restore({ id: contact.id, expectedVersion: contact.version });
    setRestoringId(null);
    setActionError(result.error ? primaryErrorCode(result.error) : null);
  };

  // One invitation per click (made here, not in an effect, so nothing is sent twice); the dialog
  // opens at once and shows the answer when it comes.
  const invite = async (contact: ContactFieldsFragment) => {
    setActionError(null);
    setInviting({ contact });
    const result = await inviteContact({ contactId: contact.id });
    const outcome = result.data
      ? { invitation: result.data.inviteContactToPortal }
      : { error: result.error ?? new CombinedError({ networkError: new Error('no answer') }) };
    setInviting((current) => (current?.contact.id === contact.id && !current.outcome ? { contact, outcome } : current));
  };

  const listError = primaryErrorCode(error);

  return (
    <section className="card card--flush" aria-labelledby="contacts-title">
      <div className="card__header">
        <h2 className="card__title" id="contacts-title">
          {t('contacts.title')}
        </h2>
        <div className="card__tools">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={includeArchived}
              onChange={(e) => {
                setIncludeArchived(e.target.checked);
              }}
            />
            {t('contacts.showArchived')}
          </label>
          {readOnly ? null : (
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setEditing({ mode: 'new' });
              }}
            >
              <span aria-hidden="true">+ </span>
              {t('contacts.add')}
            </button>
          )}
        </div>
      </div>

      {actionError === 'CONFLICT' ? (
        <Banner
          testId="conflict"
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.reload')}
            </button>
          }
        >
          {t('contacts.conflict')}
        </Banner>
      ) : actionError ? (
        <Banner>{generalMessage(actionError, t)}</Banner>
      ) : null}

      {!data && fetching ? <Loading /> : null}
      {!data && listError && !fetching ? (
        <Banner
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(listError, t)}
        </Banner>
      ) : null}

      {data && contacts.length === 0 ? (
        <p className="empty muted" role="status">
          {includeArchived ? t('contacts.emptyArchived') : t('contacts.empty')}
        </p>
      ) : null}

      {contacts.length > 0 ? (
        <ContactsTable
          contacts={contacts}
          columns={columns}
          actions={(contact) => (
            <div className="row-actions">
              <Link
                className="button button--small"
                to={consentHistoryPath(customer.id, contact.id)}
                aria-label={t('consents.historyNamed', { name: contact.name })}
              >
                {t('consents.historyShort')}
              </Link>
              {readOnly ? null : contact.archived ? (
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('contacts.restoreNamed', { name: contact.name })}
                  disabled={restoringId === contact.id}
                  onClick={() => void restoreContact(contact)}
                >
                  {t('customer.action.restore')}
                </button>
              ) : (
                <>
                  {canInviteToMyPage(contact, canEdit) ? (
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={t('contacts.invite.actionNamed', { name: contact.name })}
                      disabled={inviting?.contact.id === contact.id && !inviting.outcome}
                      onClick={() => void invite(contact)}
                    >
                      {t('contacts.invite.action')}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t('contacts.editNamed', { name: contact.name })}
                    onClick={() => {
                      setEditing({ mode: 'edit', contact });
                    }}
                  >
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger-outline"
                    aria-label={t('contacts.archiveNamed', { name: contact.name })}
                    onClick={() => {
                      setActionError(null);
                      setArchiving(contact);
                    }}
                  >
                    {t('customer.action.archive')}
                  </button>
                </>
              )}
            </div>
          )}
        />
      ) : null}

      {editing ? (
        <ContactFormDialog
          customerId={customer.id}
          contact={editing.mode === 'edit' ? editing.contact : undefined}
          onClose={() => {
            setEditing(null);
          }}
          onReload={reload}
        />
      ) : null}

      {inviting ? (
        <InviteToMyPageDialog
          inviting={inviting}
          onClose={() => {
            setInviting(null);
          }}
        />
      ) : null}

      <ConfirmDialog
        open={archiving !== null}
        title={t('contacts.archive.title')}
        confirmLabel={t('contacts.archive.confirm')}
        danger
        busy={archiveState.fetching}
        onConfirm={() => void confirmArchive()}
        onCancel={() => {
          setArchiving(null);
        }}
      >
        <p>{t('contacts.archive.body', { name: archiving?.name ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}
