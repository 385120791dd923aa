//! Readable words for the consent enums, and a consent's status as a symbol, a short label and a
//! full sentence, so that a status is never told by colour alone. `Record<Enum, …>` makes a new
//! value of the API's enums a type error here until it has words in both languages.
import type {
  ConsentChannel,
  ConsentDecision,
  ConsentSource,
  ConsentStatus,
  ContactConsentFieldsFragment,
  LegalBasis,
} from '../../gql/graphql';
import type { Lang, MessageKey, TFunction } from '../../i18n';
import { formatDate } from '../../lib/format';

export type ConsentTone = 'neutral' | 'warning' | 'muted' | 'danger';

export interface StatusCopy {
  /** The short label shown in a cell ("Granted"). */
  readonly label: MessageKey;
  /** Shown before the label; decorative (`aria-hidden`), the label carries the meaning. */
  readonly symbol: string;
  readonly tone: ConsentTone;
  /** What the status means, for the legend. */
  readonly hint: MessageKey;
}

/** Every status of a consent, in the order of the legend. */
export const STATUS_COPY: Readonly<Record<ConsentStatus, StatusCopy>> = {
  GRANTED: { label: 'consent.status.GRANTED', symbol: '✓', tone: 'neutral', hint: 'consent.status.GRANTED.hint' },
  WITHDRAWN: { label: 'consent.status.WITHDRAWN', symbol: '↩', tone: 'danger', hint: 'consent.status.WITHDRAWN.hint' },
  DENIED: { label: 'consent.status.DENIED', symbol: '✕', tone: 'danger', hint: 'consent.status.DENIED.hint' },
  NOT_ASKED: { label: 'consent.status.NOT_ASKED', symbol: '–', tone: 'muted', hint: 'consent.status.NOT_ASKED.hint' },
  OUTDATED: { label: 'consent.status.OUTDATED', symbol: '↻', tone: 'warning', hint: 'consent.status.OUTDATED.hint' },
  EXPIRED: { label: 'consent.status.EXPIRED', symbol: '◷', tone: 'warning', hint: 'consent.status.EXPIRED.hint' },
};
export const CONSENT_STATUSES = Object.keys(STATUS_COPY) as ConsentStatus[];

/**
 * The decisions staff can record, in the order of the buttons. Each is one click, so
 * withdrawing is exactly as easy as granting. A decision reads like the status it leads to.
 */
export const DECISIONS: readonly ConsentDecision[] = ['GRANTED', 'WITHDRAWN', 'DENIED'];

export const SOURCE_LABELS: Readonly<Record<ConsentSource, MessageKey>> = {
  CUSTOMER_CARD: 'consent.source.CUSTOMER_CARD',
  PAPER_FORM: 'consent.source.PAPER_FORM',
  PHONE: 'consent.source.PHONE',
  MY_PAGE: 'consent.source.MY_PAGE',
  WEBSHOP: 'consent.source.WEBSHOP',
  IMPORT: 'consent.source.IMPORT',
};

/** The sources staff may choose; My page and the webshop record their own changes. */
export const STAFF_SOURCES: readonly ConsentSource[] = ['CUSTOMER_CARD', 'PAPER_FORM', 'PHONE', 'IMPORT'];

export function isStaffSource(value: string): value is ConsentSource {
  return (STAFF_SOURCES as readonly string[]).includes(value);
}

export const CHANNEL_LABELS: Readonly<Record<ConsentChannel, MessageKey>> = {
  EMAIL: 'consent.channel.EMAIL',
  SMS: 'consent.channel.SMS',
  PHONE: 'consent.channel.PHONE',
  POST: 'consent.channel.POST',
  OTHER: 'consent.channel.OTHER',
};
export const CHANNELS = Object.keys(CHANNEL_LABELS) as ConsentChannel[];

export const LEGAL_BASIS_LABELS: Readonly<Record<LegalBasis, MessageKey>> = {
  CONSENT: 'consent.legalBasis.CONSENT',
  LEGITIMATE_INTEREST: 'consent.legalBasis.LEGITIMATE_INTEREST',
};

