//! /planning: the planning board (READ_CUSTOMERS): every task and block without a customer or of
//! a customer the viewer may see, by start time, open ones unless "Show done" is ticked. Viewers
//! with EDIT_CUSTOMERS tick tasks done, edit them, and add tasks that belong to no customer (a
//! customer's own tasks are added on its card).
import { useState } from 'react';
import { useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type { TaskFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { TASK_CONTEXT, TaskFormDialog } from './TaskFormDialog';
import { TasksTable } from './TasksTable';

const PlanningBoardQuery = graphql(`
  query PlanningBoard($includeDone: Boolean!) {
    tasks(includeDone: $includeDone) {
      ...TaskFields
    }
  }
`);

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly task: TaskFieldsFragment } | null;
const EMPTY: readonly TaskFieldsFragment[] = [];

export function PlanningPage() {
  const t = useT();
  const viewer = useViewer();
  if (!hasRight(viewer, 'READ_CUSTOMERS')) return <NoAccess body={t('planning.noAccess')} />;
  return <PlanningBoard canEdit={hasRight(viewer, 'EDIT_CUSTOMERS')} />;
}

function PlanningBoard({ canEdit }: { readonly canEdit: boolean }) {
  const t = useT();
  const [includeDone, setIncludeDone] = useState(false);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: PlanningBoardQuery,
    variables: { includeDone },
    context: TASK_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = useState<Editing>(null);
  const tasks = data?.tasks ?? EMPTY;
  const listError = primaryErrorCode(error);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('planning.noAccess')} />;

  const reload = () => {
    setEditing(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('planning.title')}</h1>
          <p className="muted">{t('planning.intro')}</p>
        </div>
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
          {canEdit ? (
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
          ) : null}
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
        <div className="card empty" role="status">
          <p className="empty__title">{includeDone ? t('tasks.emptyWithDone') : t('tasks.empty')}</p>
        </div>
      ) : null}

      {tasks.length > 0 ? (
        <div className="card card--flush">
          <TasksTable
            tasks={tasks}
            caption={t('planning.list')}
            readOnly={!canEdit}
            showCustomer
            onEdit={(task) => {
              setEditing({ mode: 'edit', task });
            }}
            onReload={reload}
          />
        </div>
      ) : null}

      {editing ? (
        <TaskFormDialog
          task={editing.mode === 'edit' ? editing.task : undefined}
          customerId={null}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={() => {
            setEditing(null);
          }}
          onReload={reload}
        />
      ) : null}
    </main>
  );
}
