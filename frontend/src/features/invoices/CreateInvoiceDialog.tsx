//! "Create invoice" on an order: the invoice gets the order's lines and currency, an invoice date
//! (today) and a due date (30 days later), both editable, and an optional text. The buyer's name
//! and address are printed as they are now. An invoice is never edited afterwards.
import { useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import type { InvoiceFieldsFragment, OrderFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { todayIso } from '../../lib/dates';
import { bannerMessage, conflictField, fieldErrors } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import {
  INVOICE_FORM_FIELDS,
  invoiceFormProblems,
  newInvoiceForm,
  toInvoiceInput,
  withInvoiceDate,
  type InvoiceFormValues,
} from './invoiceForm';

const CreateInvoiceMutation = graphql(`
  mutation CreateInvoice($customerId: ID!, $input: InvoiceInput!) {
    createInvoice(customerId: $customerId, input: $input) {
      ...InvoiceFields
    }
  }
`);

// The Invoices tab lists invoices; make it refetch even when it had none.
const CONTEXT = { additionalTypenames: ['Invoice'] };

interface Props {
  readonly customerId: string;
  readonly order: OrderFieldsFragment;
  readonly onClose: () => void;
  readonly onCreated: (invoice: InvoiceFieldsFragment) => void;
}

export function CreateInvoiceDialog({ customerId, order, onClose, onCreated }: Props) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState<InvoiceFormValues>(() => newInvoiceForm(todayIso()));
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [state, create] = useMutation(CreateInvoiceMutation);

  const problems = invoiceFormProblems(values);
  const serverErrors = fieldErrors(serverError, t('error.fieldInvalid'));
  const errorOf = (field: string): string | undefined => {
    const key = submitted ? problems[field] : undefined;
    return key ? t(key) : serverErrors[field];
  };
  const anonymized = conflictField(serverError) === 'customerId';
  const message = anonymized ? t('orders.anonymizedConflict') : bannerMessage(serverError, t, INVOICE_FORM_FIELDS);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) return;
    setServerError(null);
    const result = await create({ customerId, input: toInvoiceInput(values, order) }, CONTEXT);
    if (result.data) onCreated(result.data.createInvoice);
    else if (result.error) setServerError(result.error);
  };

  return (
    <Dialog open title={t('invoices.form.title', { number: order.number })} onClose={onClose}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {message ? <Banner testId="form-error">{message}</Banner> : null}
        <p className="muted">
          {t('invoices.form.intro', {
            count: order.lines.length,
            total: formatMoney(order.total, order.currency, locale),
          })}
        </p>
        <div className="grid grid--2">
          <TextField
            name="invoiceDate"
            type="date"
            label={t('invoices.form.invoiceDate')}
            required
            value={values.invoiceDate}
            onValue={(v) => {
              setValues((prev) => withInvoiceDate(prev, v));
            }}
            error={errorOf('invoiceDate')}
          />
          <TextField
            name="dueDate"
            type="date"
            label={t('invoices.form.dueDate')}
            hint={t('invoices.form.dueDateHint')}
            required
            value={values.dueDate}
            onValue={(v) => {
              setValues((prev) => ({ ...prev, dueDate: v }));
            }}
            error={errorOf('dueDate')}
          />
        </div>
        <TextAreaField
          name="description"
          label={t('invoices.form.description')}
          hint={t('invoices.form.descriptionHint')}
          rows={2}
          value={values.description}
          onValue={(v) => {
            setValues((prev) => ({ ...prev, description: v }));
          }}
          error={errorOf('description')}
        />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={state.fetching}>
            {state.fetching ? t('invoices.form.creating') : t('invoices.form.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
