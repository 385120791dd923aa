//! Pure helpers of Admin → Webhooks: events and delivery statuses in words, the waiting
//! deliveries of an endpoint, what the last attempt of a delivery answered, the "New webhook"
//! form and the server's answers, and how a receiver verifies `tillit-signature`.
import type { DeliveryStatus, WebhookEvent } from '../../gql/graphql';
import type { MessageKey, TFunction } from '../../i18n';
import { bannerMessage, fieldErrors, generalMessage, primaryErrorCode, type CombinedErrorLike } from '../../lib/errors';

/** How many deliveries the "Deliveries" panel asks for (newest first). */
export const DELIVERIES_SHOWN = 20;

// ---------- Events ----------

/**
 * Every event an endpoint can subscribe to, with a label and a one-line explanation.
 * `Record<WebhookEvent, …>` makes a new value of the API's enum a type error until it has words.
 * The order here is the order shown and sent.
 */
export const EVENT_COPY: Readonly<Record<WebhookEvent, { readonly label: MessageKey; readonly hint: MessageKey }>> = {
  CONSENT_CHANGED: { label: 'webhooks.event.CONSENT_CHANGED', hint: 'webhooks.event.CONSENT_CHANGED.hint' },
};

export const EVENTS = Object.keys(EVENT_COPY) as WebhookEvent[];

/** Distinct events in the canonical order. */
export function sortEvents(events: readonly WebhookEvent[]): WebhookEvent[] {
  return EVENTS.filter((e) => events.includes(e));
}

export function toggleEvent(events: readonly WebhookEvent[], event: WebhookEvent, on: boolean): WebhookEvent[] {
  const chosen = new Set(events);
  if (on) chosen.add(event);
  else chosen.delete(event);
  return sortEvents([...chosen]);
}

// ---------- Deliveries ----------

export type DeliveryTone = 'neutral' | 'warning' | 'muted' | 'danger';

/** A delivery's status as a word and a badge tone (the word carries the meaning, not the colour). */
export const DELIVERY_STATUS_COPY: Readonly<Record<DeliveryStatus, { readonly label: MessageKey; readonly tone: DeliveryTone }>> = {
  DELIVERED: { label: 'webhooks.status.DELIVERED', tone: 'neutral' },
  PENDING: { label: 'webhooks.status.PENDING', tone: 'warning' },
};

export function deliveryStatusWord(status: DeliveryStatus, t: TFunction): string {
  return t(DELIVERY_STATUS_COPY[status].label);
}

/** The deliveries an endpoint still owes, in words: a warning when the receiver is behind. */
export function waitingSummary(pending: number, t: TFunction): { readonly text: string; readonly warning: boolean } {
  if (pending <= 0) return { text: t('webhooks.waiting.none'), warning: false };
  return { text: t(pending === 1 ? 'webhooks.waiting.one' : 'webhooks.waiting.many', { count: pending }), warning: true };
}

/** The parts of a delivery that say how its last attempt went. */
export interface AttemptOutcome {
  readonly attempts: number;
  readonly lastStatus?: number | null;
  readonly lastError?: string | null;
}

/**
 * What the receiver answered the last time, in words: the HTTP status, the error (a timeout, a
 * refused connection, …) or both; null before the first attempt.
 */
export function lastAnswer(delivery: AttemptOutcome, t: TFunction): string | null {
  const status = delivery.lastStatus ?? null;
  const trimmed = delivery.lastError?.trim() ?? '';
  const error = trimmed === '' ? null : trimmed;
  if (status !== null && error !== null) {
    // A failure the dispatcher already words by its status ("HTTP 503") is not said twice.
    return error.startsWith(`HTTP ${String(status)}`) ? error : t('webhooks.answer.statusAndError', { status, error });
  }
  if (status !== null) return t('webhooks.answer.status', { status });
  if (error !== null) return error;
  return delivery.attempts > 0 ? t('webhooks.answer.unknown') : null;
}

// ---------- The form ----------

export interface WebhookFormValues {
  readonly url: string;
  readonly events: readonly WebhookEvent[];
}

/** The form's fields, named as the server's `extensions.field` names them. */
export type WebhookFormField = 'url' | 'events';
export type WebhookFormErrors = Partial<Record<WebhookFormField, string>>;

