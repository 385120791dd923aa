//! A consent's status as a badge: a symbol and a short word (never colour alone), with the full
//! sentence as a tooltip and as the text screen readers read.
import type { ContactConsentFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { CONSENT_STATUSES, consentDescription, STATUS_COPY } from './labels';

interface Props {
  readonly consent: Pick<ContactConsentFieldsFragment, 'status' | 'declarationVersion' | 'validUntil' | 'changedAt' | 'source'>;
  /** The purpose's name in the UI language. */
  readonly purpose: string;
}

export function ConsentStatusBadge({ consent, purpose }: Props) {
  const { t, locale } = useI18n();
  const copy = STATUS_COPY[consent.status];
  const full = consentDescription(consent, purpose, t, locale);
  return (
    <span className={`badge badge--${copy.tone} consent-status`} title={full} data-status={consent.status}>
      <span aria-hidden="true">
        <span className="consent-status__symbol">{copy.symbol}</span> {t(copy.label)}
      </span>
      <span className="sr-only">{full}</span>
    </span>
  );
}

/** Every status with its symbol, so the symbols can be read without a tooltip. */
export function ConsentLegend() {
  const { t } = useI18n();
  return (
    <ul className="consent-legend small muted" aria-label={t('consents.legend')}>
      {CONSENT_STATUSES.map((status) => (
        <li key={status}>
          <span aria-hidden="true" className="consent-status__symbol">
            {STATUS_COPY[status].symbol}
          </span>{' '}
          <span className="strong">{t(STATUS_COPY[status].label)}</span>: {t(STATUS_COPY[status].hint)}
        </li>
      ))}
    </ul>
  );
}
