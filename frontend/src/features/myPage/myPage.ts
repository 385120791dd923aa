//! Pure helpers of My page (the end customer's own consent page): its paths, the token in a
//! link's fragment, which one button a purpose gets, the words after a change, the download, and
//! the server's answers in words a customer understands.
import { MY_PAGE_ROOT } from '../../app/loginRedirect';
import type { ConsentDecision, ConsentStatus } from '../../gql/graphql';
import type { Lang, MessageKey, TFunction } from '../../i18n';
import { fieldErrors, generalMessage, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';
import { setupTokenFromHash } from '../auth/setupForm';
import { STATUS_COPY } from '../consents/labels';

export const MY_PAGE_PATH = MY_PAGE_ROOT;
export const MY_LOGIN_PATH = `${MY_PAGE_ROOT}/login`;
/** Where an invitation link leads: `/my/invitation#token=…` (choose a password). */
export const MY_INVITATION_PATH = `${MY_PAGE_ROOT}/invitation`;
/** Where an e-mailed sign-in link leads: `/my/link#token=…` (signs in at once). */
export const MY_LINK_PATH = `${MY_PAGE_ROOT}/link`;

/** How long an e-mailed sign-in link works (the server decides; this is what the page says). */
export const LOGIN_LINK_MINUTES = 10;

/**
 * The one-time token of an invitation or sign-in link, from the URL fragment (`#token=…`). The
 * fragment never reaches the server or its logs; the page removes it from the address bar too.
 */
export function tokenFromHash(hash: string): string | null {
  return setupTokenFromHash(hash);
}

/** The address to show once the token has been read: the same page without the fragment. */
export function addressWithoutHash(location: { readonly pathname: string; readonly search: string }): string {
  return `${location.pathname}${location.search}`;
}

// ---------- One button per purpose ----------

export type MyDecision = Extract<ConsentDecision, 'GRANTED' | 'WITHDRAWN'>;

export interface ConsentAction {
  /** What the click records. */
  readonly decision: MyDecision;
  /** The button's text. */
  readonly label: MessageKey;
  /** The button's accessible name, with the purpose (`{purpose}`). */
  readonly named: MessageKey;
}

const GIVE: ConsentAction = { decision: 'GRANTED', label: 'myPage.give', named: 'myPage.giveNamed' };
const WITHDRAW: ConsentAction = { decision: 'WITHDRAWN', label: 'myPage.withdraw', named: 'myPage.withdrawNamed' };

/**
 * The main button a purpose gets: "Withdraw" while the consent is granted, "Give consent"
 * otherwise (never asked, withdrawn, denied, expired, or given under an earlier declaration,
 * which needs a new answer). Either is one click: withdrawing is exactly as easy as granting.
 */
export function consentAction(status: ConsentStatus): ConsentAction {
  return status === 'GRANTED' ? WITHDRAW : GIVE;
}

/**
 * Every button a purpose gets. A grant that is outdated (given under an earlier declaration) or
 * expired still stands until the customer answers again, so they can renew it or withdraw it,
 * each with one click.
 */
export function consentActions(status: ConsentStatus): readonly ConsentAction[] {
  return status === 'OUTDATED' || status === 'EXPIRED' ? [GIVE, WITHDRAW] : [consentAction(status)];
}

/** A status in words for the customer (the labels staff see: "Granted", "Withdrawn" …). */
export function statusWord(status: ConsentStatus, t: TFunction): string {
  return t(STATUS_COPY[status].label);
}

export type MyStatusTone = 'neutral' | 'warning' | 'muted';

/**
 * The badge tone of a status on My page: the customer's own "no" is a choice, not an alarm, so
 * it is quiet (staff see withdrawn and denied in red); what needs a new answer is marked.
 */
export function myStatusTone(status: ConsentStatus): MyStatusTone {
  if (status === 'GRANTED') return 'neutral';
  if (status === 'OUTDATED' || status === 'EXPIRED') return 'warning';
  return 'muted';
}

/** What a status means for the customer, where the word alone would not say it. */
const STATUS_HINTS: Readonly<Partial<Record<ConsentStatus, MessageKey>>> = {
  OUTDATED: 'myPage.status.OUTDATED.hint',
  EXPIRED: 'myPage.status.EXPIRED.hint',
};

export function statusHint(status: ConsentStatus, t: TFunction): string | null {
  const key = STATUS_HINTS[status];
  return key ? t(key) : null;
}

/** The polite notice after a change, from the state the server answered with. */
export function consentChangedNotice(purpose: string, status: ConsentStatus | undefined, t: TFunction): string {
  if (status === 'GRANTED') return t('myPage.notice.granted', { purpose });
  if (status === 'WITHDRAWN') return t('myPage.notice.withdrawn', { purpose });
  if (status === undefined) return t('myPage.notice.saved');
  return t('myPage.notice.other', { purpose, status: statusWord(status, t) });
}

/** A purpose's description in the UI language. */
export function purposeDescription(
  purpose: { readonly descriptionSv: string; readonly descriptionEn: string },
  lang: Lang,
): string {
  return lang === 'sv' ? purpose.descriptionSv : purpose.descriptionEn;
}

// ---------- Download my data ----------

export const MY_DATA_FILE_NAME = 'my-data.json';

/** The contact's data as the file's text: indented JSON, ending with a newline. */
export function myDataText(data: unknown): string {
  return `${JSON.stringify(data ?? null, null, 2)}\n`;
}

export function myDataBlob(data: unknown): Blob {
  return new Blob([myDataText(data)], { type: 'application/json;charset=utf-8' });
}

// ---------- The sign-in page's notices ----------

/** Why someone was sent to /my/login (shown there once). */
export type MyLoginNotice = 'signedOut' | 'expired';

export function myLoginNoticeState(notice: MyLoginNotice): { readonly myNotice: MyLoginNotice } {
  return { myNotice: notice };
}

/** The notice in the router state of /my/login, if any (history state is untyped). */
export function myLoginNoticeFrom(state: unknown): MyLoginNotice | null {
  if (typeof state !== 'object' || state === null || !('myNotice' in state)) return null;
  const { myNotice } = state;
  return myNotice === 'signedOut' || myNotice === 'expired' ? myNotice : null;
}

// ---------- The server's answers ----------

/** Shared by every My page form: the codes a customer can meet besides their own mistakes. */
function commonFailure(code: ReturnType<typeof primaryErrorCode>, t: TFunction): string | null {
  if (code === 'RATE_LIMITED') return t('auth.rateLimited');
  if (code === 'NETWORK') return t('error.NETWORK');
  if (code === 'INTERNAL') return t('error.INTERNAL');
  return null;
}

/** `portalLogin` failed: every wrong e-mail or password gets the same words, as the server intends. */
export function loginFailureMessage(error: CombinedErrorLike | null | undefined, t: TFunction): string {
  return commonFailure(primaryErrorCode(error), t) ?? t('myPage.login.failed');
}

/** `portalRequestLoginLink` failed (it answers true otherwise, whether the address is known or not). */
export function requestLinkFailureMessage(error: CombinedErrorLike | null | undefined, t: TFunction): string {
  const code = primaryErrorCode(error);
  return commonFailure(code, t) ?? generalMessage(code ?? 'INTERNAL', t);
}

/**
 * The server's password rules, in the customer's language. Its messages are English and terse
 * ("must be at least 12 characters"); known ones are said in words, others are shown as they are.
 */
export function passwordRuleMessage(serverMessage: string, t: TFunction): string {
  const m = serverMessage.toLowerCase();
  if (m.includes('at least')) return t('auth.setup.passwordTooShort');
  if (m.includes('at most')) return t('auth.setup.passwordTooLong');
  if (m.includes('common')) return t('myPage.password.common');
  if (m.includes('e-mail') || m.includes('name')) return t('myPage.password.personal');
  return serverMessage;
}

export interface InvitationFailure {
  /** Next to the password field. */
  readonly password: string | null;
  /** The link was used or has expired: the form is of no more use; sign in instead. */
  readonly linkInvalid: boolean;
  /** Everything else, above the form. */
  readonly banner: string | null;
}

/** `portalAcceptInvitation` failed: a password the rules refuse, a spent link, or something else. */
export function invitationFailure(error: CombinedErrorLike | null | undefined, t: TFunction): InvitationFailure {
  if (!error) return { password: null, linkInvalid: false, banner: null };
  const fields = fieldErrors(error, t('error.fieldInvalid'));
  const code = primaryErrorCode(error);
  if (code === 'BAD_USER_INPUT') {
    if ('token' in fields) return { password: null, linkInvalid: true, banner: t('myPage.invitation.linkInvalid') };
    const password = fields['password'];
    if (password !== undefined) return { password: passwordRuleMessage(password, t), linkInvalid: false, banner: null };
  }
  return {
    password: null,
    linkInvalid: false,
    banner: commonFailure(code, t) ?? generalMessage(code ?? 'INTERNAL', t),
  };
}

/** `portalRedeemLoginLink` failed: usually a link that was used or is older than 10 minutes. */
export function linkFailureMessage(error: CombinedErrorLike | null | undefined, t: TFunction): string {
  const code = primaryErrorCode(error);
  if (code === 'BAD_USER_INPUT' || code === 'UNAUTHENTICATED' || code === 'NOT_FOUND') {
    return t('myPage.link.invalid', { minutes: LOGIN_LINK_MINUTES });
  }
  return commonFailure(code, t) ?? generalMessage(code ?? 'INTERNAL', t);
}

/** A change or download on My page failed (other than the session having ended). */
export function actionFailureMessage(error: CombinedErrorLike | null | undefined, t: TFunction): string {
  const code = primaryErrorCode(error);
  if (code === 'BAD_USER_INPUT' || code === 'NOT_FOUND') return t('myPage.changeFailed');
  return commonFailure(code, t) ?? generalMessage(code ?? 'INTERNAL', t);
}
