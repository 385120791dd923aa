//! The access log with "load more": the first page is a normal query; further pages are
//! fetched with the cursor on demand and appended while the filter stays the same.
import { useMemo, useState } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import type { AuditEventsQuery, AuditFilter } from '../../gql/graphql';

export const AUDIT_PAGE_SIZE = 50;

const AuditEventsQueryDoc = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int!, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        seq
        occurredAt
        actorKind
        actorId
        actorName
        action
        entityType
        entityId
        outcome
        ip
        requestId
        details
      }
    }
  }
`);

export type AuditEventRow = AuditEventsQuery['auditEvents']['nodes'][number];

interface ExtraPages {
  readonly key: string;
  readonly rows: readonly AuditEventRow[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface AuditEvents {
  readonly rows: readonly AuditEventRow[];
  readonly hasNextPage: boolean;
  readonly fetching: boolean;
  readonly loadingMore: boolean;
  readonly error: CombinedError | undefined;
  readonly loaded: boolean;
  readonly loadMore: () => void;
  readonly retry: () => void;
}

export function useAuditEvents(filter: AuditFilter): AuditEvents {
  const client = useClient();
  const key = JSON.stringify(filter);
  const [result, reexecute] = useQuery({
    query: AuditEventsQueryDoc,
    variables: { filter, first: AUDIT_PAGE_SIZE, after: null },
    // The log grows all the time (reading it is logged too): always ask the server.
    requestPolicy: 'cache-and-network',
  });
  const [extra, setExtra] = useState<ExtraPages | null>(null);
  const [loadingMore, setLoadingMore] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<{ key: string; error: CombinedError } | null>(null);

  const first = result.data?.auditEvents;
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
      .query(AuditEventsQueryDoc, { filter, first: AUDIT_PAGE_SIZE, after: endCursor }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((res) => {
        setLoadingMore(null);
        const page = res.data?.auditEvents;
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
