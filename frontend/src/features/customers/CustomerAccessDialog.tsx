//! "Access" of a customer (EDIT_CUSTOMERS): restrict the customer to access groups, so that only
//! their members (and administrators) find and open it; no group ticked means everyone with access
//! to customers. Sends the version it was based on; a CONFLICT is shown with a Reload button.
import { useId, useState, type SubmitEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { CustomerFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { bannerMessage, generalMessage, primaryErrorCode } from '../../lib/errors';
import { toggleId } from '../groups/groups';
import { accessChoices, losesAccess, ownGroupIds, type AccessViewer } from './access';

const CustomerGroupChoicesQuery = graphql(`
  query CustomerGroupChoices {
    accessGroups {
      id
      name
      description
      members {
        id
      }
    }
  }
`);

const SetCustomerGroupsMutation = graphql(`
  mutation SetCustomerGroups($id: ID!, $expectedVersion: Int!, $groupIds: [ID!]!) {
    setCustomerGroups(id: $id, expectedVersion: $expectedVersion, groupIds: $groupIds) {
      ...CustomerFields
    }
  }
`);

// The groups page counts the customers each group restricts.
const CONTEXT = { additionalTypenames: ['Customer', 'AccessGroup'] };

interface Props {
  readonly customer: CustomerFieldsFragment;
  readonly viewer: AccessViewer;
  readonly onClose: () => void;
  readonly onSaved: () => void;
  /** After a conflict: close and load the customer again. */
  readonly onReload: () => void;
}

export function CustomerAccessDialog({ customer, viewer, onClose, onSaved, onReload }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: CustomerGroupChoicesQuery, requestPolicy: 'cache-and-network' });
  const [selected, setSelected] = useState<readonly string[]>(() => customer.accessGroups.map((g) => g.id));
  const [saveError, setSaveError] = useState<CombinedError | null>(null);
  const [state, setCustomerGroups] = useMutation(SetCustomerGroupsMutation);

  const available = data?.accessGroups ?? [];
  const choices = data ? accessChoices(available, customer.accessGroups, viewer, locale) : [];
  const own = ownGroupIds(available, viewer);
  const lockedOut = data ? losesAccess(selected, own, viewer) : false;
  const anyLocked = choices.some((c) => c.locked);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSaveError(null);
    const result = await setCustomerGroups(
      { id: customer.id, expectedVersion: customer.version, groupIds: [...selected] },
      CONTEXT,
    );
    if (result.data) onSaved();
    else if (result.error) setSaveError(result.error);
  };

  const saveCode = primaryErrorCode(saveError);
  const listCode = primaryErrorCode(error);

  return (
    <Dialog open title={t('customer.access.title', { name: customer.displayName })} onClose={onClose}>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <p className="muted">{t('customer.access.intro')}</p>
        {saveCode === 'CONFLICT' ? (
          <Banner
            testId="conflict"
            action={
              <button type="button" className="button" onClick={onReload}>
                {t('common.reload')}
              </button>
            }
          >
            {t('customer.conflict')}
          </Banner>
        ) : saveCode === 'FORBIDDEN' ? (
          <Banner testId="access-error">{t('customer.access.forbidden')}</Banner>
        ) : saveCode === 'NOT_FOUND' ? (
          <Banner testId="access-error">{t('customer.access.notFound')}</Banner>
        ) : saveError ? (
          <Banner testId="access-error">{bannerMessage(saveError, t)}</Banner>
        ) : null}
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
        {data && choices.length === 0 ? (
          <p className="muted" role="status">
            {t('customer.access.noGroups')}
          </p>
        ) : null}
        {choices.length > 0 ? (
          <fieldset className="fieldset" aria-describedby={anyLocked ? `${id}-locked` : undefined}>
            <legend className="field__label">{t('customer.access.legend')}</legend>
            {anyLocked ? (
              <p className="field__hint" id={`${id}-locked`}>
                {t('customer.access.lockedHint')}
              </p>
            ) : null}
            <ul className="choice-list">
              {choices.map((choice) => {
                const hintId = `${id}-${choice.id}`;
                return (
                  <li key={choice.id}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        name="groupIds"
                        value={choice.id}
                        checked={selected.includes(choice.id)}
                        disabled={choice.locked}
                        aria-describedby={choice.description ? hintId : undefined}
                        onChange={(e) => {
                          setSelected(toggleId(selected, choice.id, e.target.checked));
                        }}
                      />
                      {choice.name}
                    </label>
                    {choice.description ? (
                      <p className="field__hint choice-list__hint" id={hintId}>
                        {choice.description}
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ) : null}
        <p className="small" role="status">
          {selected.length === 0 ? t('customer.access.willBeOpen') : t('customer.access.willBeRestricted')}
        </p>
        {lockedOut ? <Banner tone="warning">{t('customer.access.lockedOut')}</Banner> : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={state.fetching || !data}>
            {state.fetching ? t('common.saving') : t('customer.access.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
