//! Tasks and blocks as a table, for the customer card's Tasks tab and the planning board: done
//! (a checkbox, or a word when read-only), kind, title with its text, when, and optionally a link
//! to the customer. Ticking "done" sends the task's full current values (`updateTask` replaces
//! them all).
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import type { TaskFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { conflictField, generalMessage, primaryErrorCode, type ClientErrorCode } from '../../lib/errors';
import { currentTaskInput, TASK_KIND_LABELS, taskWhen } from './taskForm';
import { UpdateTaskMutation } from './TaskFormDialog';

interface Props {
  readonly tasks: readonly TaskFieldsFragment[];
  /** Names the table for assistive tech. */
  readonly caption: string;
  /** No "done" checkboxes and no edit buttons. */
  readonly readOnly: boolean;
  /** Show a column linking each task to its customer's card (the planning board). */
  readonly showCustomer?: boolean;
  readonly onEdit: (task: TaskFieldsFragment) => void;
  /** After a stale "done" change: load the list again. */
  readonly onReload: () => void;
}

type Failure = { readonly code: ClientErrorCode; readonly conflict: boolean } | null;

/** A "done" change sent for the task as it was at `fromVersion`. */
interface Changed {
  readonly done: boolean;
  readonly fromVersion: number;
}

export function TasksTable({ tasks, caption, readOnly, showCustomer = false, onEdit, onReload }: Props) {
  const { t, locale } = useI18n();
  const [, update] = useMutation(UpdateTaskMutation);
  // The box shows the new state at once and keeps it until the list has loaded the task's next
  // version (the list is refetched after the change, a moment later); a failed change reverts.
  const [changed, setChanged] = useState<Readonly<Record<string, Changed>>>({});
  const [failure, setFailure] = useState<Failure>(null);
  const changeOf = (task: TaskFieldsFragment): Changed | undefined => {
    const c = changed[task.id];
    return c?.fromVersion === task.version ? c : undefined;
  };

  const setDone = async (task: TaskFieldsFragment, done: boolean) => {
    setFailure(null);
    setChanged((c) => ({ ...c, [task.id]: { done, fromVersion: task.version } }));
    const result = await update({ id: task.id, expectedVersion: task.version, input: currentTaskInput(task), done });
    if (result.error) {
      setChanged((c) => Object.fromEntries(Object.entries(c).filter(([id]) => id !== task.id)));
      setFailure({ code: primaryErrorCode(result.error) ?? 'INTERNAL', conflict: conflictField(result.error) !== null });
    }
  };

  return (
    <>
      {failure ? (
        <Banner
          testId={failure.conflict ? 'conflict' : undefined}
          action={
            failure.conflict ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setFailure(null);
                  onReload();
                }}
              >
                {t('common.reload')}
              </button>
            ) : undefined
          }
        >
          {failure.conflict ? t('tasks.conflict') : generalMessage(failure.code, t)}
        </Banner>
      ) : null}
      <div className="table-scroll">
        <table className="table" data-testid="tasks-table">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tasks.col.done')}</th>
              <th scope="col">{t('tasks.col.task')}</th>
              <th scope="col">{t('tasks.col.kind')}</th>
              <th scope="col">{t('tasks.col.when')}</th>
              {showCustomer ? <th scope="col">{t('tasks.col.customer')}</th> : null}
              {readOnly ? null : (
                <th scope="col" className="actions">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => {
              const when = taskWhen(task.startsAt, task.endsAt, locale);
              return (
                <tr key={task.id} className={task.done ? 'is-done' : undefined} data-task-id={task.id}>
                  <td>
                    {readOnly ? (
                      <span className={task.done ? undefined : 'muted'}>{task.done ? t('tasks.done') : t('tasks.open')}</span>
                    ) : (
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={changeOf(task)?.done ?? task.done}
                          disabled={changeOf(task) !== undefined}
                          aria-label={t('tasks.doneNamed', { title: task.title })}
                          onChange={(e) => void setDone(task, e.target.checked)}
                        />
                      </label>
                    )}
                  </td>
                  <td>
                    <div className="task__title pre-wrap">{task.title}</div>
                    {task.body ? (
                      <p className="task__body pre-wrap" data-testid="task-body">
                        {task.body}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    <Badge tone={task.kind === 'BLOCK' ? 'warning' : 'neutral'}>{t(TASK_KIND_LABELS[task.kind])}</Badge>
                  </td>
                  <td className="nowrap">{when ?? <span className="muted">{t('tasks.noTime')}</span>}</td>
                  {showCustomer ? (
                    <td>
                      {task.customer ? (
                        <Link to={`/customers/${task.customer.id}/tasks`}>
                          {task.customer.number} {task.customer.displayName}
                        </Link>
                      ) : task.customerId ? (
                        <Link to={`/customers/${task.customerId}/tasks`}>{t('tasks.openCustomer')}</Link>
                      ) : (
                        <span className="muted">{t('tasks.noCustomer')}</span>
                      )}
                    </td>
                  ) : null}
                  {readOnly ? null : (
                    <td className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('tasks.editNamed', { title: task.title })}
                        onClick={() => {
                          setFailure(null);
                          onEdit(task);
                        }}
                      >
                        {t('common.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
