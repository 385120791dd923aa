//! The contact list with "load more", as the access log does it: the first page is a normal
//! query; further pages are fetched with the cursor on demand and appended while the filter
//! stays the same.
import { useMemo, useState } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import type { ConsentContactFilter, ConsentContactsQuery } from '../../gql/graphql';

export const CONTACT_PAGE_SIZE = 50;

const ConsentContactsQueryDoc = graphql(`
  query ConsentContacts($filter: ConsentContactFilter!, $first: Int!, $after: String) {
    consentContacts(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        customerId
        customerNumber
        customerName
        contact {
          id
          name
          email
          phone
          consents {
            ...ContactConsentFields
          }
        }
      }
    }
  }
`);

export type ConsentReportRow = ConsentContactsQuery['consentContacts']['nodes'][number];

interface ExtraPages {
  readonly key: string;
  readonly rows: readonly ConsentReportRow[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface ConsentContacts {
  readonly rows: readonly ConsentReportRow[];
  readonly hasNextPage: boolean;
  readonly fetching: boolean;
  readonly loadingMore: boolean;
  readonly error: CombinedError | undefined;
  readonly loaded: boolean;
  readonly loadMore: () => void;
  readonly retry: () => void;
}

/** The list for `filter`; nothing is asked while `filter` is null (no purpose to list yet). */
export function useConsentContacts(filter: ConsentContactFilter | null): ConsentContacts {
  const client = useClient();
  const key = JSON.stringify(filter);
  const [result, reexecute] = useQuery({
    query: ConsentContactsQueryDoc,
    variables: { filter: filter ?? { purposeId: '' }, first: CONTACT_PAGE_SIZE, after: null },
    pause: filter === null,
    // Consents change from the customer cards and the webshop: always ask the server.
    requestPolicy: 'cache-and-network',
  });
  const [extra, setExtra] = useState<ExtraPages | null>(null);
  const [loadingMore, setLoadingMore] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<{ key: string; error: CombinedError } | null>(null);

  const first = filter ? result.data?.consentContacts : undefined;
  const current = extra && extra.key === key && first ? extra : null;

  const rows = useMemo(() => {
    if (!first) return [];
    if (!current) return first.nodes;
    const seen = new Set(first.nodes.map((n) => n.contact.id));
    return [...first.nodes, ...current.rows.filter((r) => !seen.has(r.contact.id))];
  }, [first, current]);

  const hasNextPage = current ? current.hasNextPage : (first?.pageInfo.hasNextPage ?? false);
  const endCursor = current ? current.endCursor : (first?.pageInfo.endCursor ?? null);

  const loadMore = () => {
    if (!filter || !hasNextPage || !endCursor || loadingMore === key) return;
    setLoadingMore(key);
    setMoreError(null);
    void client
      .query(ConsentContactsQueryDoc, { filter, first: CONTACT_PAGE_SIZE, after: endCursor }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((res) => {
        setLoadingMore(null);
        const page = res.data?.consentContacts;
        if (!page) {
          if (res.error) setMoreError({ key, error: res.error });
          return;
        }
        setExtra((prev) => ({
          key,
          rows: [...(prev && prev.key === key ? prev.rows : []), ...page.nodes],
          hasNextPage: page.pageInfo.hasNextPage,
          endCursor: page.pageInfo.endCursor ?? null,
        }));
      });
  };

  return {
    rows,
    hasNextPage,
    fetching: filter !== null && result.fetching,
    loadingMore: loadingMore === key,
    error: filter ? (result.error ?? (moreError?.key === key ? moreError.error : undefined)) : undefined,
    loaded: Boolean(first),
    loadMore,
    retry: () => {
      reexecute({ requestPolicy: 'network-only' });
    },
  };
}
