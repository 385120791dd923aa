import { describe, expect, it } from 'vitest';
import { makeT } from '../../i18n/translate';
import { canInviteToMyPage, invitationEmailNotice, inviteFailureMessage } from './invitation';

const t = makeT('en');
const tsv = makeT('sv');
const error = (code: string, message = 'x', field?: string) => ({
  graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
});
const anna = { email: 'anna@example.se', archived: false };

describe('who can be invited', () => {
  it('needs the right to edit customers, an e-mail address and a contact that is not archived', () => {
    expect(canInviteToMyPage(anna, true)).toBe(true);
    expect(canInviteToMyPage(anna, false)).toBe(false);
    expect(canInviteToMyPage({ ...anna, email: null }, true)).toBe(false);
    expect(canInviteToMyPage({ ...anna, email: '  ' }, true)).toBe(false);
    expect(canInviteToMyPage({ ...anna, archived: true }, true)).toBe(false);
  });
});

describe('the invitation e-mail', () => {
  it('says the link must be handed over when no e-mail server is configured', () => {
    expect(invitationEmailNotice('STORED', anna.email, t)).toEqual({
      tone: 'warning',
      text: 'No e-mail server is configured: the message is kept in the outbox (Admin → Outbox). Give the link to the customer yourself.',
    });
    expect(invitationEmailNotice('STORED', anna.email, tsv).text).toMatch(/^Ingen e-postserver är inställd/);
  });

  it('names the address when it is being e-mailed', () => {
    for (const status of ['PENDING', 'SENT'] as const) {
      expect(invitationEmailNotice(status, anna.email, t)).toEqual({
        tone: 'info',
        text: 'The invitation is being e-mailed to anna@example.se.',
      });
    }
    expect(invitationEmailNotice('FAILED', anna.email, t).tone).toBe('error');
  });
});

describe('refusals', () => {
  it('explain a missing e-mail address and an archived contact', () => {
    const noEmail = error('BAD_USER_INPUT', 'the contact has no e-mail address to sign in with', 'contactId');
    expect(inviteFailureMessage(noEmail, { email: null, archived: false }, t)).toBe(t('contacts.invite.noEmail'));
    // The server knows better than a stale row.
    expect(inviteFailureMessage(noEmail, anna, t)).toBe(t('contacts.invite.noEmail'));
    const archived = error('BAD_USER_INPUT', 'an archived contact cannot be invited', 'contactId');
    expect(inviteFailureMessage(archived, anna, t)).toBe('An archived contact person cannot be invited.');
    expect(inviteFailureMessage(error('BAD_USER_INPUT', 'something else', 'contactId'), anna, t)).toBe('something else');
  });

  it('explain an e-mail address already used on My page', () => {
    expect(inviteFailureMessage(error('CONFLICT', 'taken', 'contactId'), anna, t)).toBe(
      'Another contact person already signs in to My page with anna@example.se. An e-mail address can belong to only one account on My page.',
    );
  });

  it('say the rest by its code', () => {
    expect(inviteFailureMessage(error('FORBIDDEN'), anna, t)).toBe(t('error.FORBIDDEN'));
    expect(inviteFailureMessage(error('NOT_FOUND'), anna, t)).toBe(t('contacts.invite.notFound'));
    expect(inviteFailureMessage({ graphQLErrors: [], networkError: new Error('x') }, anna, t)).toBe(t('error.NETWORK'));
  });
});
