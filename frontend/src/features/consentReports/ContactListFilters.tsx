//! The contact list's filter form. It edits a draft; "Show contacts" puts it in the URL (which
//! drives the query), "Clear" goes back to the first purpose without a status or date.
import { useState, type SubmitEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import type { ConsentPurposeRefFragment, ConsentStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { CONSENT_STATUSES, purposeName, STATUS_COPY } from '../consents/labels';
import { EMPTY_CONTACT_LIST_FILTER, type ContactListValues } from './contactListFilter';

interface Props {
  /** The filter shown, with the purpose the list is for filled in. */
  readonly initial: ContactListValues;
  readonly purposes: readonly ConsentPurposeRefFragment[];
  /** Field errors from the server (`BAD_USER_INPUT` on a filter field), by field name. */
  readonly serverErrors: Readonly<Record<string, string>>;
  readonly onApply: (values: ContactListValues) => void;
}

export function ContactListFilters({ initial, purposes, serverErrors, onApply }: Props) {
  const { t, lang } = useI18n();
  const [values, setValues] = useState<ContactListValues>(initial);

  const set = <K extends keyof ContactListValues>(key: K, value: ContactListValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    onApply(values);
  };

  const purposeOptions = purposes.map((p) => ({ value: p.key, label: purposeName(p, lang) }));
  const statusOptions: { value: ConsentStatus | ''; label: string }[] = [
    { value: '', label: t('reports.list.anyStatus') },
    ...CONSENT_STATUSES.map((s) => ({ value: s, label: t(STATUS_COPY[s].label) })),
  ];

  return (
    <form className="card filters" role="search" aria-label={t('reports.list.filter')} onSubmit={onSubmit} noValidate>
      <div className="filters__grid">
        <SelectField
          name="purpose"
          label={t('reports.list.purpose')}
          required
          value={values.purpose}
          options={purposeOptions}
          onValue={(v) => {
            set('purpose', v);
          }}
          error={serverErrors['purposeId']}
        />
        <SelectField
          name="status"
          label={t('reports.list.status')}
          value={values.status}
          options={statusOptions}
          onValue={(v) => {
            set('status', v);
          }}
          error={serverErrors['status']}
        />
        <TextField
          name="expiringBefore"
          type="date"
          label={t('reports.list.expiringBefore')}
          hint={t('reports.list.expiringBeforeHint')}
          value={values.expiringBefore}
          onValue={(v) => {
            set('expiringBefore', v);
          }}
          error={serverErrors['expiringBefore']}
        />
      </div>
      <div className="filters__actions">
        <button type="submit" className="button button--primary">
          {t('reports.list.apply')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setValues({ ...EMPTY_CONTACT_LIST_FILTER, purpose: purposes[0]?.key ?? '' });
            onApply(EMPTY_CONTACT_LIST_FILTER);
          }}
        >
          {t('reports.list.clear')}
        </button>
      </div>
    </form>
  );
}