/** A purpose's name in the UI language. */
export function purposeName(purpose: { readonly nameSv: string; readonly nameEn: string }, lang: Lang): string {
  return lang === 'sv' ? purpose.nameSv : purpose.nameEn;
}

type ConsentLike = Pick<
  ContactConsentFieldsFragment,
  'status' | 'declarationVersion' | 'validUntil' | 'changedAt' | 'source'
>;

/**
 * A consent as one sentence for the tooltip and for screen readers, e.g. "Marketing e-mail:
 * granted under declaration v2 on 29 Nov 2026, valid until 31 Dec 2027, source: Paper form".
 */
export function consentDescription(consent: ConsentLike, purpose: string, t: TFunction, locale: string): string {
  const date = consent.changedAt ? formatDate(consent.changedAt, locale) : null;
  const until = consent.validUntil ? formatDate(consent.validUntil, locale) : null;
  const version = consent.declarationVersion;
  const parts: string[] = [];
  switch (consent.status) {
    case 'NOT_ASKED':
      return t('consent.describe.NOT_ASKED', { purpose });
    case 'GRANTED':
    case 'OUTDATED':
      parts.push(
        date !== null && version !== null
          ? t(consent.status === 'GRANTED' ? 'consent.describe.GRANTED' : 'consent.describe.OUTDATED', {
              purpose,
              version,
              date,
            })
          : t('consent.describe.plain', { purpose, status: t(STATUS_COPY[consent.status].label).toLowerCase() }),
      );
      if (until !== null) parts.push(t('consent.describe.validUntil', { date: until }));
      break;
    case 'EXPIRED':
      parts.push(
        date !== null && until !== null
          ? t('consent.describe.EXPIRED', { purpose, date, until })
          : t('consent.describe.plain', { purpose, status: t(STATUS_COPY.EXPIRED.label).toLowerCase() }),
      );
      break;
    case 'WITHDRAWN':
    case 'DENIED':
      parts.push(
        date !== null
          ? t(consent.status === 'WITHDRAWN' ? 'consent.describe.WITHDRAWN' : 'consent.describe.DENIED', { purpose, date })
          : t('consent.describe.plain', { purpose, status: t(STATUS_COPY[consent.status].label).toLowerCase() }),
      );
      break;
  }
  if (consent.source) parts.push(t('consent.describe.source', { source: t(SOURCE_LABELS[consent.source]) }));
  return parts.join(', ');
}

/** Who recorded a consent event: the staff user's name, else the kind of actor in words. */
export function eventActorLabel(event: { readonly actorKind: string; readonly actorName?: string | null }, t: TFunction): string {
  if (event.actorName) return event.actorName;
  switch (event.actorKind) {
    case 'user':
      return t('consent.actor.user');
    case 'api_key':
      return t('consent.actor.api_key');
    case 'data_subject':
      return t('consent.actor.data_subject');
    case 'system':
      return t('consent.actor.system');
    default:
      return event.actorKind;
  }
}

interface PurposeRef {
  readonly id: string;
}

/**
 * The purposes of the consent columns, from the contacts' consents (each lists every active
 * purpose in purpose order): every purpose once, in the order the server sent them.
 */
export function purposesOf<P extends PurposeRef>(
  contacts: readonly { readonly consents: readonly { readonly purpose: P }[] }[],
): P[] {
  const seen = new Map<string, P>();
  for (const contact of contacts) {
    for (const consent of contact.consents) {
      if (!seen.has(consent.purpose.id)) seen.set(consent.purpose.id, consent.purpose);
    }
  }
  return [...seen.values()];
}

/** A contact's consent for one purpose, if the server listed it. */
export function consentFor<C extends { readonly purpose: PurposeRef }>(
  contact: { readonly consents: readonly C[] },
  purposeId: string,
): C | undefined {
  return contact.consents.find((c) => c.purpose.id === purposeId);
}

/** Consent events newest first (the server sends them so; this keeps a printout right anyway). */
export function newestFirst<E extends { readonly occurredAt: string }>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
}
