//! The organization's privacy settings as one form. Saving sends the version it was based on; a
//! CONFLICT (someone else saved first) is shown with a Reload button, never overwritten.
import { useRef, useState, type SubmitEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { GroupError, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { OrganizationSettingsFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import {
  AUTHORITIES,
  AUTHORITY_LABELS,
  settingsProblems,
  settingsSaveFailure,
  settingsToForm,
  toSettingsInput,
  type SettingsFormErrors,
  type SettingsFormValues,
} from './privacy';

const OrganizationSettingsQuery = graphql(`
  query OrganizationSettings {
    organizationSettings {
      ...OrganizationSettingsFields
    }
  }
`);

const UpdateOrganizationSettingsMutation = graphql(`
  mutation UpdateOrganizationSettings($expectedVersion: Int!, $input: OrganizationSettingsInput!) {
    updateOrganizationSettings(expectedVersion: $expectedVersion, input: $input) {
      ...OrganizationSettingsFields
    }
  }
`);

export function SettingsSection() {
  const t = useT();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: OrganizationSettingsQuery, requestPolicy: 'cache-and-network' });
  const [saved, setSaved] = useState(false);
  const reload = () => {
    setSaved(false);
    reexecute({ requestPolicy: 'network-only' });
  };
  const listError = primaryErrorCode(error);

  return (
    <section className="card" aria-labelledby="org-settings-title">
      <h2 className="card__title" id="org-settings-title">
        {t('privacy.settings.title')}
      </h2>
      <p className="muted small">{t('privacy.settings.intro')}</p>
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
      {saved ? (
        <Banner tone="info" testId="settings-notice">
          {t('privacy.settings.saved')}
        </Banner>
      ) : null}
      {data ? (
        // A new version from the server (after a save or a reload) starts the form over.
        <SettingsForm
          key={data.organizationSettings.version}
          settings={data.organizationSettings}
          onReload={reload}
          onSaving={() => {
            setSaved(false);
          }}
          onSaved={() => {
            setSaved(true);
          }}
        />
      ) : null}
    </section>
  );
}

interface FormProps {
  readonly settings: OrganizationSettingsFieldsFragment;
  readonly onReload: () => void;
  readonly onSaving: () => void;
  readonly onSaved: () => void;
}

function SettingsForm({ settings, onReload, onSaving, onSaved }: FormProps) {
  const t = useT();
  const [values, setValues] = useState<SettingsFormValues>(() => settingsToForm(settings));
  const [local, setLocal] = useState<SettingsFormErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [state, update] = useMutation(UpdateOrganizationSettingsMutation);
  const formRef = useRef<HTMLFormElement>(null);
  // The version this form is based on; a save moves it on without resetting what is typed.
  const [version, setVersion] = useState(settings.version);

  const failure = settingsSaveFailure(serverError, t);
  const errors: SettingsFormErrors = { ...failure.fields, ...local };

  const set = <K extends keyof SettingsFormValues>(key: K, value: SettingsFormValues[K]) => {
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
    onSaving();
    const problems = settingsProblems(values, t);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    const result = await update({ expectedVersion: version, input: toSettingsInput(values) });
    if (result.data) {
      const next = result.data.updateOrganizationSettings;
      setVersion(next.version);
      setValues(settingsToForm(next));
      onSaved();
      return;
    }
    if (result.error) {
      setServerError(result.error);
      focusFirstInvalid();
    }
  };

  const text = (name: Exclude<keyof SettingsFormValues, 'supervisoryAuthority' | 'secretRevealRequiresTotp'>) => ({
    name,
    value: values[name],
    error: errors[name],
    onValue: (v: string) => {
      set(name, v);
    },
  });

  return (
    <form className="form" ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="org-settings-title">
      {failure.stale ? (
        <Banner
          testId="conflict"
          action={
            <button type="button" className="button" onClick={onReload}>
              {t('common.reload')}
            </button>
          }
        >
          {t('privacy.settings.conflict')}
        </Banner>
      ) : null}
      {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
      <fieldset className="fieldset">
        <legend className="field__label">{t('privacy.settings.controller')}</legend>
        <div className="grid grid--2">
          <TextField {...text('companyName')} label={t('privacy.settings.companyName')} autoComplete="organization" required />
          <TextField {...text('orgNumber')} label={t('privacy.settings.orgNumber')} autoComplete="off" />
          <TextAreaField
            {...text('address')}
            className="span-2"
            label={t('privacy.settings.address')}
            hint={t('privacy.settings.addressHint')}
            rows={3}
            autoComplete="street-address"
          />
          <TextField {...text('email')} type="email" label={t('privacy.settings.email')} autoComplete="email" />
          <TextField {...text('phone')} type="tel" label={t('privacy.settings.phone')} autoComplete="tel" />
          <TextField
            {...text('privacyPolicyUrl')}
            className="span-2"
            type="url"
            label={t('privacy.settings.privacyPolicyUrl')}
            hint={t('privacy.settings.privacyPolicyUrlHint')}
            autoComplete="url"
            spellCheck={false}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend className="field__label">{t('privacy.settings.dpo')}</legend>
        <div className="grid grid--2">
          <TextField {...text('dpoName')} label={t('privacy.settings.dpoName')} autoComplete="off" />
          <TextField {...text('dpoEmail')} type="email" label={t('privacy.settings.dpoEmail')} autoComplete="off" />
          <SelectField
            name="supervisoryAuthority"
            className="span-2"
            label={t('privacy.settings.supervisoryAuthority')}
            hint={t('privacy.settings.supervisoryAuthorityHint')}
            value={values.supervisoryAuthority}
            options={AUTHORITIES.map((a) => ({ value: a, label: t(AUTHORITY_LABELS[a]) }))}
            onValue={(v) => {
              set('supervisoryAuthority', v);
            }}
            error={errors.supervisoryAuthority}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend className="field__label">{t('privacy.settings.retention')}</legend>
        <div className="grid grid--2">
          <TextField
            {...text('bookkeepingRetentionYears')}
            label={t('privacy.settings.bookkeepingRetentionYears')}
            hint={t('privacy.settings.bookkeepingRetentionYearsHint')}
            inputMode="numeric"
            autoComplete="off"
          />
          <TextField
            {...text('auditLogRetentionMonths')}
            label={t('privacy.settings.auditLogRetentionMonths')}
            hint={t('privacy.settings.auditLogRetentionMonthsHint')}
            inputMode="numeric"
            autoComplete="off"
          />
        </div>
      </fieldset>

      <fieldset className="fieldset" aria-describedby="secret-reveal-totp-hint">
        <legend className="field__label">{t('privacy.settings.secrets')}</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            name="secretRevealRequiresTotp"
            checked={values.secretRevealRequiresTotp}
            onChange={(e) => {
              set('secretRevealRequiresTotp', e.target.checked);
            }}
          />
          {t('privacy.settings.secretRevealRequiresTotp')}
        </label>
        <p className="field__hint" id="secret-reveal-totp-hint">
          {t('privacy.settings.secretRevealRequiresTotpHint')}
        </p>
        <GroupError name="secretRevealRequiresTotp" error={errors.secretRevealRequiresTotp} />
      </fieldset>

      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={state.fetching}>
          {state.fetching ? t('common.saving') : t('privacy.settings.save')}
        </button>
      </div>
    </form>
  );
}
