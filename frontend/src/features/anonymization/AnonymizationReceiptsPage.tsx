//! /admin/anonymizations (administrators): the receipts of anonymizations, newest first — when,
//! which customer (by number, linking to what is left of its card), the masked name, what was
//! removed, and how many free-text mentions staff left unredacted (by record, never the text).
//! A receipt holds no personal data.
import { useQuery } from 'urql';
import { Link } from 'react-router';
import { useViewer } from '../../app/AppShell';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { Timestamp } from '../../components/Timestamp';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { useNow } from '../../lib/useNow';
import { fieldLabel, recordLabel, summarizeCategories } from './anonymization';

const AnonymizationReceiptsQuery = graphql(`
  query AnonymizationReceipts($first: Int!) {
    anonymizationReceipts(first: $first) {
      id
      customerId
      customerNumber
      maskedName
      performedAt
      actorKind
      actorId
      removed {
        category
        count
      }
      kept {
        category
        count
      }
      mentionsLeft {
        source
        recordId
        label
        field
      }
    }
  }
`);

/** The most receipts shown (the server allows up to 500). */
const RECEIPTS_SHOWN = 200;

export function AnonymizationReceiptsPage() {
  const t = useT();
  const viewer = useViewer();
  if (!viewer.isAdmin) return <NoAccess body={t('receipts.noAccess')} />;
  return <Receipts />;
}

function Receipts() {
  const t = useT();
  const now = useNow();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: AnonymizationReceiptsQuery,
    variables: { first: RECEIPTS_SHOWN },
    requestPolicy: 'cache-and-network',
  });
  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('receipts.noAccess')} />;
  const receipts = data?.anonymizationReceipts ?? [];
  const listError = primaryErrorCode(error);
  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('receipts.title')}</h1>
          <p className="muted">{t('receipts.intro')}</p>
        </div>
        <button type="button" className="button" onClick={reload} disabled={fetching}>
          {t('common.reload')}
        </button>
      </div>

      {!data && fetching ? <Loading /> : null}
      {listError && !fetching ? (
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

      {data && receipts.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('receipts.empty')}</p>
        </div>
      ) : null}

      {receipts.length > 0 ? (
        <div className="card card--flush">
          <div className="table-scroll">
            <table className="table" data-testid="receipts-table">
              <caption className="sr-only">{t('receipts.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('receipts.col.date')}</th>
                  <th scope="col" className="num">
                    {t('receipts.col.customer')}
                  </th>
                  <th scope="col">{t('receipts.col.maskedName')}</th>
                  <th scope="col">{t('receipts.col.removed')}</th>
                  <th scope="col">{t('receipts.col.mentionsLeft')}</th>
                </tr>
              </thead>
              <tbody>
                {receipts.map((receipt) => (
                  <tr key={receipt.id} data-customer-number={receipt.customerNumber}>
                    <td>
                      <Timestamp value={receipt.performedAt} now={now} />
                    </td>
                    <td className="num">
                      <Link
                        to={`/customers/${receipt.customerId}`}
                        className="row-link"
                        aria-label={t('receipts.openCustomer', { number: receipt.customerNumber })}
                      >
                        {receipt.customerNumber}
                      </Link>
                    </td>
                    <td className="mono">{receipt.maskedName}</td>
                    <td>{summarizeCategories(receipt.removed, t) || <span className="muted">{t('common.notSet')}</span>}</td>
                    <td data-testid="mentions-left">
                      <span className="strong">{receipt.mentionsLeft.length}</span>
                      {receipt.mentionsLeft.length > 0 ? (
                        <ul className="small muted name-list">
                          {receipt.mentionsLeft.map((m) => (
                            <li key={`${m.source}:${m.recordId}:${m.field}`}>
                              {recordLabel(m.source, m.label, t)} · {fieldLabel(m.field, t)}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </main>
  );
}
