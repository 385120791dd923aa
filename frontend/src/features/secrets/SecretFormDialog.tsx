//! New secret, or edit one (MANAGE_SECRETS): title, kind, user name, address, notes, the value
//! (typed masked, with a "show" toggle; a confidential note in a text area), and who may reveal
//! it: checkboxes of the access groups the viewer may choose (administrators every group, others
//! their own, as `accessGroups` and `me.groupIds` say — like the API-key form). On edit the value
//! is empty and stays as stored unless something is typed, unchanged groups are not sent, and
//! the version read is sent along: a CONFLICT is shown with a Reload button.
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { GroupError, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { SecretFieldsFragment, SecretSummaryFieldsFragment } from '../../gql/graphql';
import { useI18n, useT } from '../../i18n';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { byName, toggleId } from '../groups/groups';
import {
  canChooseGroup,
  emptySecretForm,
  firstProblem,
  losesSecretAccess,
  SECRET_KIND_LABELS,
  SECRET_KINDS,
  secretFormProblems,
  secretSaveFailure,
  secretToForm,
  toSecretInput,
  VALUE_LABELS,
  VALUE_MAX_BYTES,
  type GroupChooser,
  type SecretFormErrors,
  type SecretFormField,
  type SecretFormValues,
} from './secrets';
import { SECRET_CONTEXT } from './fragments';

const SecretGroupChoicesQuery = graphql(`
  query SecretGroupChoices {
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

const CreateSecretMutation = graphql(`
  mutation CreateSecret($customerId: ID!, $input: SecretInput!) {
    createSecret(customerId: $customerId, input: $input) {
      ...SecretSummaryFields
    }
  }
`);

const UpdateSecretMutation = graphql(`
  mutation UpdateSecret($id: ID!, $expectedVersion: Int!, $input: SecretInput!) {
    updateSecret(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...SecretSummaryFields
    }
  }
`);

interface Props {
  readonly customerId: string;
  /** Administrators may choose any group. */
  readonly viewerIsAdmin: boolean;
  /** The secret to edit; absent for a new one. */
  readonly secret?: SecretFieldsFragment | undefined;
  readonly onClose: () => void;
  readonly onSaved: (secret: SecretSummaryFieldsFragment) => void;
  /** After a conflict: close and load the list again. */
  readonly onReload: () => void;
}

export function SecretFormDialog({ customerId, viewerIsAdmin, secret, onClose, onSaved, onReload }: Props) {
  const t = useT();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: SecretGroupChoicesQuery, requestPolicy: 'cache-and-network' });
  const listCode = primaryErrorCode(error);

  return (
    <Dialog open title={secret ? t('secrets.form.editTitle') : t('secrets.form.newTitle')} onClose={onClose}>
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
      {data ? (
        // The form starts once the viewer's groups are known (a new secret starts with them).
        <SecretForm
          customerId={customerId}
          secret={secret}
          groups={data.accessGroups}
          chooser={{ isAdmin: viewerIsAdmin, groupIds: data.me.groupIds }}
          onClose={onClose}
          onSaved={onSaved}
          onReload={onReload}
        />
      ) : null}
    </Dialog>
  );
}

interface FormProps extends Omit<Props, 'viewerIsAdmin'> {
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  readonly chooser: GroupChooser;
}

function SecretForm({ customerId, secret, groups, chooser, onClose, onSaved, onReload }: FormProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [values, setValues] = useState<SecretFormValues>(() => (secret ? secretToForm(secret) : emptySecretForm(chooser)));
  const [original] = useState<readonly string[] | null>(() => (secret ? secretToForm(secret).groupIds : null));
  const [showValue, setShowValue] = useState(false);
  const [local, setLocal] = useState<SecretFormErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [createState, create] = useMutation(CreateSecretMutation);
  const [updateState, update] = useMutation(UpdateSecretMutation);
  const saving = createState.fetching || updateState.fetching;
  const formRef = useRef<HTMLFormElement>(null);
  const mode = secret ? 'edit' : 'create';

  const failure = secretSaveFailure(serverError, t);
  const errors: SecretFormErrors = { ...failure.fields, ...local };

  // Every group the viewer may list, plus those the secret already has that they cannot (a
  // manager editing a secret that also names other groups). A group the viewer may not choose
  // stays as it was: it can be unticked, and ticked again only if the secret had it.
  const listed = new Set(groups.map((g) => g.id));
  const choices = byName(
    [...groups, ...(secret?.allowedGroups ?? []).filter((g) => !listed.has(g.id))].filter(
      (g) => canChooseGroup(chooser, g.id) || original?.includes(g.id),
    ),
    locale,
  );
  const limited = !chooser.isAdmin;
  const lockedOut = losesSecretAccess(values.groupIds, chooser);

  const set = <K extends keyof SecretFormValues>(key: K, value: SecretFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const focus = (field: SecretFormField | null) => {
    if (field === null) return;
    window.requestAnimationFrame(() => {
      const form = formRef.current;
      if (!form) return;
      const target =
        field === 'groupIds'
          ? form.querySelector<HTMLInputElement>('input[name="groupIds"]:not([disabled])')
          : form.querySelector<HTMLElement>(`[name="${field}"]`);
      target?.focus();
    });
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setServerError(null);
    const problems = secretFormProblems(values, mode, chooser, original, t);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focus(firstProblem(problems));
      return;
    }
    const input = toSecretInput(values, original);
    const result = secret
      ? await update({ id: secret.id, expectedVersion: secret.version, input }, SECRET_CONTEXT)
      : await create({ customerId, input }, SECRET_CONTEXT);
    const saved = result.data ? ('updateSecret' in result.data ? result.data.updateSecret : result.data.createSecret) : null;
    if (saved) {
      onSaved(saved);
      return;
    }
    if (result.error) {
      setServerError(result.error);
      focus(firstProblem(secretSaveFailure(result.error, t).fields));
    }
  };

  const valueLabel = t(VALUE_LABELS[values.kind]);
  const valueHint = [
    secret ? t('secrets.form.valueKeepHint') : null,
    values.kind === 'NOTE' ? t('secrets.form.noteValueHint') : null,
    t('secrets.form.valueHint', { kib: VALUE_MAX_BYTES / 1024 }),
  ]
    .filter(Boolean)
    .join(' ');

  return (
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
          {t('secrets.conflict')}
        </Banner>
      ) : null}
      {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
      <div className="grid grid--2">
        <TextField
          name="title"
          label={t('secrets.form.title')}
          hint={t('secrets.form.titleHint')}
          required
          autoComplete="off"
          value={values.title}
          onValue={(v) => {
            set('title', v);
          }}
          error={errors.title}
        />
        <SelectField
          name="kind"
          label={t('secrets.field.kind')}
          value={values.kind}
          options={SECRET_KINDS.map((k) => ({ value: k, label: t(SECRET_KIND_LABELS[k]) }))}
          onValue={(v) => {
            set('kind', v);
          }}
          error={errors.kind}
        />
        <TextField
          name="username"
          label={t('secrets.field.username')}
          autoComplete="off"
          spellCheck={false}
          value={values.username}
          onValue={(v) => {
            set('username', v);
          }}
          error={errors.username}
        />
        <TextField
          name="url"
          type="url"
          label={t('secrets.field.url')}
          autoComplete="off"
          spellCheck={false}
          value={values.url}
          onValue={(v) => {
            set('url', v);
          }}
          error={errors.url}
        />
      </div>
      <TextAreaField
        name="notes"
        label={t('secrets.field.notes')}
        rows={3}
        value={values.notes}
        onValue={(v) => {
          set('notes', v);
        }}
        error={errors.notes}
      />
      {values.kind === 'NOTE' ? (
        <TextAreaField
          name="value"
          label={valueLabel}
          hint={valueHint}
          required={!secret}
          rows={5}
          autoComplete="off"
          spellCheck={false}
          value={values.value}
          onValue={(v) => {
            set('value', v);
          }}
          error={errors.value}
        />
      ) : (
        <div className="secret-input">
          <TextField
            name="value"
            type={showValue ? 'text' : 'password'}
            label={valueLabel}
            hint={valueHint}
            required={!secret}
            // Not the viewer's own password: no saving or filling in by the browser.
            autoComplete="new-password"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            value={values.value}
            onValue={(v) => {
              set('value', v);
            }}
            error={errors.value}
          />
          <label className="checkbox small">
            <input
              type="checkbox"
              checked={showValue}
              onChange={(e) => {
                setShowValue(e.target.checked);
              }}
            />
            {t('secrets.form.showValue')}
          </label>
        </div>
      )}

      <fieldset className="fieldset" aria-describedby={`${id}-groups-hint`}>
        <legend className="field__label">{t('secrets.form.groups')}</legend>
        <p className="field__hint" id={`${id}-groups-hint`}>
          {t('secrets.form.groupsHint')} {limited ? t('secrets.form.groupsHintLimited') : null}
        </p>
        {choices.length === 0 ? (
          <p className="muted" role="status">
            {t('secrets.form.groupsNone')}
          </p>
        ) : (
          <ul className="choice-list choice-list--2">
            {choices.map((group) => (
              <li key={group.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name="groupIds"
                    value={group.id}
                    checked={values.groupIds.includes(group.id)}
                    disabled={!canChooseGroup(chooser, group.id) && !original?.includes(group.id)}
                    onChange={(e) => {
                      set('groupIds', toggleId(values.groupIds, group.id, e.target.checked));
                    }}
                  />
                  {group.name}
                </label>
              </li>
            ))}
          </ul>
        )}
        <GroupError name="groupIds" error={errors.groupIds} />
        <p className="small" role="status" data-testid="secret-groups-summary">
          {values.groupIds.length === 0 ? t('secrets.form.adminsOnly') : null}
        </p>
        {lockedOut ? <Banner tone="warning">{t('secrets.form.lockedOut')}</Banner> : null}
      </fieldset>

      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? t('common.saving') : t('secrets.form.save')}
        </button>
      </div>
    </form>
  );
}
