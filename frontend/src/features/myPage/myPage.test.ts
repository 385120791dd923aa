import { describe, expect, it } from 'vitest';
import type { ConsentStatus } from '../../gql/graphql';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { makeT } from '../../i18n/translate';
import { CONSENT_STATUSES } from '../consents/labels';
import {
  actionFailureMessage,
  addressWithoutHash,
  consentAction,
  consentActions,
  consentChangedNotice,
  invitationFailure,
  linkFailureMessage,
  loginFailureMessage,
  MY_DATA_FILE_NAME,
  MY_INVITATION_PATH,
  MY_LINK_PATH,
  MY_LOGIN_PATH,
  MY_PAGE_PATH,
  myDataBlob,
  myDataText,
  myLoginNoticeFrom,
  myLoginNoticeState,
  myStatusTone,
  passwordRuleMessage,
  purposeDescription,
  requestLinkFailureMessage,
  statusHint,
  statusWord,
  tokenFromHash,
} from './myPage';

const t = makeT('en');
const tsv = makeT('sv');
const error = (code: string, message = 'x', field?: string) => ({
  graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
});
const offline = { graphQLErrors: [], networkError: new Error('offline') };

describe('paths', () => {
  it('live under /my, where the server sends its links', () => {
    expect(MY_PAGE_PATH).toBe('/my');
    expect(MY_LOGIN_PATH).toBe('/my/login');
    expect(MY_INVITATION_PATH).toBe('/my/invitation');
    expect(MY_LINK_PATH).toBe('/my/link');
  });
});

