//! The Details tab: every field of the customer, read-only, and who may see it (its access
//! groups), with a way to change that for viewers who may.
import type { ReactNode } from 'react';
import type { AddressFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatDateTime, formatPhone, telHref } from '../../lib/format';
import { useCustomerCard } from './CustomerCardPage';
import { byName } from '../groups/groups';
import { COUNTRY_LABELS, KIND_LABELS, identityNumberLabel } from './labels';

function Item({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="dl__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AddressView({ address }: { readonly address: AddressFieldsFragment }) {
  const { t } = useI18n();
  return (
    <address className="address">
      {address.line1}
      <br />
      {address.line2 ? (
        <>
          {address.line2}
          <br />
        </>
      ) : null}
      {address.postalCode} {address.city}
      <br />
      {t(COUNTRY_LABELS[address.country])}
    </address>
  );
}

export function CustomerDetailsTab() {
  const { t, locale } = useI18n();
  const { customer, openAccess } = useCustomerCard();
  const none = <span className="muted">{t('common.notSet')}</span>;
  const isPrivate = customer.kind === 'PRIVATE';

  return (
    <div className="details-grid">
      <section className="card" aria-labelledby="details-customer">
        <h2 id="details-customer" className="card__title">
          {t('customer.section.customer')}
        </h2>
        <dl className="dl">
          <Item label={t('customer.field.kind')}>{t(KIND_LABELS[customer.kind])}</Item>
          <Item label={t('customer.field.country')}>{t(COUNTRY_LABELS[customer.country])}</Item>
          {isPrivate ? (
            <>
              <Item label={t('customer.field.firstName')}>{customer.firstName ?? none}</Item>
              <Item label={t('customer.field.lastName')}>{customer.lastName ?? none}</Item>
            </>
          ) : (
            <Item label={t('customer.field.companyName')}>{customer.companyName ?? none}</Item>
          )}
          <Item label={t(identityNumberLabel(customer.kind))}>
            {customer.identityNumber ? <span className="mono">{customer.identityNumber}</span> : none}
          </Item>
        </dl>
      </section>

      <section className="card" aria-labelledby="details-contact">
        <h2 id="details-contact" className="card__title">
          {t('customer.section.contact')}
        </h2>
        <dl className="dl">
          <Item label={t('customer.field.email')}>
            {customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : none}
          </Item>
          <Item label={t('customer.field.phone')}>
            {customer.phone ? <a href={telHref(customer.phone)}>{formatPhone(customer.phone)}</a> : none}
          </Item>
        </dl>
      </section>

      <section className="card" aria-labelledby="details-addresses">
        <h2 id="details-addresses" className="card__title">
          {t('customer.section.addresses')}
        </h2>
        <dl className="dl">
          <Item label={t('customer.field.invoiceAddress')}>
            {customer.invoiceAddress ? <AddressView address={customer.invoiceAddress} /> : none}
          </Item>
          <Item label={t('customer.field.postalAddress')}>
            {customer.postalAddress ? (
              <AddressView address={customer.postalAddress} />
            ) : customer.invoiceAddress ? (
              <span className="muted">{t('customer.postalSameAsInvoice')}</span>
            ) : (
              none
            )}
          </Item>
        </dl>
      </section>

      <section className="card" aria-labelledby="details-note">
        <h2 id="details-note" className="card__title">
          {t('customer.section.note')}
        </h2>
        {customer.note ? <p className="note">{customer.note}</p> : <p className="muted">{t('customer.noNote')}</p>}
      </section>

      <section className="card" aria-labelledby="details-access" data-testid="customer-access">
        <h2 id="details-access" className="card__title">
          {t('customer.section.access')}
        </h2>
        {customer.accessGroups.length > 0 ? (
          <>
            <p id="details-access-groups">{t('customer.access.restrictedTo')}</p>
            <ul className="tag-list" aria-labelledby="details-access-groups">
              {byName(customer.accessGroups, locale).map((group) => (
                <li key={group.id} className="tag">
                  {group.name}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('customer.access.open')}</p>
        )}
        {openAccess ? (
          <div className="card__actions">
            <button type="button" className="button button--small" onClick={openAccess}>
              {t('customer.access.change')}
            </button>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="details-record">
        <h2 id="details-record" className="card__title">
          {t('customer.section.record')}
        </h2>
        <dl className="dl">
          <Item label={t('customer.field.createdAt')}>
            <time dateTime={customer.createdAt}>{formatDateTime(customer.createdAt, locale)}</time>
          </Item>
          <Item label={t('customer.field.updatedAt')}>
            <time dateTime={customer.updatedAt}>{formatDateTime(customer.updatedAt, locale)}</time>
          </Item>
        </dl>
      </section>
    </div>
  );
}
