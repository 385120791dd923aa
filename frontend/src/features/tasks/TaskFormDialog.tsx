//! New task or block, or edit one (kind, title, text, start and end, done), in a dialog. A new
//! task on the customer card belongs to that customer; on the planning board to no customer.
//! Editing keeps the task's customer and assignee (`updateTask` replaces every field).
import { useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { GroupError, TextAreaField, TextField } from '../../components/Field';
import { graphql } from '../../gql';
import type { TaskFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { bannerMessage, conflictField, fieldErrors } from '../../lib/errors';
import {
  emptyTaskForm,
  TASK_FORM_FIELDS,
  TASK_KIND_LABELS,
  TASK_KINDS,
  taskFormProblems,
  taskToForm,
  toTaskInput,
  type TaskFormValues,
} from './taskForm';

const CreateTaskMutation = graphql(`
  mutation CreateTask($input: TaskInput!) {
    createTask(input: $input) {
      ...TaskFields
    }
  }
`);

export const UpdateTaskMutation = graphql(`
  mutation UpdateTask($id: ID!, $expectedVersion: Int!, $input: TaskInput!, $done: Boolean!) {
    updateTask(id: $id, expectedVersion: $expectedVersion, input: $input, done: $done) {
      ...TaskFields
    }
  }
`);

// Lists of tasks refetch after a new one even when they were empty.
export const TASK_CONTEXT = { additionalTypenames: ['Task'] };

interface Props {
  /** The task to edit; absent for a new one. */
  readonly task?: TaskFieldsFragment | undefined;
  /** The customer a new task belongs to (null: none, on the planning board). */
  readonly customerId: string | null;
  readonly onClose: () => void;
  readonly onSaved: (task: TaskFieldsFragment) => void;
  /** After a conflict: close and load the tasks again. */
  readonly onReload: () => void;
}

export function TaskFormDialog({ task, customerId, onClose, onSaved, onReload }: Props) {
  const t = useT();
  const [values, setValues] = useState<TaskFormValues>(() => (task ? taskToForm(task) : emptyTaskForm()));
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [createState, create] = useMutation(CreateTaskMutation);
  const [updateState, update] = useMutation(UpdateTaskMutation);
  const saving = createState.fetching || updateState.fetching;

  const set = <K extends keyof TaskFormValues>(key: K, value: TaskFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  };

  const problems = taskFormProblems(values);
  const serverErrors = fieldErrors(serverError, t('error.fieldInvalid'));
  const errorOf = (field: string): string | undefined => {
    const key = submitted ? problems[field] : undefined;
    return key ? t(key) : serverErrors[field];
  };
  const conflict = conflictField(serverError);
  const message = conflict !== null ? null : bannerMessage(serverError, t, TASK_FORM_FIELDS);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) return;
    setServerError(null);
    const links = task ? { customerId: task.customerId, assignedTo: task.assignedTo } : { customerId, assignedTo: null };
    const input = toTaskInput(values, links);
    const result = task
      ? await update({ id: task.id, expectedVersion: task.version, input, done: values.done })
      : await create({ input }, TASK_CONTEXT);
    const saved = result.data ? ('updateTask' in result.data ? result.data.updateTask : result.data.createTask) : null;
    if (saved) onSaved(saved);
    else if (result.error) setServerError(result.error);
  };

  return (
    <Dialog open title={task ? t('tasks.form.editTitle') : t('tasks.form.newTitle')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {conflict !== null ? (
          <Banner
            testId="conflict"
            action={
              <button type="button" className="button" onClick={onReload}>
                {t('common.reload')}
              </button>
            }
          >
            {t('tasks.conflict')}
          </Banner>
        ) : null}
        {message ? <Banner testId="form-error">{message}</Banner> : null}
        <fieldset className="fieldset">
          <legend className="field__label">{t('tasks.form.kind')}</legend>
          <div className="segmented">
            {TASK_KINDS.map((kind) => (
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
                {t(TASK_KIND_LABELS[kind])}
              </label>
            ))}
          </div>
          <p className="field__hint">{t('tasks.form.kindHint')}</p>
          <GroupError name="kind" error={errorOf('kind')} />
        </fieldset>
        <TextField
          name="title"
          label={t('tasks.form.title')}
          required
          autoComplete="off"
          value={values.title}
          onValue={(v) => {
            set('title', v);
          }}
          error={errorOf('title')}
        />
        <TextAreaField
          name="body"
          label={t('tasks.form.body')}
          rows={4}
          value={values.body}
          onValue={(v) => {
            set('body', v);
          }}
          error={errorOf('body')}
        />
        <div className="grid grid--2">
          <TextField
            name="startsAt"
            type="datetime-local"
            label={t('tasks.form.startsAt')}
            hint={values.kind === 'BLOCK' ? t('tasks.form.startsAtBlockHint') : undefined}
            value={values.startsAt}
            onValue={(v) => {
              set('startsAt', v);
            }}
            error={errorOf('startsAt')}
          />
          <TextField
            name="endsAt"
            type="datetime-local"
            label={t('tasks.form.endsAt')}
            value={values.endsAt}
            onValue={(v) => {
              set('endsAt', v);
            }}
            error={errorOf('endsAt')}
          />
        </div>
        {task ? (
          <label className="checkbox">
            <input
              type="checkbox"
              name="done"
              checked={values.done}
              onChange={(e) => {
                set('done', e.target.checked);
              }}
            />
            {t('tasks.form.done')}
          </label>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? t('common.saving') : t('tasks.form.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
