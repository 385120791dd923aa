import { describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '../../gql/graphql';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { makeT } from '../../i18n/translate';
import {
  DELIVERY_STATUS_COPY,
  deliveryStatusWord,
  EMPTY_WEBHOOK_FORM,
  EVENT_COPY,
  EVENTS,
  eventTypeLabel,
  firstWebhookProblem,
  lastAnswer,
  SIGNATURE_HEADER_FORMAT,
  sortEvents,
  toggleEvent,
  toWebhookVariables,
  VERIFY_SNIPPET,
  waitingSummary,
  webhookFailureMessage,
  webhookFieldOf,
  webhookProblems,
  webhookSaveFailure,
} from './webhooks';

const t = makeT('en');
const tsv = makeT('sv');
const error = (code: string, message = 'x', field?: string) => ({
  graphQLErrors: [{ message, extensions: field ? { code, field } : { code } }],
});

describe('events', () => {
  it('has a label and an explanation in both languages for every event', () => {
    expect(EVENTS).toEqual(['CONSENT_CHANGED']);
    for (const event of EVENTS) {
      const { label, hint } = EVENT_COPY[event];
      expect(sv[label]).not.toBe(en[label]);
      expect(sv[hint]).not.toBe(en[hint]);
    }
    expect(t(EVENT_COPY.CONSENT_CHANGED.label)).toBe('Consent changed');
    expect(tsv(EVENT_COPY.CONSENT_CHANGED.label)).toBe('Samtycke ändrat');
  });

  it('keeps events distinct and in the canonical order', () => {
    expect(sortEvents(['CONSENT_CHANGED', 'CONSENT_CHANGED'])).toEqual(['CONSENT_CHANGED']);
    expect(toggleEvent([], 'CONSENT_CHANGED', true)).toEqual(['CONSENT_CHANGED']);
    expect(toggleEvent(['CONSENT_CHANGED'], 'CONSENT_CHANGED', false)).toEqual([]);
  });

  it('says the type of a delivery in words, and an unknown type as it is', () => {
    expect(eventTypeLabel('consent.changed', t)).toBe('Consent changed');
    expect(eventTypeLabel('consent.changed', tsv)).toBe('Samtycke ändrat');
    expect(eventTypeLabel('customer.deleted', t)).toBe('customer.deleted');
    expect(eventTypeLabel('toString', t)).toBe('toString');
  });
});

describe('deliveries', () => {
  it('say their status in words, in both languages', () => {
    expect(deliveryStatusWord('DELIVERED', t)).toBe('Delivered');
    expect(deliveryStatusWord('PENDING', t)).toBe('Waiting');
    expect(deliveryStatusWord('DELIVERED', tsv)).toBe('Levererad');
    expect(deliveryStatusWord('PENDING', tsv)).toBe('Väntar');
    for (const status of Object.keys(DELIVERY_STATUS_COPY) as DeliveryStatus[]) {
      expect(DELIVERY_STATUS_COPY[status].tone).toBe(status === 'PENDING' ? 'warning' : 'neutral');
    }
  });

  it('warn when deliveries are waiting', () => {
    expect(waitingSummary(0, t)).toEqual({ text: '0 waiting', warning: false });
    expect(waitingSummary(1, t)).toEqual({ text: '1 waiting — the receiver does not answer', warning: true });
    expect(waitingSummary(3, t)).toEqual({ text: '3 waiting — the receiver does not answer', warning: true });
    expect(waitingSummary(3, tsv).text).toBe('3 väntar – mottagaren svarar inte');
  });

  it('tell what the receiver answered last', () => {
    expect(lastAnswer({ attempts: 0, lastStatus: null, lastError: null }, t)).toBeNull();
    expect(lastAnswer({ attempts: 1, lastStatus: 204, lastError: null }, t)).toBe('HTTP 204');
    expect(lastAnswer({ attempts: 2, lastStatus: 503, lastError: 'service unavailable' }, t)).toBe('HTTP 503: service unavailable');
    expect(lastAnswer({ attempts: 4, lastStatus: null, lastError: ' connection refused ' }, t)).toBe('connection refused');
    expect(lastAnswer({ attempts: 1, lastStatus: null, lastError: '  ' }, t)).toBe('No answer');
    expect(lastAnswer({ attempts: 3, lastStatus: 500, lastError: 'HTTP 500' }, t)).toBe('HTTP 500');
    expect(lastAnswer({ attempts: 3, lastStatus: null, lastError: 'HTTP 500' }, t)).toBe('HTTP 500');
  });
});

describe('the form', () => {
  it('starts with every event ticked and sends the address trimmed', () => {
    expect(EMPTY_WEBHOOK_FORM).toEqual({ url: '', events: ['CONSENT_CHANGED'] });
    expect(toWebhookVariables({ url: '  https://shop.example/hook ', events: ['CONSENT_CHANGED'] })).toEqual({
      url: 'https://shop.example/hook',
      events: ['CONSENT_CHANGED'],
    });
  });

  it('asks for a whole http(s) address and an event, and leaves the rest to the server', () => {
    expect(webhookProblems({ url: ' ', events: [] }, t)).toEqual({
      url: 'Enter the address.',
      events: 'Choose at least one event.',
    });
    expect(webhookProblems({ ...EMPTY_WEBHOOK_FORM, url: 'shop.example/hook' }, t).url).toBe(
      'Enter a whole address, starting with https://.',
    );
    expect(webhookProblems({ ...EMPTY_WEBHOOK_FORM, url: 'ftp://shop.example/hook' }, t).url).toBeDefined();
    expect(webhookProblems({ ...EMPTY_WEBHOOK_FORM, url: 'https://shop.example/hook' }, t)).toEqual({});
    // Whether plain http or a private address is allowed is the server's decision.
    expect(webhookProblems({ ...EMPTY_WEBHOOK_FORM, url: 'http://127.0.0.1:9000/hook' }, t)).toEqual({});
  });

  it('finds the first problem in the order the fields are shown', () => {
    expect(firstWebhookProblem({ events: 'x', url: 'y' })).toBe('url');
    expect(firstWebhookProblem({ events: 'x' })).toBe('events');
    expect(firstWebhookProblem({})).toBeNull();
  });
});

describe('the server’s answers', () => {
  it('puts field errors at their fields', () => {
    expect(webhookSaveFailure(error('BAD_USER_INPUT', 'must start with https://', 'url'), t)).toEqual({
      fields: { url: 'must start with https://' },
      banner: null,
    });
    expect(webhookSaveFailure(error('BAD_USER_INPUT', 'choose at least one event', 'events.0'), t)).toEqual({
      fields: { events: 'choose at least one event' },
      banner: null,
    });
    expect(webhookFieldOf('events[1]')).toBe('events');
    expect(webhookFieldOf('urls')).toBeNull();
  });

  it('keeps other errors in the banner', () => {
    expect(webhookSaveFailure(error('BAD_USER_INPUT', 'something else', 'other'), t)).toEqual({
      fields: {},
      banner: 'something else',
    });
    expect(webhookSaveFailure(error('FORBIDDEN'), t).banner).toBe(t('webhooks.noAccess'));
    expect(webhookSaveFailure(error('INTERNAL'), t).banner).toBe(t('error.INTERNAL'));
    expect(webhookSaveFailure(null, t)).toEqual({ fields: {}, banner: null });
  });

  it('explains a failed removal', () => {
    expect(webhookFailureMessage(error('NOT_FOUND'), t)).toBe(t('webhooks.notFound'));
    expect(webhookFailureMessage(error('FORBIDDEN'), t)).toBe(t('error.FORBIDDEN'));
    expect(webhookFailureMessage({ graphQLErrors: [], networkError: new Error('offline') }, t)).toBe(t('error.NETWORK'));
  });
});

describe('verifying a delivery', () => {
  it('shows the header format and five lines of Node.js', () => {
    expect(SIGNATURE_HEADER_FORMAT).toBe('tillit-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>');
    const lines = VERIFY_SNIPPET.split('\n');
    expect(lines).toHaveLength(5);
    expect(VERIFY_SNIPPET).toContain("crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')");
    expect(VERIFY_SNIPPET).toContain("req.headers['tillit-signature']");
    expect(lines.at(-1)).toMatch(/^const valid = /);
  });
});
