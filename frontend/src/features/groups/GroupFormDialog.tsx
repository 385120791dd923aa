//! "New group" and "Edit group": name, description and a checkbox per right (each with a
//! one-line explanation). An edit sends the version it was based on; a CONFLICT (someone else
//! saved first) is shown with a Reload button, never overwritten.
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import type { RightsHolder } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { GroupError, TextAreaField, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import type { AccessGroupFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import {
  EMPTY_GROUP_FORM,
  grantableRights,
  groupProblems,
  groupSaveFailure,
  groupToForm,
  toGroupInput,
  type GroupFormErrors,
  type GroupFormValues,
} from './groups';
import { RIGHT_COPY, RIGHTS, toggleRight } from './rights';

const CreateAccessGroupMutation = graphql(`
  mutation CreateAccessGroup($input: AccessGroupInput!) {
    createAccessGroup(input: $input) {
      ...AccessGroupFields
    }
  }
`);

const UpdateAccessGroupMutation = graphql(`
  mutation UpdateAccessGroup($id: ID!, $expectedVersion: Int!, $input: AccessGroupInput!) {
    updateAccessGroup(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...AccessGroupFields
    }
  }
`);

// The list shows a new group even when it was empty; users and customer cards show group names.
export const GROUP_CONTEXT = { additionalTypenames: ['AccessGroup', 'AccessGroupRef'] };

interface Props {
  /** The group to edit; absent when creating one. */
  readonly group?: AccessGroupFieldsFragment | undefined;
  readonly viewer: RightsHolder;
  readonly onClose: () => void;
  readonly onSaved: (group: AccessGroupFieldsFragment) => void;
  /** After a conflict: close and load the list again. */
  readonly onReload: () => void;
}

export function GroupFormDialog({ group, viewer, onClose, onSaved, onReload }: Props) {
  const t = useT();
  const id = useId();
  const [values, setValues] = useState<GroupFormValues>(() => (group ? groupToForm(group) : EMPTY_GROUP_FORM));
  const [local, setLocal] = useState<GroupFormErrors>({});
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [createState, create] = useMutation(CreateAccessGroupMutation);
  const [updateState, update] = useMutation(UpdateAccessGroupMutation);
  const saving = createState.fetching || updateState.fetching;
  const nameRef = useRef<HTMLInputElement>(null);
  const [grantable] = useState(() => grantableRights(viewer, group?.rights ?? []));

  const failure = groupSaveFailure(serverError, t);
  const errors: GroupFormErrors = { ...failure.fields, ...local };

  const set = <K extends keyof GroupFormValues>(key: K, value: GroupFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setServerError(null);
    const problems = groupProblems(values, t);
    setLocal(problems);
    if (problems.name) {
      nameRef.current?.focus();
      return;
    }
    const input = toGroupInput(values);
    const result = group
      ? await update({ id: group.id, expectedVersion: group.version, input }, GROUP_CONTEXT)
      : await create({ input }, GROUP_CONTEXT);
    if (result.data) {
      onSaved('updateAccessGroup' in result.data ? result.data.updateAccessGroup : result.data.createAccessGroup);
      return;
    }
    if (result.error) {
      setServerError(result.error);
      if (groupSaveFailure(result.error, t).fields.name) nameRef.current?.focus();
    }
  };

  const limited = grantable.size < RIGHTS.length;
  return (
    <Dialog open title={group ? t('groups.form.editTitle', { name: group.name }) : t('groups.form.newTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {failure.stale ? (
          <Banner
            testId="conflict"
            action={
              <button type="button" className="button" onClick={onReload}>
                {t('common.reload')}
              </button>
            }
          >
            {t('groups.conflict')}
          </Banner>
        ) : null}
        {failure.banner ? <Banner testId="form-error">{failure.banner}</Banner> : null}
        <TextField
          name="name"
          label={t('groups.form.name')}
          hint={t('groups.form.nameHint')}
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
        <TextAreaField
          name="description"
          label={t('groups.form.description')}
          hint={t('groups.form.descriptionHint')}
          rows={2}
          value={values.description}
          onValue={(v) => {
            set('description', v);
          }}
          error={errors.description}
        />
        <fieldset className="fieldset" aria-describedby={`${id}-rights-hint`}>
          <legend className="field__label">{t('groups.form.rights')}</legend>
          <p className="field__hint" id={`${id}-rights-hint`}>
            {limited ? t('groups.form.rightsHintLimited') : t('groups.form.rightsHint')}
          </p>
          <ul className="choice-list choice-list--2">
            {RIGHTS.map((right) => {
              const hintId = `${id}-${right}`;
              return (
                <li key={right}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name="rights"
                      value={right}
                      checked={values.rights.includes(right)}
                      disabled={!grantable.has(right)}
                      aria-describedby={hintId}
                      onChange={(e) => {
                        set('rights', toggleRight(values.rights, right, e.target.checked));
                      }}
                    />
                    {t(RIGHT_COPY[right].label)}
                  </label>
                  <p className="field__hint choice-list__hint" id={hintId}>
                    {t(RIGHT_COPY[right].hint)}
                  </p>
                </li>
              );
            })}
          </ul>
          <GroupError name="rights" error={errors.rights} />
        </fieldset>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? t('common.saving') : t('groups.form.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
