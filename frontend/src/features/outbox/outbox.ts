//! Pure helpers of Admin → Outbox: a message's status and kind in words, "load more" by
//! `before` (the last message's `createdAt`), and the links in a message's text.
import type { MessageStatus } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';

/** How many messages a page asks for (the server's default too). */
export const OUTBOX_PAGE_SIZE = 50;

export type MessageTone = 'neutral' | 'warning' | 'muted' | 'danger';

/**
 * A status as a word and a badge tone (the word carries the meaning). STORED: no e-mail server
 * is configured, so the message is only kept here and someone must pass it on by hand.
 * `Record<MessageStatus, …>` makes a new value of the API's enum a type error until it has words.
 */
export const MESSAGE_STATUS_COPY: Readonly<Record<MessageStatus, { readonly label: MessageKey; readonly tone: MessageTone }>> = {
  STORED: { label: 'outbox.status.STORED', tone: 'warning' },
  PENDING: { label: 'outbox.status.PENDING', tone: 'muted' },
  SENT: { label: 'outbox.status.SENT', tone: 'neutral' },
  FAILED: { label: 'outbox.status.FAILED', tone: 'danger' },
};

export function messageStatusWord(status: MessageStatus, t: TFunction): string {
  return t(MESSAGE_STATUS_COPY[status].label);
}

/** The kinds of message the server writes, in words; an unknown kind is shown as it is. */
const KIND_LABELS: Readonly<Record<string, MessageKey>> = {
  portal_invite: 'outbox.kind.portal_invite',
  portal_login: 'outbox.kind.portal_login',
};

export function messageKindLabel(kind: string, t: TFunction): string {
  const key = Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind] : undefined;
  return key ? t(key) : kind;
}

// ---------- Load more ----------

/** The `before` of the next page: the `createdAt` of the last (oldest) message shown. */
export function nextBefore(rows: readonly { readonly createdAt: string }[]): string | null {
  return rows.at(-1)?.createdAt ?? null;
}

/** A full page may have more after it; a short one is the end. */
export function mayHaveMore(pageLength: number, pageSize = OUTBOX_PAGE_SIZE): boolean {
  return pageLength >= pageSize;
}

/** `rows` followed by the messages of `page` not shown yet. */
export function appendPage<R extends { readonly id: string }>(rows: readonly R[], page: readonly R[]): R[] {
  const seen = new Set(rows.map((r) => r.id));
  return [...rows, ...page.filter((r) => !seen.has(r.id))];
}

// ---------- Links in a message ----------

export type BodySegment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly href: string };

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
/** Punctuation that ends a sentence after a link rather than belonging to it. */
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * A message's text cut into plain text and http(s) links (shown as links in the body, so an
 * administrator can open or copy an invitation they must pass on by hand). Nothing is dropped:
 * joining the segments gives the text back.
 */
export function linkify(body: string): BodySegment[] {
  const out: BodySegment[] = [];
  let at = 0;
  for (const match of body.matchAll(URL_PATTERN)) {
    const start = match.index;
    const raw = match[0];
    const href = raw.replace(TRAILING, '');
    if (start > at) out.push({ kind: 'text', text: body.slice(at, start) });
    out.push({ kind: 'link', href });
    at = start + href.length;
  }
  if (at < body.length) out.push({ kind: 'text', text: body.slice(at) });
  return out;
}
