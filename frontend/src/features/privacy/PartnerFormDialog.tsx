//! "New data partner" and "Edit data partner" in a dialog: every field of the register. The
//! third-country checkbox reveals the safeguard field; dates are native date inputs. An edit
//! sends the version it was based on; a CONFLICT is shown with a Reload button.
import { useRef, useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import type { DataPartnerFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import {
  AGREEMENT_LABELS,
  AGREEMENT_STATUSES,
  EMPTY_PARTNER_FORM,
  partnerProblems,
  partnerSaveFailure,
  partnerToForm,
  ROLE_LABELS,
  ROLES,
  toPartnerInput,
  type PartnerFormErrors,
  type PartnerFormValues,
} from './privacy';

const CreateDataPartnerMutation = graphql(`
  mutation CreateDataPartner($input: DataPartnerInput!) {
    createDataPartner(input: $input) {
      ...DataPartnerFields
    }
  }
`);

const UpdateDataPartnerMutation = graphql(`
  mutation UpdateDataPartner($id: ID!, $expectedVersion: Int!, $input: DataPartnerInput!) {
    updateDataPartner(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...DataPartnerFields
    }
  }
`);

/** Refetch the register after the first partner is created (an empty list holds no DataPartner). */
export const PARTNER_CONTEXT = { additionalTypenames: ['DataPartner'] };

interface Props {
  /** The partner to edit; absent when creating one. */
  readonly partner?: DataPartnerFieldsFragment | undefined;
  readonly onClose: () => void;
  readonly onSaved: (partner: DataPartnerFieldsFragment) => void;
  /** After a conflict: close and load the register again. */
  readonly onReload: () => void;
}

export function PartnerFormDialog({ partner, onClose, onSaved, onReload }: Props) {
  const t = useT();
  const [values, setValues] = useState<PartnerFormValues>(() => (partner ? partnerToForm(partner) : EMPTY_PARTNER_FORM));
  const [local, setLocal] = useState<PartnerFormErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [createState, create] = useMutation(CreateDataPartnerMutation);
  const [updateState, update] = useMutation(UpdateDataPartnerMutation);
  const saving = createState.fetching || updateState.fetching;
  const formRef = useRef<HTMLFormElement>(null);

  const failure = partnerSaveFailure(serverError, t);
  const errors: PartnerFormErrors = { ...failure.fields, ...local };

  const set = <K extends keyof PartnerFormValues>(key: K, value: PartnerFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const focusFirstInvalid = () => {
    window.requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setServerError(null);
    const problems = partnerProblems(values, t);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    const input = toPartnerInput(values);
    const result = partner
      ? await update({ id: partner.id, expectedVersion: partner.version, input }, PARTNER_CONTEXT)
      : await create({ input }, PARTNER_CONTEXT);
    if (result.data) {
      onSaved('updateDataPartner' in result.data ? result.data.updateDataPartner : result.data.createDataPartner);
      return;
    }
    if (result.error) {
      setServerError(result.error);
      focusFirstInvalid();
    }
  };

  const text = (name: Exclude<keyof PartnerFormValues, 'thirdCountryTransfer' | 'role' | 'agreementStatus'>) => ({
    name,
    value: values[name],
    error: errors[name],
    onValue: (v: string) => {
      set(name, v);
    },
  });

  return (
    <Dialog open title={partner ? t('privacy.partner.editTitle', { name: partner.name }) : t('privacy.partner.newTitle')} onClose={onClose}>
      <form className="form" ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
        {failure.stale ? (
          <Banner
            testId="conflict"
            action={
              <button type="button" className="button" onClick={onReload}>
                {t('common.reload')}
              </button>
            }
          >
            {t('privacy.partner.conflict')}
          </Banner>
        ) : null}
        {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
        <div className="grid grid--2">
          <TextField {...text('name')} label={t('privacy.partner.name')} autoComplete="off" required autoFocus={!partner} />
          <TextField {...text('orgNumber')} label={t('privacy.partner.orgNumber')} autoComplete="off" />
          <TextField
            {...text('country')}
            label={t('privacy.partner.country')}
            hint={t('privacy.partner.countryHint')}
            autoComplete="off"
            spellCheck={false}
            maxLength={2}
            required
          />
          <SelectField
            name="role"
            label={t('privacy.partner.role')}
            value={values.role}
            options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) }))}
            onValue={(v) => {
              set('role', v);
            }}
            error={errors.role}
          />
          <TextAreaField {...text('purpose')} label={t('privacy.partner.purpose')} hint={t('privacy.partner.purposeHint')} rows={2} />
          <TextAreaField
            {...text('dataCategories')}
            label={t('privacy.partner.dataCategories')}
            hint={t('privacy.partner.dataCategoriesHint')}
            rows={2}
          />
        </div>

        <div className="fieldset">
          <div>
            <label className="checkbox">
              <input
                type="checkbox"
                name="thirdCountryTransfer"
                checked={values.thirdCountryTransfer}
                aria-describedby="partner-third-country-hint"
                onChange={(e) => {
                  set('thirdCountryTransfer', e.target.checked);
                }}
              />
              {t('privacy.partner.thirdCountryTransfer')}
            </label>
            <p className="field__hint choice-list__hint" id="partner-third-country-hint">
              {t('privacy.partner.thirdCountryTransferHint')}
            </p>
          </div>
          {values.thirdCountryTransfer ? (
            <TextField
              {...text('transferSafeguard')}
              label={t('privacy.partner.transferSafeguard')}
              hint={t('privacy.partner.transferSafeguardHint')}
              autoComplete="off"
              required
            />
          ) : null}
        </div>

        <div className="grid grid--2">
          <SelectField
            name="agreementStatus"
            label={t('privacy.partner.agreementStatus')}
            value={values.agreementStatus}
            options={AGREEMENT_STATUSES.map((s) => ({ value: s, label: t(AGREEMENT_LABELS[s]) }))}
            onValue={(v) => {
              set('agreementStatus', v);
            }}
            error={errors.agreementStatus}
          />
          <TextField {...text('documentReference')} label={t('privacy.partner.documentReference')} hint={t('privacy.partner.documentReferenceHint')} autoComplete="off" />
          <TextField {...text('signedOn')} type="date" label={t('privacy.partner.signedOn')} />
          <TextField {...text('reviewOn')} type="date" label={t('privacy.partner.reviewOn')} hint={t('privacy.partner.reviewOnHint')} />
          <TextAreaField {...text('notes')} className="span-2" label={t('privacy.partner.notes')} rows={2} />
        </div>

        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? t('common.saving') : t('privacy.partner.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
