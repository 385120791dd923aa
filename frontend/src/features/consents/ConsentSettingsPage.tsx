//! /admin/consents: the consent settings (MANAGE_SETTINGS): the consent purposes (the
//! "Communication consent" columns), active and inactive, created and edited in a dialog; and the
//! consent declaration customers agree to, published as new immutable versions.
import { useState } from 'react';
import { useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type { ConsentPurposeFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { SettingsTabs } from '../privacy/SettingsTabs';
import { DeclarationSection } from './DeclarationSection';
import { CHANNEL_LABELS, purposeName } from './labels';
import { PURPOSE_CONTEXT, PurposeFormDialog } from './PurposeFormDialog';

const ConsentPurposesAdminQuery = graphql(`
  query ConsentPurposesAdmin {
    consentPurposes(includeInactive: true) {
      ...ConsentPurposeFields
    }
  }
`);

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly purpose: ConsentPurposeFieldsFragment } | null;

export function ConsentSettingsPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  // Nothing to load for someone who may not see it (the server would say FORBIDDEN anyway).
  if (!hasRight(viewer, 'MANAGE_SETTINGS')) return <NoAccess body={t('consentSettings.noAccess')} />;
  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('consentSettings.title')}</h1>
          <p className="muted">{t('consentSettings.intro')}</p>
        </div>
      </div>
      <SettingsTabs />
      <PurposesSection />
      <DeclarationSection />
    </main>
  );
}

function PurposesSection() {
  const { t, lang } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ConsentPurposesAdminQuery, context: PURPOSE_CONTEXT });
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  const purposes = [...(data?.consentPurposes ?? [])].sort((a, b) => a.sortOrder - b.sortOrder);
  const listError = primaryErrorCode(error);

  return (
    <section className="card card--flush" aria-labelledby="purposes-title">
      <div className="card__header">
        <div>
          <h2 className="card__title" id="purposes-title">
            {t('consentSettings.purposes')}
          </h2>
          <p className="muted small card__subtitle">{t('consentSettings.purposesIntro')}</p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setNotice(null);
            setEditing({ mode: 'new' });
          }}
        >
          <span aria-hidden="true">+ </span>
          {t('consentSettings.newPurpose')}
        </button>
      </div>

      {notice ? (
        <Banner tone="info" testId="purposes-notice">
          {notice}
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
          {hasErrorCode(error, 'FORBIDDEN') ? t('consentSettings.noAccess') : generalMessage(listError, t)}
        </Banner>
      ) : null}
      {data && purposes.length === 0 ? (
        <p className="empty muted" role="status">
          {t('consentSettings.noPurposes')}
        </p>
      ) : null}

      {purposes.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="purposes-table">
            <caption className="sr-only">{t('consentSettings.purposes')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('consentSettings.col.order')}
                </th>
                <th scope="col">{t('consentSettings.col.name')}</th>
                <th scope="col">{t('consentSettings.col.key')}</th>
                <th scope="col">{t('consentSettings.col.channel')}</th>
                <th scope="col">{t('consentSettings.col.basis')}</th>
                <th scope="col">{t('consentSettings.col.status')}</th>
                <th scope="col" className="actions">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {purposes.map((purpose) => {
                const name = purposeName(purpose, lang);
                const description = lang === 'sv' ? purpose.descriptionSv : purpose.descriptionEn;
                return (
                  <tr key={purpose.id} data-purpose-id={purpose.id} className={purpose.active ? undefined : 'is-archived'}>
                    <td className="num">{purpose.sortOrder}</td>
                    <td>
                      <span className="strong">{name}</span>
                      <span className="small muted purpose__other-name">
                        {' '}
                        ({lang === 'sv' ? purpose.nameEn : purpose.nameSv})
                      </span>
                      {description ? <p className="small muted group__description">{description}</p> : null}
                    </td>
                    <td>
                      <span className="mono">{purpose.key}</span>
                    </td>
                    <td>{t(CHANNEL_LABELS[purpose.channel])}</td>
                    <td>{purpose.requiresOptIn ? t('consentSettings.optIn') : t('consentSettings.optOut')}</td>
                    <td>
                      {purpose.active ? (
                        <Badge tone="neutral">{t('consentSettings.active')}</Badge>
                      ) : (
                        <Badge tone="muted">{t('consentSettings.inactive')}</Badge>
                      )}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('consentSettings.editNamed', { name })}
                        onClick={() => {
                          setNotice(null);
                          setEditing({ mode: 'edit', purpose });
                        }}
                      >
                        {t('common.edit')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      {editing ? (
        <PurposeFormDialog
          purpose={editing.mode === 'edit' ? editing.purpose : undefined}
          existing={purposes}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={(saved) => {
            setEditing(null);
            const name = purposeName(saved, lang);
            setNotice(editing.mode === 'new' ? t('consentSettings.created', { name }) : t('consentSettings.saved', { name }));
          }}
          onReload={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </section>
  );
}
