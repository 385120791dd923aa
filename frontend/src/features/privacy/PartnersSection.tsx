//! The data-partner register: who personal data is exchanged with, in what role, and under which
//! agreement. Partners that need attention (no agreement, an expired one, a review date passed)
//! are flagged with a symbol and words, never colour alone, and counted above the table.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { DataPartnerFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { PARTNER_CONTEXT, PartnerFormDialog } from './PartnerFormDialog';
import {
  AGREEMENT_LABELS,
  ATTENTION_COPY,
  attentionCount,
  attentionSummary,
  countryName,
  formatNaiveDate,
  partnerDeleteFailure,
  partnersByName,
  ROLE_LABELS,
} from './privacy';

const DataPartnersQuery = graphql(`
  query DataPartners {
    dataPartners {
      ...DataPartnerFields
    }
  }
`);

const DeleteDataPartnerMutation = graphql(`
  mutation DeleteDataPartner($id: ID!) {
    deleteDataPartner(id: $id)
  }
`);

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly partner: DataPartnerFieldsFragment } | null;
type Notice = { readonly tone: 'info' | 'error'; readonly text: string } | null;

export function PartnersSection() {
  const { t, locale } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: DataPartnersQuery,
    context: PARTNER_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [deleteState, deletePartner] = useMutation(DeleteDataPartnerMutation);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<DataPartnerFieldsFragment | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    const partner = deleting;
    const result = await deletePartner({ id: partner.id }, PARTNER_CONTEXT);
    setDeleting(null);
    if (result.error) {
      setNotice({ tone: 'error', text: partnerDeleteFailure(result.error, partner.name, t) });
      if (hasErrorCode(result.error, 'NOT_FOUND')) reload();
      return;
    }
    setNotice({ tone: 'info', text: t('privacy.partner.deleted', { name: partner.name }) });
    reload();
  };

  const partners = partnersByName(data?.dataPartners ?? [], locale);
  const needAttention = attentionCount(partners);
  const listError = primaryErrorCode(error);

  return (
    <section className="card card--flush" aria-labelledby="partners-title">
      <div className="card__header">
        <div>
          <h2 className="card__title" id="partners-title">
            {t('privacy.partners.title')}
          </h2>
          <p className="muted small card__subtitle">{t('privacy.partners.intro')}</p>
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
          {t('privacy.partners.new')}
        </button>
      </div>

      {notice ? (
        <Banner tone={notice.tone} testId={notice.tone === 'error' ? 'partners-error' : 'partners-notice'}>
          {notice.text}
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

      {data ? (
        <p
          className={needAttention > 0 ? 'partners__summary partners__summary--attention' : 'partners__summary'}
          data-testid="partners-attention"
          data-count={needAttention}
          role="status"
        >
          <span aria-hidden="true">{needAttention > 0 ? '⚠ ' : '✓ '}</span>
          {attentionSummary(needAttention, t)}
        </p>
      ) : null}

      {data && partners.length === 0 ? (
        <p className="empty muted">{t('privacy.partners.empty')}</p>
      ) : null}

      {partners.length > 0 ? (
        <div className="table-scroll">
          <table className="table" data-testid="partners-table">
            <caption className="sr-only">{t('privacy.partners.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('privacy.partners.col.name')}</th>
                <th scope="col">{t('privacy.partners.col.country')}</th>
                <th scope="col">{t('privacy.partners.col.role')}</th>
                <th scope="col">{t('privacy.partners.col.agreement')}</th>
                <th scope="col">{t('privacy.partners.col.signedOn')}</th>
                <th scope="col">{t('privacy.partners.col.reviewOn')}</th>
                <th scope="col" className="actions">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {partners.map((partner) => (
                <tr key={partner.id} data-partner-id={partner.id}>
                  <td>
                    <span className="strong">{partner.name}</span>
                    {partner.orgNumber ? <span className="small muted"> · {partner.orgNumber}</span> : null}
                    {partner.purpose ? <p className="small muted group__description">{partner.purpose}</p> : null}
                  </td>
                  <td>
                    {countryName(partner.country, locale)}
                    {partner.thirdCountryTransfer ? (
                      <p className="small muted group__description">{t('privacy.partners.thirdCountry')}</p>
                    ) : null}
                  </td>
                  <td>{t(ROLE_LABELS[partner.role])}</td>
                  <td>
                    <span className="nowrap">{t(AGREEMENT_LABELS[partner.agreementStatus])}</span>
                    {partner.attention ? (
                      <p className="partner-attention" data-testid="partner-attention">
                        <Badge tone="warning">
                          <span aria-hidden="true">{ATTENTION_COPY[partner.attention].symbol} </span>
                          {t(ATTENTION_COPY[partner.attention].label)}
                        </Badge>
                      </p>
                    ) : null}
                  </td>
                  <td className="nowrap">
                    {partner.signedOn ? (
                      <time dateTime={partner.signedOn}>{formatNaiveDate(partner.signedOn, locale)}</time>
                    ) : (
                      <span className="muted">{t('common.notSet')}</span>
                    )}
                  </td>
                  <td className="nowrap">
                    {partner.reviewOn ? (
                      <time dateTime={partner.reviewOn}>{formatNaiveDate(partner.reviewOn, locale)}</time>
                    ) : (
                      <span className="muted">{t('common.notSet')}</span>
                    )}
                  </td>
                  <td className="actions">
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('privacy.partners.editNamed', { name: partner.name })}
                        onClick={() => {
                          setNotice(null);
                          setEditing({ mode: 'edit', partner });
                        }}
                      >
                        {t('common.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--small button--danger-outline"
                        aria-label={t('privacy.partners.deleteNamed', { name: partner.name })}
                        onClick={() => {
                          setNotice(null);
                          setDeleting(partner);
                        }}
                      >
                        {t('privacy.partners.delete')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {editing ? (
        <PartnerFormDialog
          partner={editing.mode === 'edit' ? editing.partner : undefined}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={(partner) => {
            setEditing(null);
            setNotice({
              tone: 'info',
              text:
                editing.mode === 'new'
                  ? t('privacy.partner.created', { name: partner.name })
                  : t('privacy.partner.saved', { name: partner.name }),
            });
            // The register is ordered and counted by the server's view (attention is derived).
            reload();
          }}
          onReload={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}

      <ConfirmDialog
        open={deleting !== null}
        title={t('privacy.partner.delete.title', { name: deleting?.name ?? '' })}
        confirmLabel={t('privacy.partner.delete.confirm')}
        danger
        busy={deleteState.fetching}
        onConfirm={() => void confirmDelete()}
        onCancel={() => {
          setDeleting(null);
        }}
      >
        <p>{t('privacy.partner.delete.body')}</p>
      </ConfirmDialog>
    </section>
  );
}