export const WEBHOOK_FORM_FIELDS: readonly WebhookFormField[] = ['url', 'events'];

/** A new webhook subscribes to every event (today: consent changes) unless unticked. */
export const EMPTY_WEBHOOK_FORM: WebhookFormValues = { url: '', events: EVENTS };

/** The variables of `createWebhookEndpoint`. */
export function toWebhookVariables(values: WebhookFormValues): { url: string; events: WebhookEvent[] } {
  return { url: values.url.trim(), events: sortEvents(values.events) };
}

/**
 * What is checked before sending: an address at all, an http(s) URL, and an event. Whether the
 * address must be https and may point where it points is the server's to say (it resolves the
 * host), so that is left to its answer.
 */
export function webhookProblems(values: WebhookFormValues, t: TFunction): WebhookFormErrors {
  const problems: WebhookFormErrors = {};
  const url = values.url.trim();
  if (url === '') problems.url = t('webhooks.form.urlMissing');
  else if (!isHttpUrl(url)) problems.url = t('webhooks.form.urlInvalid');
  if (values.events.length === 0) problems.events = t('webhooks.form.eventsMissing');
  return problems;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The fields in the order they are shown, for moving focus to the first problem. */
export function firstWebhookProblem(errors: WebhookFormErrors): WebhookFormField | null {
  return WEBHOOK_FORM_FIELDS.find((f) => errors[f] !== undefined) ?? null;
}

/** The form field a server path names (`events.0` is about the events as a whole). */
export function webhookFieldOf(path: string): WebhookFormField | null {
  return WEBHOOK_FORM_FIELDS.find((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`)) ?? null;
}

export interface WebhookSaveFailure {
  readonly fields: WebhookFormErrors;
  readonly banner: string | null;
}

/** `createWebhookEndpoint`'s errors: `BAD_USER_INPUT` at its field, the rest in a banner. */
export function webhookSaveFailure(error: CombinedErrorLike | null | undefined, t: TFunction): WebhookSaveFailure {
  const server = fieldErrors(error, t('error.fieldInvalid'));
  const fields: WebhookFormErrors = {};
  const placed = new Set<string>();
  for (const [path, message] of Object.entries(server)) {
    const field = webhookFieldOf(path);
    if (field === null) continue;
    placed.add(path);
    fields[field] ??= message;
  }
  if (primaryErrorCode(error) === 'FORBIDDEN') return { fields, banner: t('webhooks.noAccess') };
  return { fields, banner: bannerMessage(error, t, placed) };
}

/** Why `deleteWebhookEndpoint` (or loading deliveries) failed, in the UI language. */
export function webhookFailureMessage(error: CombinedErrorLike | null | undefined, t: TFunction): string {
  const code = primaryErrorCode(error) ?? 'INTERNAL';
  if (code === 'NOT_FOUND') return t('webhooks.notFound');
  return generalMessage(code, t);
}

// ---------- Verifying a delivery ----------

/** The signature header as the receiver gets it. */
export const SIGNATURE_HEADER_FORMAT = 'tillit-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>';

/**
 * Five lines of Node.js that verify a delivery: `secret` is the endpoint's signing secret, `req`
 * the request and `body` its raw body as a string, exactly as received (before JSON.parse).
 * `valid` is true for a genuine delivery signed within the last five minutes.
 */
export const VERIFY_SNIPPET = [
  "const crypto = require('node:crypto');",
  "const [t, v1] = req.headers['tillit-signature'].split(',').map((part) => part.slice(part.indexOf('=') + 1));",
  "const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');",
  'const fresh = Math.abs(Date.now() / 1000 - Number(t)) < 300;',
  'const valid = fresh && v1.length === expected.length && crypto.timingSafeEqual(Buffer.from(v1), Buffer.from(expected));',
].join('\n');

/** The `type` of a delivery's body (`consent.changed`) in words; an unknown type is shown as it is. */
const EVENT_TYPE_LABELS: Readonly<Record<string, MessageKey>> = {
  'consent.changed': 'webhooks.event.CONSENT_CHANGED',
};

export function eventTypeLabel(type: string, t: TFunction): string {
  const key = Object.hasOwn(EVENT_TYPE_LABELS, type) ? EVENT_TYPE_LABELS[type] : undefined;
  return key ? t(key) : type;
}
