//! The lines of an order or an invoice, read-only, with the totals under them.
import type { Currency, DocumentLineFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatMoney, formatQuantity, formatVatRate } from '../../lib/money';

interface Props {
  readonly lines: readonly DocumentLineFieldsFragment[];
  readonly currency: Currency;
  readonly net: number;
  readonly vat: number;
  readonly total: number;
  /** Names the table, e.g. "Lines of order 100023". */
  readonly caption: string;
}

export function DocumentLinesTable({ lines, currency, net, vat, total, caption }: Props) {
  const { t, locale } = useI18n();
  const money = (minor: number) => formatMoney(minor, currency, locale);
  return (
    <table className="table table--inner">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">{t('orders.line.description')}</th>
          <th scope="col" className="num">
            {t('orders.line.quantity')}
          </th>
          <th scope="col" className="num num--wide">
            {t('orders.line.unitPrice')}
          </th>
          <th scope="col" className="num">
            {t('orders.line.vatRate')}
          </th>
          <th scope="col" className="num num--wide">
            {t('orders.line.net')}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.position}>
            <td className="num">{line.position}</td>
            <td className="pre-wrap">{line.description}</td>
            <td className="num">{formatQuantity(line.quantity, locale)}</td>
            <td className="num nowrap">{money(line.unitPrice)}</td>
            <td className="num nowrap">{formatVatRate(line.vatRate, locale)}</td>
            <td className="num nowrap">{money(line.net)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={5} className="num">
            {t('orders.totals.net')}
          </th>
          <td className="num nowrap">{money(net)}</td>
        </tr>
        <tr>
          <th scope="row" colSpan={5} className="num">
            {t('orders.totals.vat')}
          </th>
          <td className="num nowrap">{money(vat)}</td>
        </tr>
        <tr>
          <th scope="row" colSpan={5} className="num">
            {t('orders.totals.total')}
          </th>
          <td className="num nowrap strong" data-testid="document-total">
            {money(total)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
