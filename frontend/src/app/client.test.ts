import { describe, expect, it } from 'vitest';
import { retryDelayMs, shouldRetrySubscriptions, subscriptionsUrl } from './client';

describe('subscriptionsUrl', () => {
  it('is the WebSocket endpoint of the page origin, secure for https pages', () => {
    expect(subscriptionsUrl({ protocol: 'https:', host: 'tillit.example.se' })).toBe('wss://tillit.example.se/graphql/ws');
    expect(subscriptionsUrl({ protocol: 'http:', host: '127.0.0.1:5173' })).toBe('ws://127.0.0.1:5173/graphql/ws');
  });
});

describe('shouldRetrySubscriptions', () => {
  it('retries a lost connection', () => {
    expect(shouldRetrySubscriptions({ code: 1006, reason: '' })).toBe(true);
    expect(shouldRetrySubscriptions({ code: 1012, reason: 'Service Restart' })).toBe(true);
    expect(shouldRetrySubscriptions({ code: 4408, reason: 'connection_init was not sent in time' })).toBe(true);
  });

  it('does not retry when the server refused the credential', () => {
    expect(shouldRetrySubscriptions({ code: 4403, reason: 'the session has ended; sign in again' })).toBe(false);
    expect(shouldRetrySubscriptions({ code: 4401, reason: 'Unauthorized' })).toBe(false);
  });

  it('does not retry what is not a close', () => {
    expect(shouldRetrySubscriptions(new Error('boom'))).toBe(false);
    expect(shouldRetrySubscriptions(null)).toBe(false);
    expect(shouldRetrySubscriptions({ code: '4403' })).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('doubles from a second up to half a minute, plus jitter below a second', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, 0))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(retryDelayMs(0, 0.999)).toBe(1999);
  });
});
