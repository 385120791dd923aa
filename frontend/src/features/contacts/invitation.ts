//! Pure helpers of "Invite to My page" on the Contacts tab: who can be invited, what happened
//! to the invitation e-mail, and the server's refusals in words.
import type { MessageStatus } from '../../gql/graphql';
import type { TFunction } from '../../i18n';
import { codeOf, generalMessage, normalizeField, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';

interface Invitable {
  readonly email?: string | null;
  readonly archived: boolean;
}

/**
 * Whether the row offers "Invite to My page": the viewer may edit customers (EDIT_CUSTOMERS,
 * `canEdit`), and the contact has an e-mail address to sign in with and is not archived (the
 * server refuses both anyway).
 */
export function canInviteToMyPage(contact: Invitable, canEdit: boolean): boolean {
  return canEdit && !contact.archived && Boolean(contact.email?.trim());
}

export interface EmailNotice {
  readonly tone: 'info' | 'warning' | 'error';
  readonly text: string;
}

/** What happened to the invitation e-mail, for the one who invited. */
export function invitationEmailNotice(status: MessageStatus, address: string, t: TFunction): EmailNotice {
  switch (status) {
    case 'STORED':
      return { tone: 'warning', text: t('contacts.invite.stored') };
    case 'PENDING':
    case 'SENT':
      return { tone: 'info', text: t('contacts.invite.emailed', { address }) };
    case 'FAILED':
      return { tone: 'error', text: t('contacts.invite.emailFailed', { address }) };
  }
}

/** Why `inviteContactToPortal` refused, in words (shown in the dialog). */
export function inviteFailureMessage(error: CombinedErrorLike | null | undefined, contact: Invitable, t: TFunction): string {
  const code = primaryErrorCode(error);
  if (code === 'CONFLICT') return t('contacts.invite.conflict', { email: contact.email ?? '' });
  if (code === 'BAD_USER_INPUT') {
    const refusal = error?.graphQLErrors.find((e) => {
      const field = e.extensions?.['field'];
      return codeOf(e) === 'BAD_USER_INPUT' && typeof field === 'string' && normalizeField(field) === 'contactId';
    });
    const said = refusal?.message.toLowerCase() ?? '';
    if (!contact.email?.trim() || said.includes('e-mail')) return t('contacts.invite.noEmail');
    if (contact.archived || said.includes('archived')) return t('contacts.invite.archived');
    return refusal?.message.trim() || generalMessage('BAD_USER_INPUT', t);
  }
  if (code === 'NOT_FOUND') return t('contacts.invite.notFound');
  return generalMessage(code ?? 'INTERNAL', t);
}
