//! The Orders tab of the customer card: the customer's orders, newest first (number, date,
//! status, total in the order's currency), each opening to show its lines; "New order", "Edit"
//! and "Create invoice" for viewers who may change the customer (EDIT_CUSTOMERS) while it is not
//! anonymized. An anonymized customer's orders stay listed: they are business records.
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { InvoiceFieldsFragment, OrderFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatIsoDate } from '../../lib/dates';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import { useCustomerCard } from '../customers/CustomerCardPage';
import { CreateInvoiceDialog } from '../invoices/CreateInvoiceDialog';
import { DocumentLinesTable } from './DocumentLinesTable';
import { ORDER_STATUS_COPY } from './labels';
import { currencyForCountry } from './orderForm';
import { OrderFormDialog } from './OrderFormDialog';

const CustomerOrdersQuery = graphql(`
  query CustomerOrders($id: ID!) {
    customer(id: $id) {
      id
      orders {
        ...OrderFields
      }
    }
  }
`);

// Refetch after an order is created even when the list was empty (no Order in it yet).
const CONTEXT = { additionalTypenames: ['Order'] };
const COLUMNS = 6;
const EMPTY: readonly OrderFieldsFragment[] = [];

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly order: OrderFieldsFragment } | null;
type Notice = { readonly kind: 'order'; readonly number: number } | { readonly kind: 'invoice'; readonly number: number } | null;

export function OrdersTab() {
  const { t, locale } = useI18n();
  const { customer, canEdit } = useCustomerCard();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CustomerOrdersQuery,
    variables: { id: customer.id },
    context: CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [invoicing, setInvoicing] = useState<OrderFieldsFragment | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice>(null);
  const orders = data?.customer.orders ?? EMPTY;
  const readOnly = customer.state === 'ANONYMIZED' || !canEdit;
  const listError = primaryErrorCode(error);

  const reload = () => {
    setEditing(null);
    setInvoicing(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  const toggle = (id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  return (
    <section className="card card--flush" aria-labelledby="orders-title">
      <div className="card__header">
        <h2 className="card__title" id="orders-title">
          {t('orders.title')}
        </h2>
        {readOnly ? null : (
          <div className="card__tools">
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setNotice(null);
                setEditing({ mode: 'new' });
              }}
            >
              <span aria-hidden="true">+ </span>
              {t('orders.new')}
            </button>
          </div>
        )}
      </div>

      {notice ? (
        <Banner tone="info" testId="orders-notice">
          {notice.kind === 'order' ? (
            t('orders.saved', { number: notice.number })
          ) : (
            <>
              {t('orders.invoiceCreated', { number: notice.number })}{' '}
              <Link to={`/customers/${customer.id}/invoices`}>{t('orders.showInvoices')}</Link>
            </>
          )}
        </Banner>
      ) : null}

      {!data && fetching ? <Loading /> : null}
      {!data && listError && !fetching ? (
        <Banner
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(listError, t)}
        </Banner>
      ) : null}

      {data && orders.length === 0 ? (
        <p className="empty muted" role="status">
          {t('orders.empty')}
        </p>
      ) : null}

      {orders.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="orders-table">
            <caption className="sr-only">{t('orders.list')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('orders.col.number')}
                </th>
                <th scope="col">{t('orders.col.date')}</th>
                <th scope="col">{t('orders.col.status')}</th>
                <th scope="col">{t('orders.col.description')}</th>
                <th scope="col" className="num num--wide">
                  {t('orders.col.total')}
                </th>
                <th scope="col" className="actions">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => {
                const open = expanded.has(order.id);
                const linesId = `order-lines-${order.id}`;
                const status = ORDER_STATUS_COPY[order.status];
                return (
                  <Fragment key={order.id}>
                    <tr data-order-number={order.number} className={open ? 'is-expanded' : undefined}>
                      <td className="num strong">{order.number}</td>
                      <td className="nowrap">{formatIsoDate(order.orderDate, locale)}</td>
                      <td>
                        <Badge tone={status.tone}>{t(status.label)}</Badge>
                      </td>
                      <td className="truncate">{order.description ?? ''}</td>
                      <td className="num nowrap" data-testid="order-total">
                        {formatMoney(order.total, order.currency, locale)}
                      </td>
                      <td className="actions">
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button--small"
                            aria-expanded={open}
                            aria-controls={open ? linesId : undefined}
                            aria-label={t(open ? 'orders.hideLinesOf' : 'orders.showLinesOf', { number: order.number })}
                            onClick={() => {
                              toggle(order.id);
                            }}
                          >
                            {t(open ? 'orders.hideLines' : 'orders.showLines')}
                          </button>
                          {readOnly ? null : (
                            <>
                              <button
                                type="button"
                                className="button button--small"
                                aria-label={t('orders.editNamed', { number: order.number })}
                                onClick={() => {
                                  setNotice(null);
                                  setEditing({ mode: 'edit', order });
                                }}
                              >
                                {t('common.edit')}
                              </button>
                              {order.status !== 'CANCELLED' && order.lines.length > 0 ? (
                                <button
                                  type="button"
                                  className="button button--small"
                                  aria-label={t('orders.invoiceNamed', { number: order.number })}
                                  onClick={() => {
                                    setNotice(null);
                                    setInvoicing(order);
                                  }}
                                >
                                  {t('orders.invoice')}
                                </button>
                              ) : null}
                            </>
                          )}
                        </div>
                      </td>
                    </tr>
                    {open ? (
                      <tr className="document__lines-row" id={linesId}>
                        <td colSpan={COLUMNS}>
                          <div className="document__lines">
                            <DocumentLinesTable
                              lines={order.lines}
                              currency={order.currency}
                              net={order.net}
                              vat={order.vat}
                              total={order.total}
                              caption={t('orders.linesOf', { number: order.number })}
                            />
                          </div>
                          {order.description ? <p className="document__meta pre-wrap">{order.description}</p> : null}
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      {editing ? (
        <OrderFormDialog
          customerId={customer.id}
          currency={currencyForCountry(customer.country)}
          order={editing.mode === 'edit' ? editing.order : undefined}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={(saved) => {
            setEditing(null);
            setNotice({ kind: 'order', number: saved.number });
          }}
          onReload={reload}
        />
      ) : null}

      {invoicing ? (
        <CreateInvoiceDialog
          customerId={customer.id}
          order={invoicing}
          onClose={() => {
            setInvoicing(null);
          }}
          onCreated={(invoice: InvoiceFieldsFragment) => {
            setInvoicing(null);
            setNotice({ kind: 'invoice', number: invoice.number });
          }}
        />
      ) : null}
    </section>
  );
}
