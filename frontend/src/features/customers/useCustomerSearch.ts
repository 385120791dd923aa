//! Customer search with "load more": the first page is a normal (cached, reactive) query;
//! further pages are fetched on demand and appended while the search stays the same.
import { useMemo, useState } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import type { CustomerSearchQuery } from '../../gql/graphql';

export const PAGE_SIZE = 25;

const CustomerSearchQueryDoc = graphql(`
  query CustomerSearch($search: String, $includeArchived: Boolean!, $first: Int!, $after: String) {
    customers(search: $search, includeArchived: $includeArchived, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        number
        displayName
        kind
        email
        phone
        state
        invoiceAddress {
          city
        }
        postalAddress {
          city
        }
      }
    }
  }
`);

export type CustomerRow = CustomerSearchQuery['customers']['nodes'][number];

interface ExtraPages {
  readonly key: string;
  readonly rows: readonly CustomerRow[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface CustomerSearch {
  readonly rows: readonly CustomerRow[];
  readonly hasNextPage: boolean;
  readonly fetching: boolean;
  readonly loadingMore: boolean;
  readonly error: CombinedError | undefined;
  readonly loaded: boolean;
  readonly loadMore: () => void;
  readonly retry: () => void;
}

// Also refetch when a customer is created or changed, even if no row was a Customer yet.
const CONTEXT = { additionalTypenames: ['Customer'] };

export function useCustomerSearch(search: string, includeArchived: boolean): CustomerSearch {
  const client = useClient();
  const term = search.trim() || null;
  const key = JSON.stringify([term, includeArchived]);
  const [result, reexecute] = useQuery({
    query: CustomerSearchQueryDoc,
    variables: { search: term, includeArchived, first: PAGE_SIZE, after: null },
    context: CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [extra, setExtra] = useState<ExtraPages | null>(null);
  const [loadingMore, setLoadingMore] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<{ key: string; error: CombinedError } | null>(null);

  const first = result.data?.customers;
  const current = extra && extra.key === key && first ? extra : null;

  const rows = useMemo(() => {
    if (!first) return [];
    if (!current) return first.nodes;
    const seen = new Set(first.nodes.map((n) => n.id));
    return [...first.nodes, ...current.rows.filter((r) => !seen.has(r.id))];
  }, [first, current]);

  const hasNextPage = current ? current.hasNextPage : (first?.pageInfo.hasNextPage ?? false);
  const endCursor = current ? current.endCursor : (first?.pageInfo.endCursor ?? null);

  const loadMore = () => {
    if (!hasNextPage || !endCursor || loadingMore === key) return;
    setLoadingMore(key);
    setMoreError(null);
    void client
      .query(
        CustomerSearchQueryDoc,
        { search: term, includeArchived, first: PAGE_SIZE, after: endCursor },
        { requestPolicy: 'network-only' },
      )
      .toPromise()
      .then((res) => {
        setLoadingMore(null);
        const page = res.data?.customers;
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
    fetching: result.fetching,
    loadingMore: loadingMore === key,
    error: result.error ?? (moreError?.key === key ? moreError.error : undefined),
    loaded: Boolean(first),
    loadMore,
    retry: () => {
      reexecute({ requestPolicy: 'network-only' });
    },
  };
}
