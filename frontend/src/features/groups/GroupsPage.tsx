//! /admin/groups: the access groups, what each grants, who is in it and how many customers it
//! restricts; create, edit and delete them (MANAGE_USERS). Members are set on the Users page.
//! The server enforces all of it; the page only hides what the viewer cannot use.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../../app/AppShell';
import { hasRight, type RightsHolder } from '../../app/rights';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { NoAccess } from '../../components/NoAccess';
import { graphql } from '../../gql';
import type { AccessGroupFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';
import { GROUP_CONTEXT, GroupFormDialog } from './GroupFormDialog';
import { byName, deleteFailureMessage } from './groups';
import { RIGHT_COPY, sortRights } from './rights';

const AccessGroupsQuery = graphql(`
  query AccessGroups {
    accessGroups {
      ...AccessGroupFields
    }
  }
`);

const DeleteAccessGroupMutation = graphql(`
  mutation DeleteAccessGroup($id: ID!) {
    deleteAccessGroup(id: $id)
  }
`);

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly group: AccessGroupFieldsFragment } | null;
type Notice = { readonly tone: 'info' | 'error'; readonly text: string } | null;

export function GroupsPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  // Nothing to load for someone who may not see it (the server would say FORBIDDEN anyway).
  if (!hasRight(viewer, 'MANAGE_USERS')) return <NoAccess body={t('groups.noAccess')} />;
  return <GroupsAdmin viewer={viewer} />;
}

function GroupsAdmin({ viewer }: { readonly viewer: RightsHolder }) {
  const { t, locale } = useI18n();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: AccessGroupsQuery, context: GROUP_CONTEXT });
  const [deleteState, deleteGroup] = useMutation(DeleteAccessGroupMutation);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AccessGroupFieldsFragment | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  if (!data && hasErrorCode(error, 'FORBIDDEN')) return <NoAccess body={t('groups.noAccess')} />;

  const reload = () => {
    reexecute({ requestPolicy: 'network-only' });
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    const group = deleting;
    const result = await deleteGroup({ id: group.id }, GROUP_CONTEXT);
    setDeleting(null);
    if (result.error) {
      setNotice({ tone: 'error', text: deleteFailureMessage(result.error, group.name, t) });
      // The count of restricted customers (or the group itself) was out of date.
      if (hasErrorCode(result.error, 'CONFLICT') || hasErrorCode(result.error, 'NOT_FOUND')) reload();
      return;
    }
    setNotice({ tone: 'info', text: t('groups.deleted', { name: group.name }) });
  };

  const groups = byName(data?.accessGroups ?? [], locale);
  const listError = primaryErrorCode(error);

  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('groups.title')}</h1>
          <p className="muted">
            {t('groups.intro')} <Link to="/admin/users">{t('groups.introMembers')}</Link>
          </p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setNotice(null);
            setEditing({ mode: 'new' });
          }}
        >
          <span aria-hidden="true">+ </span>
          {t('groups.new')}
        </button>
      </div>

      {notice ? (
        <Banner tone={notice.tone} testId={notice.tone === 'error' ? 'groups-error' : 'groups-notice'}>
          {notice.text}
        </Banner>
      ) : null}

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

      {data && groups.length === 0 ? (
        <div className="card empty" role="status">
          <p className="empty__title">{t('groups.empty')}</p>
          <p className="muted">{t('groups.emptyHint')}</p>
        </div>
      ) : null}

      {groups.length > 0 ? (
        <div className="card card--flush">
          <div className="table-scroll">
            <table className="table" data-testid="groups-table">
              <caption className="sr-only">{t('groups.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('groups.col.name')}</th>
                  <th scope="col">{t('groups.col.rights')}</th>
                  <th scope="col">{t('groups.col.members')}</th>
                  <th scope="col" className="num num--wide">
                    {t('groups.col.restricted')}
                  </th>
                  <th scope="col" className="actions">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.map((group) => (
                  <tr key={group.id} data-group-id={group.id}>
                    <td>
                      <span className="strong">{group.name}</span>
                      {group.description ? <p className="small muted group__description">{group.description}</p> : null}
                    </td>
                    <td>
                      {group.rights.length > 0 ? (
                        <ul className="tag-list" aria-label={t('groups.rightsOf', { name: group.name })}>
                          {sortRights(group.rights).map((right) => (
                            <li key={right} className="tag">
                              {t(RIGHT_COPY[right].label)}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">{t('groups.noRights')}</span>
                      )}
                    </td>
                    <td>
                      {group.members.length > 0 ? (
                        <ul className="name-list" aria-label={t('groups.membersOf', { name: group.name })}>
                          {byName(group.members, locale).map((member) => (
                            <li key={member.id} className={member.active ? undefined : 'muted'}>
                              {member.name}
                              {member.active ? null : (
                                <>
                                  {' '}
                                  <Badge tone="warning">{t('users.status.disabled')}</Badge>
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">{t('groups.noMembers')}</span>
                      )}
                    </td>
                    <td className="num num--wide">{group.restrictedCustomerCount}</td>
                    <td className="actions">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('groups.editNamed', { name: group.name })}
                          onClick={() => {
                            setNotice(null);
                            setEditing({ mode: 'edit', group });
                          }}
                        >
                          {t('common.edit')}
                        </button>
                        <button
                          type="button"
                          className="button button--small button--danger-outline"
                          aria-label={t('groups.deleteNamed', { name: group.name })}
                          onClick={() => {
                            setNotice(null);
                            setDeleting(group);
                          }}
                        >
                          {t('groups.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {editing ? (
        <GroupFormDialog
          group={editing.mode === 'edit' ? editing.group : undefined}
          viewer={viewer}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={(group) => {
            setEditing(null);
            setNotice({
              tone: 'info',
              text: editing.mode === 'new' ? t('groups.created', { name: group.name }) : t('groups.saved', { name: group.name }),
            });
          }}
          onReload={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}

      <ConfirmDialog
        open={deleting !== null}
        title={t('groups.delete.title', { name: deleting?.name ?? '' })}
        confirmLabel={t('groups.delete.confirm')}
        danger
        busy={deleteState.fetching}
        onConfirm={() => void confirmDelete()}
        onCancel={() => {
          setDeleting(null);
        }}
      >
        <p>{t('groups.delete.body')}</p>
        {deleting && deleting.restrictedCustomerCount > 0 ? (
          <p className="field__error">
            <span aria-hidden="true">⚠ </span>
            {t('groups.delete.restricts', { count: deleting.restrictedCustomerCount })}
          </p>
        ) : null}
      </ConfirmDialog>
    </main>
  );
}
