//! The urql client: same-origin POST /graphql with the CSRF header, a document cache,
//! and a signal when the server says the session is gone.
import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { hasErrorCode } from '../lib/errors';

export const CSRF_HEADER = 'x-tillit-csrf';

/** Dispatched on `window` whenever a response carries an `UNAUTHENTICATED` error. */
export const UNAUTHENTICATED_EVENT = 'tillit:unauthenticated';

export function createClient(): Client {
  return new Client({
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
      fetchExchange,
    ],
  });
}
