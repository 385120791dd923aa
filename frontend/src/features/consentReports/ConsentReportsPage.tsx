//! /reports/consents: consent reports (READ_CUSTOMERS), over the contact persons the viewer may
//! see: statistics per purpose and status, changes per period, and the contact list a campaign
//! is sent to (filter in the URL, "Load more", CSV download with EXPORT_PERSONAL_DATA).
import { useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { ChangesSection } from './ChangesSection';
import { ContactListSection } from './ContactListSection';
import { StatisticsSection } from './StatisticsSection';

const ConsentReportPurposesQuery = graphql(`
  query ConsentReportPurposes {
    consentPurposes {
      ...ConsentPurposeRef
    }
  }
`);

export function ConsentReportsPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  // Nothing to load for someone who may not see it (the server would say FORBIDDEN anyway).
  if (!hasRight(viewer, 'READ_CUSTOMERS')) return <NoAccess body={t('reports.noAccess')} />;
  return <ConsentReports canExport={hasRight(viewer, 'EXPORT_PERSONAL_DATA')} />;
}

function ConsentReports({ canExport }: { readonly canExport: boolean }) {
  const { t } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ConsentReportPurposesQuery });
  const code = primaryErrorCode(error);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('reports.noAccess')} />;

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('reports.title')}</h1>
          <p className="muted">{t('reports.intro')}</p>
        </div>
      </div>
      {!data && fetching ? <Loading /> : null}
      {!data && code && !fetching ? (
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
      {data ? (
        <>
          <StatisticsSection />
          <ChangesSection purposes={data.consentPurposes} />
          <ContactListSection purposes={data.consentPurposes} canExport={canExport} />
        </>
      ) : null}
    </main>
  );
}
