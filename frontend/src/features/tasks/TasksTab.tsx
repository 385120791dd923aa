//! The Tasks tab of the customer card: the customer's tasks and blocks by start time, open ones
//! unless "Show done" is ticked; new, edit and done for viewers who may change the customer
//! (EDIT_CUSTOMERS) while it is not anonymized. Their texts stay after anonymization (redacted
//! where staff chose to), like every business record.
import { useState } from 'react';
import { useQuery } from 'urql';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { TaskFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { useCustomerCard } from '../customers/CustomerCardPage';
import { TASK_CONTEXT, TaskFormDialog } from './TaskFormDialog';
import { TasksTable } from './TasksTable';

const CustomerTasksQuery = graphql(`
  query CustomerTasks($id: ID!, $includeDone: Boolean!) {
    customer(id: $id) {
      id
      tasks(includeDone: $includeDone) {
        ...TaskFields
      }
    }
  }
`);

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly task: TaskFieldsFragment } | null;
const EMPTY: readonly TaskFieldsFragment[] = [];

export function TasksTab() {
  const t = useT();
  const { customer, canEdit } = useCustomerCard();
  const [includeDone, setIncludeDone] = useState(false);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CustomerTasksQuery,
    variables: { id: customer.id, includeDone },
    context: TASK_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = useState<Editing>(null);
  const tasks = data?.customer.tasks ?? EMPTY;
  const readOnly = customer.state === 'ANONYMIZED' || !canEdit;
  const listError = primaryErrorCode(error);

  const reload = () => {
    setEditing(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <section className="card card--flush" aria-labelledby="tasks-title">
      <div className="card__header">
        <h2 className="card__title" id="tasks-title">
          {t('tasks.title')}
        </h2>
        <div className="card__tools">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={includeDone}
              onChange={(e) => {
                setIncludeDone(e.target.checked);
              }}
            />
            {t('tasks.showDone')}
          </label>
          {readOnly ? null : (
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setEditing({ mode: 'new' });
              }}
            >
              <span aria-hidden="true">+ </span>
              {t('tasks.new')}
            </button>
          )}
        </div>
      </div>

      {!data && fetching ? <Loading /> : null}
      {!data && listError && !fetching ? (
        <Banner
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(listError, t)}
        </Banner>
      ) : null}

      {data && tasks.length === 0 ? (
        <p className="empty muted" role="status">
          {includeDone ? t('tasks.emptyWithDone') : t('tasks.empty')}
        </p>
      ) : null}

      {tasks.length > 0 ? (
        <TasksTable
          tasks={tasks}
          caption={t('tasks.listOfCustomer')}
          readOnly={readOnly}
          onEdit={(task) => {
            setEditing({ mode: 'edit', task });
          }}
          onReload={reload}
        />
      ) : null}

      {editing ? (
        <TaskFormDialog
          task={editing.mode === 'edit' ? editing.task : undefined}
          customerId={customer.id}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={() => {
            setEditing(null);
          }}
          onReload={reload}
        />
      ) : null}
    </section>
  );
}
