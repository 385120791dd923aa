//! The Invoices tab of the customer card: the customer's invoices, newest first (number, invoice
//! and due date, status in words, total, the buyer as printed), each opening to show its lines;
//! "Mark paid" / "Mark unpaid" for viewers with EDIT_CUSTOMERS. Invoices are created from an order
//! (Orders tab) and never edited. Payments are bookkeeping, not personal data: they can still be
//! registered after the customer was anonymized (the server allows it), while the buyer as printed
//! is kept until the end of the bookkeeping period and then removed.
import { Fragment, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { InvoiceFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatIsoDate } from '../../lib/dates';
import { generalMessage, primaryErrorCode, type ClientErrorCode } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { useCustomerCard } from '../customers/CustomerCardPage';
import { DocumentLinesTable } from '../orders/DocumentLinesTable';
import { INVOICE_STATUS_COPY } from './labels';

const CustomerInvoicesQuery = graphql(`
  query CustomerInvoices($id: ID!) {
    customer(id: $id) {
      id
      invoices {
        ...InvoiceFields
      }
    }
  }
`);

const SetInvoicePaidMutation = graphql(`
  mutation SetInvoicePaid($id: ID!, $paid: Boolean!) {
    setInvoicePaid(id: $id, paid: $paid) {
      ...InvoiceFields
    }
  }
`);

const CONTEXT = { additionalTypenames: ['Invoice'] };
const COLUMNS = 7;
const EMPTY: readonly InvoiceFieldsFragment[] = [];

export function InvoicesTab() {
  const { t, locale } = useI18n();
  const { customer, canEdit } = useCustomerCard();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CustomerInvoicesQuery,
    variables: { id: customer.id },
    context: CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [, setPaid] = useMutation(SetInvoicePaidMutation);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ClientErrorCode | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const invoices = data?.customer.invoices ?? EMPTY;
  const listError = primaryErrorCode(error);

  const reload = () => {
    setActionError(null);
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

  const markPaid = async (invoice: InvoiceFieldsFragment, paid: boolean) => {
    setActionError(null);
    setBusyId(invoice.id);
    const result = await setPaid({ id: invoice.id, paid });
    setBusyId(null);
    if (result.error) setActionError(primaryErrorCode(result.error));
  };

  return (
    <section className="card card--flush" aria-labelledby="invoices-title">
      <div className="card__header">
        <h2 className="card__title" id="invoices-title">
          {t('invoices.title')}
        </h2>
        <p className="muted small notice">{t('invoices.fromOrderHint')}</p>
      </div>

      {actionError ? <Banner>{generalMessage(actionError, t)}</Banner> : null}
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

      {data && invoices.length === 0 ? (
        <p className="empty muted" role="status">
          {t('invoices.empty')}
        </p>
      ) : null}

      {invoices.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="invoices-table">
            <caption className="sr-only">{t('invoices.list')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('invoices.col.number')}
                </th>
                <th scope="col">{t('invoices.col.invoiceDate')}</th>
                <th scope="col">{t('invoices.col.dueDate')}</th>
                <th scope="col">{t('invoices.col.status')}</th>
                <th scope="col" className="num num--wide">
                  {t('invoices.col.total')}
                </th>
                <th scope="col">{t('invoices.col.buyer')}</th>
                <th scope="col" className="actions">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => {
                const open = expanded.has(invoice.id);
                const linesId = `invoice-lines-${invoice.id}`;
                const status = INVOICE_STATUS_COPY[invoice.status];
                const paid = invoice.status === 'PAID';
                return (
                  <Fragment key={invoice.id}>
                    <tr data-invoice-number={invoice.number} className={open ? 'is-expanded' : undefined}>
                      <td className="num strong">{invoice.number}</td>
                      <td className="nowrap">{formatIsoDate(invoice.invoiceDate, locale)}</td>
                      <td className="nowrap">{formatIsoDate(invoice.dueDate, locale)}</td>
                      <td>
                        <Badge tone={status.tone}>{t(status.label)}</Badge>
                        {invoice.paidAt ? (
                          <span className="small muted"> {t('invoices.paidOn', { date: formatDate(invoice.paidAt, locale) })}</span>
                        ) : null}
                      </td>
                      <td className="num nowrap" data-testid="invoice-total">
                        {formatMoney(invoice.total, invoice.currency, locale)}
                      </td>
                      <td data-testid="invoice-buyer">
                        {invoice.buyerName ?? (
                          <span className="muted">
                            {invoice.buyerPurgedAt
                              ? t('invoices.buyerPurged', { date: formatDate(invoice.buyerPurgedAt, locale) })
                              : t('common.notSet')}
                          </span>
                        )}
                      </td>
                      <td className="actions">
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button--small"
                            aria-expanded={open}
                            aria-controls={open ? linesId : undefined}
                            aria-label={t(open ? 'invoices.hideLinesOf' : 'invoices.showLinesOf', { number: invoice.number })}
                            onClick={() => {
                              toggle(invoice.id);
                            }}
                          >
                            {t(open ? 'orders.hideLines' : 'orders.showLines')}
                          </button>
                          {canEdit ? (
                            <button
                              type="button"
                              className="button button--small"
                              aria-label={t(paid ? 'invoices.markUnpaidNamed' : 'invoices.markPaidNamed', {
                                number: invoice.number,
                              })}
                              disabled={busyId === invoice.id}
                              onClick={() => void markPaid(invoice, !paid)}
                            >
                              {t(paid ? 'invoices.markUnpaid' : 'invoices.markPaid')}
                            </button>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                    {open ? (
                      <tr className="document__lines-row" id={linesId}>
                        <td colSpan={COLUMNS}>
                          <div className="document__lines">
                            <DocumentLinesTable
                              lines={invoice.lines}
                              currency={invoice.currency}
                              net={invoice.net}
                              vat={invoice.vat}
                              total={invoice.total}
                              caption={t('invoices.linesOf', { number: invoice.number })}
                            />
                          </div>
                          {invoice.description ? <p className="document__meta pre-wrap">{invoice.description}</p> : null}
                          {invoice.buyerAddress ? (
                            <p className="document__meta small muted pre-wrap">
                              {t('invoices.buyerAddress')}: {invoice.buyerAddress}
                            </p>
                          ) : null}
                          <p className="document__meta small muted">
                            {t('invoices.retainUntil', { date: formatIsoDate(invoice.retainUntil, locale) })}
                          </p>
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
    </section>
  );
}
