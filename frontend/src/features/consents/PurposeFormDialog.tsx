//! Create or edit a consent purpose (a "Communication consent" column) in a dialog.
import { useRef, useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import type { ConsentPurposeFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { CHANNEL_LABELS, CHANNELS, purposeName } from './labels';
import {
  emptyPurposeForm,
  purposeProblems,
  purposeSaveFailure,
  purposeToForm,
  toPurposeInput,
  type PurposeFormErrors,
  type PurposeFormValues,
} from './purposeForm';

const CreateConsentPurposeMutation = graphql(`
  mutation CreateConsentPurpose($input: ConsentPurposeInput!) {
    createConsentPurpose(input: $input) {
      ...ConsentPurposeFields
    }
  }
`);

const UpdateConsentPurposeMutation = graphql(`
  mutation UpdateConsentPurpose($id: ID!, $expectedVersion: Int!, $input: ConsentPurposeInput!) {
    updateConsentPurpose(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ConsentPurposeFields
    }
  }
`);

/** Refetch the purposes after the first one is created (an empty list holds no ConsentPurpose). */
export const PURPOSE_CONTEXT = { additionalTypenames: ['ConsentPurpose'] };

interface Props {
  /** The purpose to edit; absent when creating. */
  readonly purpose?: ConsentPurposeFieldsFragment | undefined;
  /** Every purpose, for the default sort order of a new one. */
  readonly existing: readonly ConsentPurposeFieldsFragment[];
  readonly onClose: () => void;
  readonly onSaved: (purpose: ConsentPurposeFieldsFragment) => void;
  /** After a conflict: close and load the list again. */
  readonly onReload: () => void;
}

export function PurposeFormDialog({ purpose, existing, onClose, onSaved, onReload }: Props) {
  const { t, lang } = useI18n();
  const [values, setValues] = useState<PurposeFormValues>(() => (purpose ? purposeToForm(purpose) : emptyPurposeForm(existing)));
  const [local, setLocal] = useState<PurposeFormErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [createState, create] = useMutation(CreateConsentPurposeMutation);
  const [updateState, update] = useMutation(UpdateConsentPurposeMutation);
  const saving = createState.fetching || updateState.fetching;
  const formRef = useRef<HTMLFormElement>(null);
  const mode = purpose ? 'edit' : 'new';

  const failure = purposeSaveFailure(serverError, mode, t);
  const errors: PurposeFormErrors = { ...failure.fields, ...local };

  const set = <K extends keyof PurposeFormValues>(key: K, value: PurposeFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const focusFirstInvalid = () => {
    // After React has rendered the errors.
    window.requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setServerError(null);
    const problems = purposeProblems(values, t);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    const input = toPurposeInput(values);
    const result = purpose
      ? await update({ id: purpose.id, expectedVersion: purpose.version, input }, PURPOSE_CONTEXT)
      : await create({ input }, PURPOSE_CONTEXT);
    if (result.data) {
      onSaved('updateConsentPurpose' in result.data ? result.data.updateConsentPurpose : result.data.createConsentPurpose);
      return;
    }
    if (result.error) {
      setServerError(result.error);
      focusFirstInvalid();
    }
  };

  const channelOptions = CHANNELS.map((c) => ({ value: c, label: t(CHANNEL_LABELS[c]) }));

  return (
    <Dialog
      open
      title={purpose ? t('consentSettings.form.editTitle', { name: purposeName(purpose, lang) }) : t('consentSettings.form.newTitle')}
      onClose={onClose}
    >
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
            {t('consentSettings.conflict')}
          </Banner>
        ) : null}
        {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
        <TextField
          name="key"
          label={t('consentSettings.form.key')}
          hint={purpose ? t('consentSettings.form.keyHintEdit') : t('consentSettings.form.keyHint')}
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus={!purpose}
          value={values.key}
          onValue={(v) => {
            set('key', v);
          }}
          error={errors.key}
        />
        <div className="grid grid--2">
          <TextField
            name="nameSv"
            label={t('consentSettings.form.nameSv')}
            lang="sv"
            autoComplete="off"
            required
            value={values.nameSv}
            onValue={(v) => {
              set('nameSv', v);
            }}
            error={errors.nameSv}
          />
          <TextField
            name="nameEn"
            label={t('consentSettings.form.nameEn')}
            lang="en"
            autoComplete="off"
            required
            value={values.nameEn}
            onValue={(v) => {
              set('nameEn', v);
            }}
            error={errors.nameEn}
          />
          <TextAreaField
            name="descriptionSv"
            label={t('consentSettings.form.descriptionSv')}
            lang="sv"
            rows={3}
            value={values.descriptionSv}
            onValue={(v) => {
              set('descriptionSv', v);
            }}
            error={errors.descriptionSv}
          />
          <TextAreaField
            name="descriptionEn"
            label={t('consentSettings.form.descriptionEn')}
            lang="en"
            rows={3}
            value={values.descriptionEn}
            onValue={(v) => {
              set('descriptionEn', v);
            }}
            error={errors.descriptionEn}
          />
          <SelectField
            name="channel"
            label={t('consentSettings.form.channel')}
            value={values.channel}
            options={channelOptions}
            onValue={(v) => {
              set('channel', v);
            }}
            error={errors.channel}
          />
          <TextField
            name="sortOrder"
            label={t('consentSettings.form.sortOrder')}
            hint={t('consentSettings.form.sortOrderHint')}
            inputMode="numeric"
            autoComplete="off"
            value={values.sortOrder}
            onValue={(v) => {
              set('sortOrder', v);
            }}
            error={errors.sortOrder}
          />
        </div>
        <div className="fieldset">
          <div>
            <label className="checkbox">
              <input
                type="checkbox"
                name="requiresOptIn"
                checked={values.requiresOptIn}
                aria-describedby="purpose-opt-in-hint"
                onChange={(e) => {
                  set('requiresOptIn', e.target.checked);
                }}
              />
              {t('consentSettings.form.requiresOptIn')}
            </label>
            <p className="field__hint choice-list__hint" id="purpose-opt-in-hint">
              {t('consentSettings.form.requiresOptInHint')}
            </p>
            {errors.requiresOptIn ? <p className="field__error">{errors.requiresOptIn}</p> : null}
          </div>
          <div>
            <label className="checkbox">
              <input
                type="checkbox"
                name="active"
                checked={values.active}
                aria-describedby="purpose-active-hint"
                onChange={(e) => {
                  set('active', e.target.checked);
                }}
              />
              {t('consentSettings.form.active')}
            </label>
            <p className="field__hint choice-list__hint" id="purpose-active-hint">
              {t('consentSettings.form.activeHint')}
            </p>
            {errors.active ? <p className="field__error">{errors.active}</p> : null}
          </div>
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? t('common.saving') : t('consentSettings.form.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