describe('the token of a link', () => {
  it('is read from the fragment', () => {
    expect(tokenFromHash('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromHash('token=abc')).toBe('abc');
    expect(tokenFromHash('#token=%20abc%20')).toBe('abc');
    expect(tokenFromHash('#other=1&token=xyz')).toBe('xyz');
  });

  it('is missing without a fragment or with an empty one', () => {
    for (const hash of ['', '#', '#token=', '#token=%20', '#tokens=abc']) expect(tokenFromHash(hash)).toBeNull();
  });

  it('is taken out of the address, which keeps its path and query', () => {
    expect(addressWithoutHash({ pathname: '/my/invitation', search: '' })).toBe('/my/invitation');
    expect(addressWithoutHash({ pathname: '/my/link', search: '?lang=sv' })).toBe('/my/link?lang=sv');
  });
});

describe('one button per purpose', () => {
  it('withdraws a granted consent and gives every other one', () => {
    expect(consentAction('GRANTED').decision).toBe('WITHDRAWN');
    for (const status of CONSENT_STATUSES.filter((s) => s !== 'GRANTED')) {
      expect(consentAction(status).decision, status).toBe('GRANTED');
    }
  });

  it('says so in words, with the purpose in the accessible name', () => {
    expect(t(consentAction('GRANTED').label)).toBe('Withdraw');
    expect(t(consentAction('NOT_ASKED').label)).toBe('Give consent');
    expect(t(consentAction('WITHDRAWN').named, { purpose: 'Text messages' })).toBe('Give consent: Text messages');
    expect(t(consentAction('GRANTED').named, { purpose: 'Text messages' })).toBe('Withdraw consent: Text messages');
    expect(tsv(consentAction('GRANTED').label)).toBe('Återkalla');
    expect(tsv(consentAction('DENIED').label)).toBe('Ge samtycke');
  });

  it('lets an outdated or expired grant be renewed or withdrawn, each with one click', () => {
    for (const status of ['OUTDATED', 'EXPIRED'] as const) {
      expect(consentActions(status).map((a) => a.decision), status).toEqual(['GRANTED', 'WITHDRAWN']);
    }
    expect(consentActions('GRANTED').map((a) => a.decision)).toEqual(['WITHDRAWN']);
    expect(consentActions('NOT_ASKED').map((a) => a.decision)).toEqual(['GRANTED']);
    expect(consentActions('WITHDRAWN').map((a) => a.decision)).toEqual(['GRANTED']);
  });

  it('starts the accessible name with the visible text (label in name)', () => {
    for (const status of CONSENT_STATUSES) {
      const action = consentAction(status);
      for (const tr of [t, tsv]) expect(tr(action.named, { purpose: 'P' }).startsWith(tr(action.label))).toBe(true);
    }
  });
});

describe('status words', () => {
  it('are the consent labels staff see too', () => {
    expect(statusWord('GRANTED', t)).toBe('Granted');
    expect(statusWord('WITHDRAWN', t)).toBe('Withdrawn');
    expect(statusWord('NOT_ASKED', t)).toBe('Not asked');
    expect(statusWord('WITHDRAWN', tsv)).toBe('Återkallat');
  });

  it('mark what needs a new answer, and keep the customer’s own no quiet', () => {
    expect(myStatusTone('GRANTED')).toBe('neutral');
    expect(myStatusTone('OUTDATED')).toBe('warning');
    expect(myStatusTone('EXPIRED')).toBe('warning');
    expect(myStatusTone('WITHDRAWN')).toBe('muted');
    expect(myStatusTone('DENIED')).toBe('muted');
    expect(myStatusTone('NOT_ASKED')).toBe('muted');
  });

  it('explain outdated and expired consents, and only those', () => {
    expect(statusHint('OUTDATED', t)).toMatch(/earlier version/);
    expect(statusHint('EXPIRED', t)).toMatch(/run out/);
    for (const status of ['GRANTED', 'WITHDRAWN', 'DENIED', 'NOT_ASKED'] as ConsentStatus[]) expect(statusHint(status, t)).toBeNull();
  });

  it('make the notice after a change from the state the server answered', () => {
    expect(consentChangedNotice('Text messages', 'GRANTED', t)).toBe('Thank you. You have given your consent to Text messages.');
    expect(consentChangedNotice('Text messages', 'WITHDRAWN', t)).toBe('You have withdrawn your consent to Text messages.');
    expect(consentChangedNotice('SMS', 'WITHDRAWN', tsv)).toBe('Du har återkallat ditt samtycke till SMS.');
    expect(consentChangedNotice('Post', 'OUTDATED', t)).toBe('Post: Outdated.');
    expect(consentChangedNotice('Post', undefined, t)).toBe('Your choice has been saved.');
  });

  it('describe a purpose in the UI language', () => {
    const purpose = { descriptionSv: 'Erbjudanden via SMS.', descriptionEn: 'Offers by text message.' };
    expect(purposeDescription(purpose, 'sv')).toBe('Erbjudanden via SMS.');
    expect(purposeDescription(purpose, 'en')).toBe('Offers by text message.');
  });
});

describe('download my data', () => {
  it('saves indented JSON as my-data.json', async () => {
    expect(MY_DATA_FILE_NAME).toBe('my-data.json');
    const data = { contact: { name: 'Åsa Öberg', email: 'asa@example.se' }, consents: [] };
    expect(myDataText(data)).toBe(`${JSON.stringify(data, null, 2)}\n`);
    expect(JSON.parse(myDataText(data))).toEqual(data);
    expect(myDataText(undefined)).toBe('null\n');
    const blob = myDataBlob(data);
    expect(blob.type).toBe('application/json;charset=utf-8');
    expect(JSON.parse(await blob.text())).toEqual(data);
  });
});

describe('sign-in notices', () => {
  it('round-trip through router state and ignore anything else', () => {
    expect(myLoginNoticeFrom(myLoginNoticeState('signedOut'))).toBe('signedOut');
    expect(myLoginNoticeFrom(myLoginNoticeState('expired'))).toBe('expired');
    for (const other of [null, undefined, 'expired', {}, { myNotice: 'x' }, { notice: 'tooManyCodes' }]) {
      expect(myLoginNoticeFrom(other)).toBeNull();
    }
  });
});

describe('the server answers', () => {
  it('give every failed login the same words, but say when to wait', () => {
    expect(loginFailureMessage(error('UNAUTHENTICATED'), t)).toBe('Wrong e-mail or password.');
    expect(loginFailureMessage(error('BAD_USER_INPUT', 'bad', 'email'), t)).toBe('Wrong e-mail or password.');
    expect(loginFailureMessage(error('RATE_LIMITED'), t)).toBe(t('auth.rateLimited'));
    expect(loginFailureMessage(offline, t)).toBe(t('error.NETWORK'));
    expect(loginFailureMessage(error('INTERNAL'), t)).toBe(t('error.INTERNAL'));
  });

  it('explain a failed link request without telling whether the address is known', () => {
    expect(requestLinkFailureMessage(error('RATE_LIMITED'), t)).toBe(t('auth.rateLimited'));
    expect(requestLinkFailureMessage(offline, t)).toBe(t('error.NETWORK'));
  });

  it('put the password rules at the password, in the customer’s language', () => {
    expect(invitationFailure(error('BAD_USER_INPUT', 'must be at least 12 characters', 'password'), t)).toEqual({
      password: 'The password must be at least 12 characters.',
      linkInvalid: false,
      banner: null,
    });
    expect(invitationFailure(error('BAD_USER_INPUT', 'must not contain your e-mail address or name', 'password'), tsv).password).toBe(
      'Lösenordet får inte innehålla ditt namn eller din e-postadress.',
    );
    expect(passwordRuleMessage('is one of the most common passwords; choose another', t)).toBe(
      'This is one of the most common passwords. Choose another one.',
    );
    expect(passwordRuleMessage('must be at most 128 characters', t)).toBe(t('auth.setup.passwordTooLong'));
    expect(passwordRuleMessage('something new', t)).toBe('something new');
  });

  it('say when an invitation link was used or has expired', () => {
    const failure = invitationFailure(error('BAD_USER_INPUT', 'this invitation link is not valid', 'token'), t);
    expect(failure.linkInvalid).toBe(true);
    expect(failure.password).toBeNull();
    expect(failure.banner).toMatch(/already been used or has expired/);
    expect(invitationFailure(error('RATE_LIMITED'), t)).toEqual({ password: null, linkInvalid: false, banner: t('auth.rateLimited') });
    expect(invitationFailure(null, t)).toEqual({ password: null, linkInvalid: false, banner: null });
  });

  it('say when a sign-in link was used or has expired', () => {
    expect(linkFailureMessage(error('BAD_USER_INPUT', 'not valid', 'token'), t)).toBe(
      'This sign-in link has already been used or has expired (a link works once, for 10 minutes). Ask for a new one on the sign-in page.',
    );
    expect(linkFailureMessage(error('RATE_LIMITED'), t)).toBe(t('auth.rateLimited'));
    expect(linkFailureMessage(offline, t)).toBe(t('error.NETWORK'));
  });

  it('explain a change that did not go through', () => {
    expect(actionFailureMessage(error('BAD_USER_INPUT', 'unknown purpose', 'purpose'), t)).toBe(t('myPage.changeFailed'));
    expect(actionFailureMessage(offline, t)).toBe(t('error.NETWORK'));
    expect(actionFailureMessage(error('FORBIDDEN'), t)).toBe(t('error.FORBIDDEN'));
  });
});

describe('words', () => {
  it('are real Swedish and English for the customer', () => {
    expect(sv['myPage.brand']).toBe('Mina sidor');
    expect(en['myPage.brand']).toBe('My page');
    expect(sv['consent.source.MY_PAGE']).toBe('Mina sidor');
    expect(en['myPage.link.sent']).toBe('If the address has an account, a link is on its way (valid {minutes} minutes).');
    expect(t('myPage.link.sent', { minutes: 10 })).toBe('If the address has an account, a link is on its way (valid 10 minutes).');
  });
});
