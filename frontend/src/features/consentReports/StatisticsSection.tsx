//! Statistics: the active purposes (rows) × the consent statuses (columns), counted over the
//! contact persons the viewer may see, with the number of contact persons counted and the
//! declaration version in force. A count links to the contact list with that purpose and status.
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { CONSENT_STATUSES, purposeName, STATUS_COPY } from '../consents/labels';
import { contactListLink } from './contactListFilter';
import { statusCount } from './statistics';

const ConsentStatisticsQuery = graphql(`
  query ConsentStatistics {
    consentStatistics {
      contacts
      declarationVersion
      purposes {
        purpose {
          ...ConsentPurposeRef
        }
        granted
        withdrawn
        denied
        notAsked
        outdated
        expired
      }
    }
  }
`);

export function StatisticsSection() {
  const { t, lang, locale } = useI18n();
  // Counts change with every recorded consent: always ask the server.
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ConsentStatisticsQuery, requestPolicy: 'cache-and-network' });
  const code = primaryErrorCode(error);
  const stats = data?.consentStatistics;
  const number = new Intl.NumberFormat(locale);

  return (
    <section className="form" aria-labelledby="stats-title" data-testid="consent-statistics">
      <div className="page__header">
        <div>
          <h2 id="stats-title">{t('reports.stats.title')}</h2>
          {stats ? (
            <p className="muted card__subtitle" data-testid="statistics-summary">
              {t('reports.stats.summary', { count: number.format(stats.contacts), version: stats.declarationVersion })}
            </p>
          ) : null}
        </div>
      </div>
      {!stats && fetching ? <Loading /> : null}
      {!stats && code && !fetching ? (
        <Banner
          action={
            <button
              type="button"
              className="button"
              onClick={() => {
                reexecute({ requestPolicy: 'network-only' });
              }}
            >
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(code, t)}
        </Banner>
      ) : null}
      {stats && stats.purposes.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('consents.noPurposes')}</p>
        </div>
      ) : null}
      {stats && stats.purposes.length > 0 ? (
        <div className="card card--flush">
          <div className="table-scroll">
            <table className="table" data-testid="statistics-table">
              <caption className="sr-only">{t('reports.stats.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.stats.purpose')}</th>
                  {CONSENT_STATUSES.map((status) => (
                    <th scope="col" key={status} className="num">
                      {t(STATUS_COPY[status].label)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {stats.purposes.map((row) => {
                  const name = purposeName(row.purpose, lang);
                  return (
                    <tr key={row.purpose.id} data-purpose-key={row.purpose.key}>
                      <th scope="row" className="consent-grid__contact">
                        <span className="strong">{name}</span>
                      </th>
                      {CONSENT_STATUSES.map((status) => {
                        const count = statusCount(row, status);
                        return (
                          <td key={status} className="num" data-status={status}>
                            {count > 0 ? (
                              <Link
                                to={contactListLink({ purpose: row.purpose.key, status, expiringBefore: '' })}
                                aria-label={t('reports.stats.showContacts', {
                                  count: number.format(count),
                                  purpose: name,
                                  status: t(STATUS_COPY[status].label),
                                })}
                              >
                                {number.format(count)}
                              </Link>
                            ) : (
                              number.format(count)
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
