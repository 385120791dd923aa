//! Add or edit a contact person in a dialog.
import { useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { GroupError, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import type { ContactFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { bannerMessage, fieldErrors, hasErrorCode } from '../../lib/errors';
import {
  CONTACT_FORM_FIELDS,
  contactToForm,
  emptyContactForm,
  RECIPIENT_ROLE_LABELS,
  RECIPIENT_ROLES,
  toContactInput,
  toggleRole,
  type ContactFormValues,
} from './contactForm';

const CreateContactMutation = graphql(`
  mutation CreateContact($customerId: ID!, $input: ContactInput!) {
    createContact(customerId: $customerId, input: $input) {
      ...ContactFields
    }
  }
`);

const UpdateContactMutation = graphql(`
  mutation UpdateContact($id: ID!, $expectedVersion: Int!, $input: ContactInput!) {
    updateContact(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ContactFields
    }
  }
`);

interface Props {
  readonly customerId: string;
  /** The contact to edit; absent when adding. */
  readonly contact?: ContactFieldsFragment | undefined;
  readonly onClose: () => void;
  /** After a conflict: close and load the list again. */
  readonly onReload: () => void;
}

export function ContactFormDialog({ customerId, contact, onClose, onReload }: Props) {
  const t = useT();
  const [values, setValues] = useState<ContactFormValues>(() => (contact ? contactToForm(contact) : emptyContactForm()));
  const [error, setError] = useState<CombinedError | null>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const [createState, create] = useMutation(CreateContactMutation);
  const [updateState, update] = useMutation(UpdateContactMutation);
  const saving = createState.fetching || updateState.fetching;

  const set = <K extends keyof ContactFormValues>(key: K, value: ContactFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!values.name.trim()) {
      setNameMissing(true);
      return;
    }
    setNameMissing(false);
    setError(null);
    const input = toContactInput(values);
    const result = contact
      ? await update({ id: contact.id, expectedVersion: contact.version, input })
      : await create({ customerId, input });
    if (result.error) setError(result.error);
    else onClose();
  };

  const errors = fieldErrors(error, t('error.fieldInvalid'));
  const conflict = hasErrorCode(error, 'CONFLICT');
  const message = conflict ? null : bannerMessage(error, t, CONTACT_FORM_FIELDS);

  return (
    <Dialog open title={contact ? t('contactForm.editTitle') : t('contactForm.newTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {conflict ? (
          <Banner
            testId="conflict"
            action={
              <button type="button" className="button" onClick={onReload}>
                {t('common.reload')}
              </button>
            }
          >
            {t('contacts.conflict')}
          </Banner>
        ) : null}
        {message ? <Banner testId="form-error">{message}</Banner> : null}
        <div className="grid grid--2">
          <TextField
            name="name"
            label={t('contactForm.name')}
            required
            autoComplete="off"
            value={values.name}
            onValue={(v) => {
              set('name', v);
            }}
            error={nameMissing ? t('contactForm.nameRequired') : errors['name']}
          />
          <TextField
            name="title"
            label={t('contactForm.title')}
            autoComplete="off"
            value={values.title}
            onValue={(v) => {
              set('title', v);
            }}
            error={errors['title']}
          />
          <TextField
            name="email"
            label={t('contactForm.email')}
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
            label={t('contactForm.phone')}
            type="tel"
            autoComplete="off"
            value={values.phone}
            onValue={(v) => {
              set('phone', v);
            }}
            error={errors['phone']}
          />
        </div>
        <fieldset className="fieldset" aria-describedby="recipient-of-hint">
          <legend className="field__label">{t('contactForm.recipientOf')}</legend>
          <p className="field__hint" id="recipient-of-hint">
            {t('contactForm.recipientOfHint')}
          </p>
          <div className="checkbox-grid">
            {RECIPIENT_ROLES.map((role) => (
              <label className="checkbox" key={role}>
                <input
                  type="checkbox"
                  name="recipientOf"
                  value={role}
                  checked={values.recipientOf.includes(role)}
                  onChange={(e) => {
                    set('recipientOf', toggleRole(values.recipientOf, role, e.target.checked));
                  }}
                />
                {t(RECIPIENT_ROLE_LABELS[role])}
              </label>
            ))}
          </div>
          <GroupError name="recipientOf" error={errors['recipientOf']} />
        </fieldset>
        <TextField
          name="externalId"
          label={t('contactForm.externalId')}
          hint={t('contactForm.externalIdHint')}
          autoComplete="off"
          spellCheck={false}
          value={values.externalId}
          onValue={(v) => {
            set('externalId', v);
          }}
          error={errors['externalId']}
        />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? t('common.saving') : t('contactForm.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
