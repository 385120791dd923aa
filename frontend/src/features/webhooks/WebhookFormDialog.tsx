//! "New webhook": the receiver's address and the events it gets (today one: consent changes,
//! ticked from the start). On success the dialog shows the signing secret, once, with how the
//! receiver verifies a delivery; while it shows, Escape does not close the dialog (only Done
//! does), and leaving the page asks the browser's "Leave site?" question.
import { useId, useRef, useState, type RefObject, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { GroupError, TextField } from '../../components/Field';
import { OnceSecretField, useLeaveWarning } from '../../components/OnceSecret';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n';
import {
  EMPTY_WEBHOOK_FORM,
  EVENT_COPY,
  EVENTS,
  firstWebhookProblem,
  SIGNATURE_HEADER_FORMAT,
  toggleEvent,
  toWebhookVariables,
  VERIFY_SNIPPET,
  webhookProblems,
  webhookSaveFailure,
  type WebhookFormErrors,
  type WebhookFormField,
  type WebhookFormValues,
} from './webhooks';

const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($url: String!, $events: [WebhookEvent!]!) {
    createWebhookEndpoint(url: $url, events: $events) {
      endpoint {
        ...WebhookEndpointFields
      }
      secret
    }
  }
`);

// The list shows a new endpoint even when it was empty.
export const WEBHOOK_CONTEXT = { additionalTypenames: ['WebhookEndpoint'] };

/** The new endpoint while its secret is on screen; dropped with the dialog. */
interface Created {
  readonly url: string;
  readonly secret: string;
}

interface Props {
  /** Closes the dialog before an endpoint was created. */
  readonly onCancel: () => void;
  /** The secret was shown and the user pressed Done. */
  readonly onDone: (url: string) => void;
}

export function WebhookFormDialog({ onCancel, onDone }: Props) {
  const { t } = useI18n();
  const [created, setCreated] = useState<Created | null>(null);
  const [escapeHint, setEscapeHint] = useState(false);
  const doneRef = useRef<HTMLButtonElement>(null);

  return (
    <Dialog
      open
      title={created ? t('webhooks.secret.title') : t('webhooks.form.title')}
      onClose={() => {
        if (!created) {
          onCancel();
          return;
        }
        // The secret cannot be shown again: closing takes the explicit Done.
        setEscapeHint(true);
        doneRef.current?.focus();
      }}
    >
      {created ? (
        <SecretView
          created={created}
          escapeHint={escapeHint}
          doneRef={doneRef}
          onDone={() => {
            onDone(created.url);
          }}
        />
      ) : (
        <EndpointForm onCancel={onCancel} onCreated={setCreated} />
      )}
    </Dialog>
  );
}

interface EndpointFormProps {
  readonly onCancel: () => void;
  readonly onCreated: (created: Created) => void;
}

function EndpointForm({ onCancel, onCreated }: EndpointFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [values, setValues] = useState<WebhookFormValues>(EMPTY_WEBHOOK_FORM);
  const [local, setLocal] = useState<WebhookFormErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [state, createEndpoint] = useMutation(CreateWebhookEndpointMutation);
  const urlRef = useRef<HTMLInputElement>(null);
  const eventsRef = useRef<HTMLFieldSetElement>(null);

  const failure = webhookSaveFailure(serverError, t);
  const errors: WebhookFormErrors = { ...failure.fields, ...local };

  const focus = (field: WebhookFormField | null) => {
    if (field === 'url') urlRef.current?.focus();
    else if (field === 'events') eventsRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setServerError(null);
    const problems = webhookProblems(values, t);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focus(firstWebhookProblem(problems));
      return;
    }
    const result = await createEndpoint(toWebhookVariables(values), WEBHOOK_CONTEXT);
    if (result.data) {
      const { endpoint, secret } = result.data.createWebhookEndpoint;
      onCreated({ url: endpoint.url, secret });
      return;
    }
    if (result.error) {
      setServerError(result.error);
      focus(firstWebhookProblem(webhookSaveFailure(result.error, t).fields));
    }
  };

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
      <TextField
        name="url"
        type="url"
        inputMode="url"
        label={t('webhooks.form.url')}
        hint={t('webhooks.form.urlHint')}
        autoComplete="off"
        spellCheck={false}
        required
        autoFocus
        inputRef={urlRef}
        value={values.url}
        onValue={(v) => {
          setValues((prev) => ({ ...prev, url: v }));
          // A changed address is a new question: the old answer no longer applies to it.
          setLocal((prev) => ({ ...prev, url: undefined }));
          setServerError(null);
        }}
        error={errors.url}
      />

      <fieldset className="fieldset" ref={eventsRef} aria-describedby={`${id}-events-hint`}>
        <legend className="field__label">{t('webhooks.form.events')}</legend>
        <p className="field__hint" id={`${id}-events-hint`}>
          {t('webhooks.form.eventsHint')}
        </p>
        <ul className="choice-list">
          {EVENTS.map((event) => {
            const hintId = `${id}-${event}`;
            return (
              <li key={event}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name="events"
                    value={event}
                    checked={values.events.includes(event)}
                    aria-describedby={hintId}
                    aria-invalid={errors.events ? true : undefined}
                    onChange={(e) => {
                      const on = e.target.checked;
                      setValues((prev) => ({ ...prev, events: toggleEvent(prev.events, event, on) }));
                    }}
                  />
                  {t(EVENT_COPY[event].label)}
                </label>
                <p className="field__hint choice-list__hint" id={hintId}>
                  {t(EVENT_COPY[event].hint)}
                </p>
              </li>
            );
          })}
        </ul>
        <GroupError name="events" error={errors.events} />
      </fieldset>

      <div className="dialog__actions">
        {/* While the endpoint is being created, cancelling would lose its secret. */}
        <button type="button" className="button" onClick={onCancel} disabled={state.fetching}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={state.fetching}>
          {state.fetching ? t('webhooks.form.creating') : t('webhooks.form.create')}
        </button>
      </div>
    </form>
  );
}

interface SecretViewProps {
  readonly created: Created;
  readonly escapeHint: boolean;
  readonly doneRef: RefObject<HTMLButtonElement | null>;
  readonly onDone: () => void;
}

function SecretView({ created, escapeHint, doneRef, onDone }: SecretViewProps) {
  const { t } = useI18n();
  const verifyId = useId();
  // Leaving or reloading the page would lose the secret for good.
  useLeaveWarning();

  return (
    <div className="form" data-testid="webhook-created">
      <p>{t('webhooks.created', { url: created.url })}</p>
      <OnceSecretField
        secret={created.secret}
        label={t('webhooks.secret.label')}
        copyLabel={t('webhooks.secret.copy')}
        warning={t('webhooks.secret.warning')}
        testId="webhook"
      />
      <section className="webhook__verify" aria-labelledby={verifyId}>
        <h3 className="webhook__verify-title" id={verifyId}>
          {t('webhooks.secret.verifyTitle')}
        </h3>
        <p className="small">{t('webhooks.secret.headers')}</p>
        <code className="mono api-key__usage" data-testid="webhook-signature-format">
          {SIGNATURE_HEADER_FORMAT}
        </code>
        <p className="small">{t('webhooks.secret.verify')}</p>
        <pre className="webhook__snippet" data-testid="webhook-verify-snippet">
          {VERIFY_SNIPPET}
        </pre>
        <p className="small muted">{t('webhooks.secret.delivery')}</p>
      </section>
      <p className="small muted">{t('webhooks.secret.lost')}</p>
      {escapeHint ? (
        <p className="field__hint" role="status" data-testid="webhook-use-done">
          {t('webhooks.secret.useDone')}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" ref={doneRef} className="button button--primary" onClick={onDone}>
          {t('webhooks.secret.done')}
        </button>
      </div>
    </div>
  );
}
