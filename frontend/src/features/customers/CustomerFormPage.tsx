//! /customers/new and /customers/:id/edit. Saves the full input; an edit sends the version
//! it was based on, and a CONFLICT (someone else saved first) is shown, never overwritten.
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { graphql } from '../../gql';
import type { CustomerFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { bannerMessage, fieldErrors, hasErrorCode } from '../../lib/errors';
import { CustomerForm } from './CustomerForm';
import { CustomerNotLoaded } from './CustomerNotLoaded';
import { CUSTOMER_FORM_FIELDS, customerToForm, emptyCustomerForm, toCustomerInput, type CustomerFormValues } from './customerForm';

const CustomerForEditQuery = graphql(`
  query CustomerForEdit($id: ID!) {
    customer(id: $id) {
      ...CustomerFields
    }
  }
`);

const CreateCustomerMutation = graphql(`
  mutation CreateCustomer($input: CustomerInput!) {
    createCustomer(input: $input) {
      ...CustomerFields
    }
  }
`);

const UpdateCustomerMutation = graphql(`
  mutation UpdateCustomer($id: ID!, $expectedVersion: Int!, $input: CustomerInput!) {
    updateCustomer(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...CustomerFields
    }
  }
`);

export function CustomerFormPage({ mode }: { readonly mode: 'create' | 'edit' }) {
  const { id } = useParams();
  // A fresh form per customer (and per create visit).
  return mode === 'edit' && id ? <EditCustomer key={id} id={id} /> : <CreateCustomer />;
}

/** Back where the user came from, or to a sensible place on a direct visit. */
function useGoBack(fallback: string) {
  const navigate = useNavigate();
  const location = useLocation();
  return () => {
    if (location.key !== 'default') void navigate(-1);
    else void navigate(fallback);
  };
}

function useSaveErrors() {
  const t = useT();
  const [error, setError] = useState<CombinedError | null>(null);
  const [attempt, setAttempt] = useState(0);
  return {
    error,
    attempt,
    errors: fieldErrors(error, t('error.fieldInvalid')),
    failed: (e: CombinedError) => {
      setError(e);
      setAttempt((a) => a + 1);
    },
    clear: () => {
      setError(null);
    },
  };
}

function CreateCustomer() {
  const t = useT();
  const navigate = useNavigate();
  const goBack = useGoBack('/customers');
  const [values, setValues] = useState<CustomerFormValues>(() => emptyCustomerForm());
  const [{ fetching }, create] = useMutation(CreateCustomerMutation);
  const save = useSaveErrors();

  const onSubmit = async () => {
    save.clear();
    const result = await create({ input: toCustomerInput(values) });
    if (result.data) {
      void navigate(`/customers/${result.data.createCustomer.id}`, { replace: true });
    } else if (result.error) {
      save.failed(result.error);
    }
  };

  const message = bannerMessage(save.error, t, CUSTOMER_FORM_FIELDS);
  return (
    <main className="page page--form" id="main">
      <div className="page__header">
        <h1>{t('customerForm.newTitle')}</h1>
      </div>
      <CustomerForm
        values={values}
        onChange={setValues}
        errors={save.errors}
        saving={fetching}
        attempt={save.attempt}
        onSubmit={() => void onSubmit()}
        onCancel={goBack}
        banner={message ? <Banner testId="form-error">{message}</Banner> : null}
      />
    </main>
  );
}

function EditCustomer({ id }: { readonly id: string }) {
  const t = useT();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CustomerForEditQuery,
    variables: { id },
    // Edit what is stored now, so the version we send is current.
    requestPolicy: 'network-only',
  });

  if (!data) {
    return (
      <CustomerNotLoaded
        error={error}
        fetching={fetching}
        onRetry={() => {
          reexecute({ requestPolicy: 'network-only' });
        }}
        notFoundMessage={t('customerForm.notFound')}
        pageClass="page--form"
      />
    );
  }


  return (
    <EditCustomerForm
      // A reload brings a new version: start the form over from what is stored.
      key={data.customer.version}
      customer={data.customer}
      onReload={() => {
        reexecute({ requestPolicy: 'network-only' });
      }}
    />
  );
}

function EditCustomerForm({ customer, onReload }: { readonly customer: CustomerFieldsFragment; readonly onReload: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const goBack = useGoBack(`/customers/${customer.id}`);
  const [values, setValues] = useState<CustomerFormValues>(() => customerToForm(customer));
  const [{ fetching }, update] = useMutation(UpdateCustomerMutation);
  const save = useSaveErrors();

  const onSubmit = async () => {
    save.clear();
    const result = await update({ id: customer.id, expectedVersion: customer.version, input: toCustomerInput(values) });
    if (result.data) {
      void navigate(`/customers/${customer.id}`, { replace: true });
    } else if (result.error) {
      save.failed(result.error);
    }
  };

  const conflict = hasErrorCode(save.error, 'CONFLICT');
  const message = conflict ? null : bannerMessage(save.error, t, CUSTOMER_FORM_FIELDS);
  const banner = conflict ? (
    <Banner
      testId="conflict"
      action={
        <button type="button" className="button" onClick={onReload}>
          {t('common.reload')}
        </button>
      }
    >
      {t('customer.conflict')}
    </Banner>
  ) : message ? (
    <Banner testId="form-error">{message}</Banner>
  ) : null;

  return (
    <main className="page page--form" id="main">
      <div className="page__header">
        <h1>{t('customerForm.editTitle', { name: customer.displayName })}</h1>
      </div>
      <CustomerForm
        values={values}
        onChange={setValues}
        errors={save.errors}
        saving={fetching}
        attempt={save.attempt}
        onSubmit={() => void onSubmit()}
        onCancel={goBack}
        banner={banner}
      />
    </main>
  );
}
