//! "Groups" of a user: a checkbox per access group (with what it grants); saving replaces the
//! user's memberships. A user manager who is not an administrator can only put people into
//! groups whose rights they hold themselves.
import { useId, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { RightsHolder } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { UserFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { bannerMessage, generalMessage, primaryErrorCode } from '../../lib/errors';
import { byName, canAssignGroup, rightsSummary, toggleId } from '../groups/groups';

const UserGroupChoicesQuery = graphql(`
  query UserGroupChoices {
    accessGroups {
      id
      name
      description
      rights
    }
  }
`);

const SetUserGroupsMutation = graphql(`
  mutation SetUserGroups($userId: ID!, $groupIds: [ID!]!) {
    setUserGroups(userId: $userId, groupIds: $groupIds) {
      ...UserFields
    }
  }
`);

// The groups page lists members: reload it too.
const CONTEXT = { additionalTypenames: ['User', 'AccessGroup', 'GroupMember'] };

interface Props {
  readonly user: UserFieldsFragment;
  readonly viewer: RightsHolder;
  readonly onClose: () => void;
  readonly onSaved: (user: UserFieldsFragment) => void;
}

export function UserGroupsDialog({ user, viewer, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: UserGroupChoicesQuery, requestPolicy: 'cache-and-network' });
  const [selected, setSelected] = useState<readonly string[]>(() => user.groups.map((g) => g.id));
  const [saveError, setSaveError] = useState<CombinedError | null>(null);
  const [state, setUserGroups] = useMutation(SetUserGroupsMutation);
  const initial = new Set(user.groups.map((g) => g.id));

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSaveError(null);
    const result = await setUserGroups({ userId: user.id, groupIds: [...selected] }, CONTEXT);
    if (result.data) onSaved(result.data.setUserGroups);
    else if (result.error) setSaveError(result.error);
  };

  const saveCode = primaryErrorCode(saveError);
  const saveMessage =
    saveCode === 'FORBIDDEN'
      ? t('users.groups.forbidden')
      : saveCode === 'NOT_FOUND'
        ? t('users.groups.notFound')
        : bannerMessage(saveError, t);
  const groups = byName(data?.accessGroups ?? [], locale);
  const listCode = primaryErrorCode(error);

  return (
    <Dialog open title={t('users.groups.title', { name: user.name })} onClose={onClose}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <p className="muted">{t('users.groups.intro')}</p>
        {saveMessage ? <Banner testId="user-groups-error">{saveMessage}</Banner> : null}
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
            {t('users.groups.none')} <Link to="/admin/groups">{t('users.groups.toGroups')}</Link>
          </p>
        ) : null}
        {groups.length > 0 ? (
          <fieldset className="fieldset">
            <legend className="field__label">{t('users.groups.legend')}</legend>
            <ul className="choice-list">
              {groups.map((group) => {
                const hintId = `${id}-${group.id}`;
                const allowed = canAssignGroup(viewer, group.rights, initial.has(group.id));
                const grants = rightsSummary(group.rights, t);
                return (
                  <li key={group.id}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        name="groupIds"
                        value={group.id}
                        checked={selected.includes(group.id)}
                        disabled={!allowed}
                        aria-describedby={hintId}
                        onChange={(e) => {
                          setSelected(toggleId(selected, group.id, e.target.checked));
                        }}
                      />
                      {group.name}
                    </label>
                    <p className="field__hint choice-list__hint" id={hintId}>
                      {group.description ? (
                        <>
                          {group.description}
                          <br />
                        </>
                      ) : null}
                      {grants ? t('users.groups.grants', { rights: grants }) : t('groups.noRights')}
                      {allowed ? null : (
                        <>
                          <br />
                          {t('users.groups.notAllowed')}
                        </>
                      )}
                    </p>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={state.fetching || !data}>
            {state.fetching ? t('common.saving') : t('users.groups.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
