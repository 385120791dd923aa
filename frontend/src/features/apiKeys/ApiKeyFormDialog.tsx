//! "New API key": a name, the scopes (a checkbox each, with a one-line explanation), the access
//! groups whose restricted customers the key sees, and an optional last day. On success the
//! dialog shows the secret, once: copy it, then Done. While it shows, Escape does not close the
//! dialog (only Done does), and leaving the page asks the browser's "Leave site?" question.
import { useId, useRef, useState, type RefObject, type SubmitEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { RightsHolder } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { GroupError, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { OnceSecretField, useLeaveWarning } from '../../components/OnceSecret';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { byName, toggleId } from '../groups/groups';
import {
  apiKeyProblems,
  apiKeySaveFailure,
  authorizationExample,
  canGrantGroup,
  canGrantScope,
  EMPTY_API_KEY_FORM,
  firstProblem,
  localDateInput,
  SCOPE_COPY,
  SCOPES,
  toApiKeyInput,
  toggleScope,
  type ApiKeyFormErrors,
  type ApiKeyFormField,
  type ApiKeyFormValues,
  type KeyGiver,
} from './apiKeys';

const ApiKeyChoicesQuery = graphql(`
  query ApiKeyChoices {
    accessGroups {
      id
      name
    }
    me {
      id
      groupIds
    }
  }
`);

const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: ApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        ...ApiKeyFields
      }
      secret
    }
  }
