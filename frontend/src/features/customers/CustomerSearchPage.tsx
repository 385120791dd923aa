//! /customers: find a customer by any fragment. The term lives in the URL (`?q=`), so
//! back-navigation returns to the same results; arrow keys + Enter open a customer.
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { Badge } from '../../components/Badge';
import { useT } from '../../i18n';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { formatPhone } from '../../lib/format';
import { customerTitle, KIND_LABELS, STATE_LABELS } from './labels';
import { useListNavigation } from './listNavigation';
import { useCustomerSearch, type CustomerRow } from './useCustomerSearch';

/** Typing updates the URL (and so the search) this long after the last key press. */
export const SEARCH_DEBOUNCE_MS = 150;

function rowId(id: string): string {
  return `customer-row-${id}`;
}

function cityOf(row: CustomerRow): string | null {
  return (row.postalAddress ?? row.invoiceAddress)?.city ?? null;
}

export function CustomerSearchPage() {
  const t = useT();
  const navigate = useNavigate();
  const canCreate = hasRight(useViewer(), 'EDIT_CUSTOMERS');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const includeArchived = params.get('archived') === '1';

  // The field shows what is typed at once; the URL follows after a short pause. When the
  // URL changes from elsewhere (back button, the "Customers" nav link), the field follows it.
  const [input, setInput] = useState(q);
  const [seenQ, setSeenQ] = useState(q);
  const [pushedQ, setPushedQ] = useState(q);
  if (q !== seenQ) {
    setSeenQ(q);
    if (q !== pushedQ) {
      setInput(q);
      setPushedQ(q);
    }
  }
  // Same for the checkbox, so it flips at once, before the router has caught up.
  const [archivedInput, setArchivedInput] = useState(includeArchived);
  const [seenArchived, setSeenArchived] = useState(includeArchived);
  if (includeArchived !== seenArchived) {
    setSeenArchived(includeArchived);
    setArchivedInput(includeArchived);
  }
  const timer = useRef<number | undefined>(undefined);
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
    },
    [],
  );

  const updateParams = (next: { q?: string; archived?: boolean }) => {
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        if (next.q !== undefined) {
          if (next.q.trim()) p.set('q', next.q);
          else p.delete('q');
        }
        if (next.archived !== undefined) {
          if (next.archived) p.set('archived', '1');
          else p.delete('archived');
        }
        return p;
      },
      { replace: true },
    );
  };

  const onInput = (value: string) => {
    setInput(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const normalized = value.trim() ? value : '';
      setPushedQ(normalized);
      updateParams({ q: normalized });
    }, SEARCH_DEBOUNCE_MS);
  };

  const search = useCustomerSearch(q, includeArchived);
  const open = (index: number) => {
    const row = search.rows[index];
    if (row) void navigate(`/customers/${row.id}`);
  };
  const nav = useListNavigation({
    count: search.rows.length,
    resetKey: `${q}\u0000${String(includeArchived)}`,
    onOpen: open,
  });
  const highlightedRow = nav.highlighted >= 0 ? search.rows[nav.highlighted] : undefined;

  useEffect(() => {
    if (!highlightedRow) return;
    document.getElementById(rowId(highlightedRow.id))?.scrollIntoView({ block: 'nearest' });
  }, [highlightedRow]);

  const term = q.trim();
  const errorCode = primaryErrorCode(search.error);

  return (
    <main className="page" id="main">
      <div className="page__header">
        <h1>{t('customers.title')}</h1>
        {canCreate ? (
          <Link to="/customers/new" className="button button--primary">
            <span aria-hidden="true">+ </span>
            {t('customers.new')}
          </Link>
        ) : null}
      </div>

      <div className="card search">
        <div className="search__row">
          <div className="field search__field">
            <label className="field__label" htmlFor="customer-search">
              {t('customers.search.label')}
            </label>
            <input
              id="customer-search"
              className="input input--search"
              type="search"
              autoFocus
              autoComplete="off"
              spellCheck={false}
              placeholder={t('customers.search.placeholder')}
              value={input}
              aria-describedby="customer-search-hint"
              aria-controls="customer-results"
              aria-activedescendant={highlightedRow ? rowId(highlightedRow.id) : undefined}
              onChange={(e) => {
                onInput(e.target.value);
              }}
              onKeyDown={(e) => {
                if (e.nativeEvent.isComposing) return;
                if (nav.handleKey(e.key)) e.preventDefault();
              }}
            />
            <p className="field__hint" id="customer-search-hint">
              {t('customers.search.hint')}
            </p>
          </div>
          <label className="checkbox search__archived">
            <input
              type="checkbox"
              checked={archivedInput}
              onChange={(e) => {
                setArchivedInput(e.target.checked);
                updateParams({ archived: e.target.checked });
              }}
            />
            {t('customers.showArchived')}
          </label>
        </div>
      </div>

      {search.error && errorCode ? (
        <Banner
          action={
            <button type="button" className="button" onClick={search.retry}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(errorCode, t)}
        </Banner>
      ) : null}

      {!search.loaded && search.fetching ? <Loading label={t('customers.searching')} /> : null}

      {search.loaded && search.rows.length === 0 ? (
        <div className="card empty" role="status">
          {term ? (
            <>
              <p className="empty__title">{t('customers.noResults', { q: term })}</p>
              <p className="muted">{t('customers.noResultsHint')}</p>
            </>
          ) : (
            <>
              <p className="empty__title">{t('customers.empty')}</p>
              {canCreate ? (
                <>
                  <p className="muted">{t('customers.emptyHint')}</p>
                  <Link to="/customers/new" className="button button--primary">
                    {t('customers.new')}
                  </Link>
                </>
              ) : null}
            </>
          )}
        </div>
      ) : null}

      {search.rows.length > 0 ? (
        <div className="card card--flush">
          <p className="sr-only" role="status">
            {t(search.hasNextPage ? 'customers.countMore' : 'customers.count', { count: search.rows.length })}
          </p>
          <div className="table-scroll">
            <table className="table table--interactive" id="customer-results">
              <caption className="sr-only">{t('customers.results')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('customers.col.number')}
                  </th>
                  <th scope="col">{t('customers.col.name')}</th>
                  <th scope="col">{t('customers.col.kind')}</th>
                  <th scope="col">{t('customers.col.email')}</th>
                  <th scope="col">{t('customers.col.phone')}</th>
                  <th scope="col">{t('customers.col.city')}</th>
                </tr>
              </thead>
              <tbody>
                {search.rows.map((row, index) => {
                  const highlighted = index === nav.highlighted;
                  return (
                    <tr
                      key={row.id}
                      id={rowId(row.id)}
                      className={highlighted ? 'is-highlighted' : undefined}
                      data-highlighted={highlighted ? 'true' : undefined}
                      onClick={(e) => {
                        // The name is a real link; a click elsewhere on the row opens it too.
                        if (e.target instanceof Element && e.target.closest('a')) return;
                        open(index);
                      }}
                    >
                      <td className="num">{row.number}</td>
                      <td>
                        <Link to={`/customers/${row.id}`} className="row-link">
                          {customerTitle(row, t)}
                        </Link>
                        {row.state !== 'ACTIVE' ? (
                          <>
                            {' '}
                            <Badge tone={row.state === 'ARCHIVED' ? 'warning' : 'muted'}>{t(STATE_LABELS[row.state])}</Badge>
                          </>
                        ) : null}
                      </td>
                      <td>{t(KIND_LABELS[row.kind])}</td>
                      <td className="truncate">{row.email ?? ''}</td>
                      <td className="nowrap">{row.phone ? formatPhone(row.phone) : ''}</td>
                      <td>{cityOf(row) ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {search.hasNextPage ? (
            <div className="card__footer">
              <button type="button" className="button" onClick={search.loadMore} disabled={search.loadingMore}>
                {search.loadingMore ? t('common.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </main>
  );
}
