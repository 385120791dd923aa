//! The urql client: same-origin POST /graphql with the CSRF header, a document cache,
//! and a signal when the server says the session is gone. Subscriptions go over a WebSocket
//! (`/graphql/ws`, protocol `graphql-transport-ws`), which the server authenticates with the
//! same session cookie; it is open only while a subscription is active.
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type ExecutionResult } from 'urql';
import { hasErrorCode } from '../lib/errors';

export const CSRF_HEADER = 'x-tillit-csrf';

/** Dispatched on `window` whenever a response carries an `UNAUTHENTICATED` error. */
export const UNAUTHENTICATED_EVENT = 'tillit:unauthenticated';

/** Where the server serves subscriptions (WebSocket only). */
export const SUBSCRIPTIONS_PATH = '/graphql/ws';

/**
 * Close codes after which reconnecting cannot help: the server refused the credential
 * (4403: no or an ended session; 4401: unauthorized). A new login makes a new client anyway.
 */
export const NO_RETRY_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403]);

/** How often a lost subscription connection is tried again before the subscription errors. */
export const RETRY_ATTEMPTS = 8;

/** The subscription endpoint of the page's own origin: `wss:` for `https:` pages, else `ws:`. */
export function subscriptionsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${SUBSCRIPTIONS_PATH}`;
}

function closeCodeOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('code' in value)) return null;
  return typeof value.code === 'number' ? value.code : null;
}

/**
 * Whether a closed subscription connection is worth opening again: closes (lost network,
 * server restart, …) yes, unless the server refused the credential; other errors no.
 */
export function shouldRetrySubscriptions(errOrCloseEvent: unknown): boolean {
  const code = closeCodeOf(errOrCloseEvent);
  return code !== null && !NO_RETRY_CLOSE_CODES.has(code);
}

/** Exponential backoff from 1 s, at most 30 s, with up to a second of jitter. */
export function retryDelayMs(retries: number, jitter: number = Math.random()): number {
  return Math.min(1000 * 2 ** retries, 30_000) + Math.floor(jitter * 1000);
}

/** A urql client and what must be closed when it is replaced. */
export interface SessionClient {
  readonly client: Client;
  /**
   * Closes the subscriptions' WebSocket, if one is open. Safe to call more than once; a
   * subscription started later opens a new connection (React's StrictMode runs effect cleanups
   * on a client it then keeps using).
   */
  readonly dispose: () => void;
}

/**
 * What each running subscription is told after its connection was lost and made again: the
 * changes in between are gone, as when the server says `CHANGES_MISSED` (reload what is shown).
 */
export const RECONNECTED_RESULT = {
  errors: [
    {
      message: 'the subscription connection was lost and made again; changes in between may be missed',
      extensions: { code: 'CHANGES_MISSED' },
    },
  ],
} as const;

/** Where urql takes a subscription's results. */
interface ResultSink {
  next(result: ExecutionResult): void;
  error(error: unknown): void;
  complete(): void;
}

export function createClient(): SessionClient {
  // The sinks of the running subscriptions, told about a reconnect.
  const running = new Set<ResultSink>();
  // Made at the first subscription (and again after `dispose`), so a client that never
  // subscribes never touches WebSocket; `lazy` closes the socket when no subscription is left.
  let ws: WsClient | null = null;
  const webSocket = (): WsClient => {
    ws ??= createWsClient({
      url: subscriptionsUrl(window.location),
      lazy: true,
      retryAttempts: RETRY_ATTEMPTS,
      shouldRetry: shouldRetrySubscriptions,
      retryWait: (retries) =>
        new Promise((resolve) => {
          setTimeout(resolve, retryDelayMs(retries));
        }),
      on: {
        connected: (_socket, _payload, wasRetry) => {
          if (wasRetry) for (const sink of running) sink.next(RECONNECTED_RESULT);
        },
      },
    });
    return ws;
  };

  const client = new Client({
    url: '/graphql',
    // Always POST (urql would otherwise send short queries as GET); the server only
    // accepts application/json POSTs carrying the CSRF header.
    preferGetMethod: false,
    fetchOptions: {
      credentials: 'same-origin',
      headers: { [CSRF_HEADER]: '1' },
    },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (hasErrorCode(error, 'UNAUTHENTICATED')) {
            window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
          }
        },
      }),
      // Takes subscription operations only; queries and mutations pass on to fetchExchange.
      subscriptionExchange({
        forwardSubscription(request) {
          const payload = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              running.add(sink);
              const unsubscribe = webSocket().subscribe<Record<string, unknown>, Record<string, unknown>>(payload, {
                next: (result) => {
                  sink.next(result);
                },
                error: (error: unknown) => {
                  running.delete(sink);
                  sink.error(error);
                },
                complete: () => {
                  running.delete(sink);
                  sink.complete();
                },
              });
              return {
                unsubscribe: () => {
                  running.delete(sink);
                  unsubscribe();
                },
              };
            },
          };
        },
      }),
      fetchExchange,
    ],
  });

  return {
    client,
    dispose: () => {
      const current = ws;
      ws = null;
      if (current) void current.dispose();
    },
  };
}
