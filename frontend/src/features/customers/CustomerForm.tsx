//! The customer form (create and edit share it). The kind decides which name fields and
//! which identity number label are shown. Field errors come from the server by input path.
import { useEffect, useRef, type SubmitEvent, type ReactNode } from 'react';
import { GroupError, SelectField, TextAreaField, TextField } from '../../components/Field';
import type { Country } from '../../gql/graphql';
import { useT } from '../../i18n';
import { withCountry, type AddressFormValues, type CustomerFormValues } from './customerForm';
import { COUNTRIES, COUNTRY_LABELS, KINDS, KIND_LABELS, identityNumberLabel } from './labels';

interface Props {
  readonly values: CustomerFormValues;
  readonly onChange: (values: CustomerFormValues) => void;
  readonly errors: Readonly<Record<string, string>>;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
  readonly saving: boolean;
  /** Banner(s) shown above the form (general and conflict errors). */
  readonly banner?: ReactNode;
  /** Bumped on each failed save, so focus moves to the first invalid field. */
  readonly attempt: number;
}

type AddressKey = 'invoiceAddress' | 'postalAddress';

export function CustomerForm({ values, onChange, errors, onSubmit, onCancel, saving, banner, attempt }: Props) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof CustomerFormValues>(key: K, value: CustomerFormValues[K]) => {
    onChange({ ...values, [key]: value });
  };
  const setAddress = (which: AddressKey, part: keyof AddressFormValues, value: string) => {
    onChange({ ...values, [which]: { ...values[which], [part]: value } });
  };

  const bannerRef = useRef<HTMLDivElement>(null);
  // After a failed save, take the user to the problem: the first invalid field, or else
  // the message at the top (e.g. a conflict), which is out of sight from the Save button.
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
    } else if (bannerRef.current?.childElementCount) {
      bannerRef.current.scrollIntoView({ block: 'nearest' });
      bannerRef.current.focus();
    }
  }, [attempt]);

  const countryOptions = COUNTRIES.map((c) => ({ value: c, label: t(COUNTRY_LABELS[c]) }));
  const isPrivate = values.kind === 'PRIVATE';

  const addressFields = (which: AddressKey) => (
    <>
      <GroupError name={which} error={errors[which]} />
      <div className="grid grid--2">
        <TextField
          className="span-2"
          name={`${which}.line1`}
          label={t('address.line1')}
          autoComplete={`${which === 'invoiceAddress' ? 'billing' : 'shipping'} address-line1`}
          value={values[which].line1}
          onValue={(v) => {
            setAddress(which, 'line1', v);
          }}
          error={errors[`${which}.line1`]}
        />
        <TextField
          className="span-2"
          name={`${which}.line2`}
          label={t('address.line2')}
          autoComplete={`${which === 'invoiceAddress' ? 'billing' : 'shipping'} address-line2`}
          value={values[which].line2}
          onValue={(v) => {
            setAddress(which, 'line2', v);
          }}
          error={errors[`${which}.line2`]}
        />
        <TextField
          name={`${which}.postalCode`}
          label={t('address.postalCode')}
          autoComplete={`${which === 'invoiceAddress' ? 'billing' : 'shipping'} postal-code`}
          value={values[which].postalCode}
          onValue={(v) => {
            setAddress(which, 'postalCode', v);
          }}
          error={errors[`${which}.postalCode`]}
        />
        <TextField
          name={`${which}.city`}
          label={t('address.city')}
          autoComplete={`${which === 'invoiceAddress' ? 'billing' : 'shipping'} address-level2`}
          value={values[which].city}
          onValue={(v) => {
            setAddress(which, 'city', v);
          }}
          error={errors[`${which}.city`]}
        />
        <SelectField<Country>
          name={`${which}.country`}
          label={t('address.country')}
          value={values[which].country}
          options={countryOptions}
          onValue={(v) => {
            setAddress(which, 'country', v);
          }}
          error={errors[`${which}.country`]}
        />
      </div>
    </>
  );

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <form ref={formRef} className="form customer-form" onSubmit={submit} noValidate>
      <div ref={bannerRef} tabIndex={-1} className="form__messages">
        {banner}
      </div>

      <section className="card">
        <fieldset className="fieldset">
          <legend className="card__title">{t('customerForm.kindLegend')}</legend>
          <div className="segmented" data-testid="kind-switch">
            {KINDS.map((kind) => (
              <label key={kind} className={values.kind === kind ? 'segmented__option is-checked' : 'segmented__option'}>
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={values.kind === kind}
                  onChange={() => {
                    set('kind', kind);
                  }}
                />
                {t(KIND_LABELS[kind])}
              </label>
            ))}
          </div>
          <GroupError name="kind" error={errors['kind']} />
        </fieldset>
        <div className="grid grid--2">
          <SelectField<Country>
            name="country"
            label={t('customer.field.country')}
            value={values.country}
            options={countryOptions}
            onValue={(c) => {
              onChange(withCountry(values, c));
            }}
            error={errors['country']}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="form-identity">
        <h2 className="card__title" id="form-identity">
          {isPrivate ? t('customerForm.personSection') : t('customerForm.companySection')}
        </h2>
        <div className="grid grid--2">
          {isPrivate ? (
            <>
              <TextField
                name="firstName"
                label={t('customer.field.firstName')}
                autoComplete="off"
                value={values.firstName}
                onValue={(v) => {
                  set('firstName', v);
                }}
                error={errors['firstName']}
              />
              <TextField
                name="lastName"
                label={t('customer.field.lastName')}
                autoComplete="off"
                value={values.lastName}
                onValue={(v) => {
                  set('lastName', v);
                }}
                error={errors['lastName']}
              />
            </>
          ) : (
            <TextField
              className="span-2"
              name="companyName"
              label={t('customer.field.companyName')}
              autoComplete="off"
              value={values.companyName}
              onValue={(v) => {
                set('companyName', v);
              }}
              error={errors['companyName']}
            />
          )}
          <TextField
            name="identityNumber"
            label={t(identityNumberLabel(values.kind))}
            autoComplete="off"
            spellCheck={false}
            value={values.identityNumber}
            onValue={(v) => {
              set('identityNumber', v);
            }}
            error={errors['identityNumber']}
          />
        </div>
        {/* The server may name the whole name, e.g. "name is required". */}
        <GroupError name="name" error={errors['name']} />
      </section>

      <section className="card" aria-labelledby="form-contact">
        <h2 className="card__title" id="form-contact">
          {t('customerForm.contactSection')}
        </h2>
        <div className="grid grid--2">
          <TextField
            name="email"
            label={t('customer.field.email')}
            type="email"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            value={values.email}
            onValue={(v) => {
              set('email', v);
            }}
            error={errors['email']}
          />
          <TextField
            name="phone"
            label={t('customer.field.phone')}
            type="tel"
            autoComplete="off"
            value={values.phone}
            onValue={(v) => {
              set('phone', v);
            }}
            error={errors['phone']}
          />
        </div>
      </section>

      <section className="card">
        <fieldset className="fieldset">
          <legend className="card__title">{t('customer.field.invoiceAddress')}</legend>
          <p className="field__hint">{t('customerForm.invoiceAddressHint')}</p>
          {addressFields('invoiceAddress')}
        </fieldset>
      </section>

      <section className="card">
        <fieldset className="fieldset">
          <legend className="card__title">{t('customer.field.postalAddress')}</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.postalSameAsInvoice}
              onChange={(e) => {
                set('postalSameAsInvoice', e.target.checked);
              }}
            />
            {t('customerForm.postalSameAsInvoice')}
          </label>
          {values.postalSameAsInvoice ? null : addressFields('postalAddress')}
        </fieldset>
      </section>

      <section className="card">
        <TextAreaField
          name="note"
          label={t('customer.field.note')}
          hint={t('customerForm.noteHint')}
          rows={4}
          value={values.note}
          onValue={(v) => {
            set('note', v);
          }}
          error={errors['note']}
        />
      </section>

      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? t('common.saving') : t('customerForm.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