`);

// The list shows a new key even when it was empty.
export const API_KEY_CONTEXT = { additionalTypenames: ['ApiKey'] };

/** The new key while its secret is on screen; dropped with the dialog. */
interface Created {
  readonly name: string;
  readonly prefix: string;
  readonly secret: string;
}

interface Props {
  readonly viewer: RightsHolder;
  /** Closes the dialog before a key was created. */
  readonly onCancel: () => void;
  /** The secret was shown and the user pressed Done. */
  readonly onDone: (name: string) => void;
}

export function ApiKeyFormDialog({ viewer, onCancel, onDone }: Props) {
  const { t } = useI18n();
  const [created, setCreated] = useState<Created | null>(null);
  const [escapeHint, setEscapeHint] = useState(false);
  const doneRef = useRef<HTMLButtonElement>(null);

  const title = created ? t('apiKeys.secret.title') : t('apiKeys.form.title');
  return (
    <Dialog
      open
      title={title}
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
            onDone(created.name);
          }}
        />
      ) : (
        <KeyForm viewer={viewer} onCancel={onCancel} onCreated={setCreated} />
      )}
    </Dialog>
  );
}

interface KeyFormProps {
  readonly viewer: RightsHolder;
  readonly onCancel: () => void;
  readonly onCreated: (created: Created) => void;
}

function KeyForm({ viewer, onCancel, onCreated }: KeyFormProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ApiKeyChoicesQuery, requestPolicy: 'cache-and-network' });
  const [values, setValues] = useState<ApiKeyFormValues>(EMPTY_API_KEY_FORM);
  const [local, setLocal] = useState<ApiKeyFormErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [state, createApiKey] = useMutation(CreateApiKeyMutation);
  const nameRef = useRef<HTMLInputElement>(null);
  const expiresRef = useRef<HTMLInputElement>(null);
  const scopesRef = useRef<HTMLFieldSetElement>(null);
  const groupsRef = useRef<HTMLFieldSetElement>(null);
  const [today] = useState(() => localDateInput(new Date()));

  const failure = apiKeySaveFailure(serverError, t);
  const errors: ApiKeyFormErrors = { ...failure.fields, ...local };
  const giver: KeyGiver = { isAdmin: viewer.isAdmin, rights: viewer.rights, groupIds: data?.me.groupIds ?? [] };
  const groups = byName(data?.accessGroups ?? [], locale);
  const scopesLimited = SCOPES.some((s) => !canGrantScope(giver, s));
  const groupsLimited = data ? groups.some((g) => !canGrantGroup(giver, g.id)) : false;
  const listCode = primaryErrorCode(error);

  const set = <K extends keyof ApiKeyFormValues>(key: K, value: ApiKeyFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const focus = (field: ApiKeyFormField | null) => {
    if (field === 'name') nameRef.current?.focus();
    else if (field === 'expiresAt') expiresRef.current?.focus();
    else if (field === 'scopes') scopesRef.current?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus();
    else if (field === 'groupIds') groupsRef.current?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setServerError(null);
    const problems = apiKeyProblems(values, t, Date.now());
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focus(firstProblem(problems));
      return;
    }
    const result = await createApiKey({ input: toApiKeyInput(values) }, API_KEY_CONTEXT);
    if (result.data) {
      const { apiKey, secret } = result.data.createApiKey;
      onCreated({ name: apiKey.name, prefix: apiKey.prefix, secret });
      return;
    }
    if (result.error) {
      setServerError(result.error);
      focus(firstProblem(apiKeySaveFailure(result.error, t).fields));
    }
  };

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
      <TextField
        name="name"
        label={t('apiKeys.form.name')}
        hint={t('apiKeys.form.nameHint')}
        autoComplete="off"
        required
        autoFocus
        inputRef={nameRef}
        value={values.name}
        onValue={(v) => {
          set('name', v);
        }}
        error={errors.name}
      />

      <fieldset className="fieldset" ref={scopesRef} aria-describedby={`${id}-scopes-hint`}>
        <legend className="field__label">{t('apiKeys.form.scopes')}</legend>
        <p className="field__hint" id={`${id}-scopes-hint`}>
          {scopesLimited ? t('apiKeys.form.scopesHintLimited') : t('apiKeys.form.scopesHint')}
        </p>
        <ul className="choice-list">
          {SCOPES.map((scope) => {
            const hintId = `${id}-${scope}`;
            return (
              <li key={scope}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name="scopes"
                    value={scope}
                    checked={values.scopes.includes(scope)}
                    disabled={!canGrantScope(giver, scope)}
                    aria-describedby={hintId}
                    aria-invalid={errors.scopes ? true : undefined}
                    onChange={(e) => {
                      set('scopes', toggleScope(values.scopes, scope, e.target.checked));
                    }}
                  />
                  {t(SCOPE_COPY[scope].label)}
                </label>
                <p className="field__hint choice-list__hint" id={hintId}>
                  {t(SCOPE_COPY[scope].hint)}
                </p>
              </li>
            );
          })}
        </ul>
        <GroupError name="scopes" error={errors.scopes} />
      </fieldset>

      <fieldset className="fieldset" ref={groupsRef} aria-describedby={`${id}-groups-hint`}>
        <legend className="field__label">
          {t('apiKeys.form.groups')} <span className="muted small">({t('common.optional')})</span>
        </legend>
        <p className="field__hint" id={`${id}-groups-hint`}>
          {groupsLimited ? t('apiKeys.form.groupsHintLimited') : t('apiKeys.form.groupsHint')}
        </p>
        {!data && fetching ? <Loading /> : null}
        {!data && listCode && !fetching ? (
          <Banner
            action={
              <button
                type="button"
                className="button"
                onClick={() => {
                  reexecute({ requestPolicy: 'network-only' });
                }}
              >
                {t('common.retry')}
              </button>
            }
          >
            {generalMessage(listCode, t)}
          </Banner>
        ) : null}
        {data && groups.length === 0 ? (
          <p className="muted" role="status">
            {t('apiKeys.form.groupsNone')}
          </p>
        ) : null}
        {groups.length > 0 ? (
          <ul className="choice-list choice-list--2">
            {groups.map((group) => (
              <li key={group.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name="groupIds"
                    value={group.id}
                    checked={values.groupIds.includes(group.id)}
                    disabled={!canGrantGroup(giver, group.id)}
                    onChange={(e) => {
                      set('groupIds', toggleId(values.groupIds, group.id, e.target.checked));
                    }}
                  />
                  {group.name}
                </label>
              </li>
            ))}
          </ul>
        ) : null}
        <GroupError name="groupIds" error={errors.groupIds} />
      </fieldset>

      <TextField
        name="expiresAt"
        type="date"
        label={
          <>
            {t('apiKeys.form.expires')} <span className="muted small">({t('common.optional')})</span>
          </>
        }
        hint={t('apiKeys.form.expiresHint')}
        min={today}
        inputRef={expiresRef}
        value={values.expiresOn}
        onValue={(v) => {
          set('expiresOn', v);
        }}
        error={errors.expiresAt}
      />

      <div className="dialog__actions">
        {/* While the key is being created, cancelling would lose its secret. */}
        <button type="button" className="button" onClick={onCancel} disabled={state.fetching}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={state.fetching}>
          {state.fetching ? t('apiKeys.form.creating') : t('apiKeys.form.create')}
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
  // Leaving or reloading the page would lose the secret for good.
  useLeaveWarning();

  return (
    <div className="form" data-testid="api-key-created">
      <p>{t('apiKeys.created', { name: created.name })}</p>
      <OnceSecretField
        secret={created.secret}
        label={t('apiKeys.secret.label')}
        copyLabel={t('apiKeys.secret.copy')}
        warning={t('apiKeys.secret.warning')}
        testId="api-key"
      />
      <p className="small">
        {t('apiKeys.secret.usage')}
        <code className="mono api-key__usage" data-testid="api-key-usage">
          {authorizationExample(created.prefix)}
        </code>
      </p>
      <p className="small muted">{t('apiKeys.secret.lost')}</p>
      {escapeHint ? (
        <p className="field__hint" role="status" data-testid="api-key-use-done">
          {t('apiKeys.secret.useDone')}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" ref={doneRef} className="button button--primary" onClick={onDone}>
          {t('apiKeys.secret.done')}
        </button>
      </div>
    </div>
  );
}
