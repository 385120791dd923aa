//! The Secrets tab of the customer card (READ_SECRETS; the card shows the tab only then): the
//! customer's secrets by title with their kind, who may reveal them and when they changed, the
//! value always masked. For secrets the viewer may reveal (`canReveal`): user name, address,
//! notes, a "Reveal" (reason, and a TOTP code when the organization requires one) that shows the
//! value for 30 seconds, and the latest reveals. MANAGE_SECRETS adds new, edit and delete (for a
//! non-administrator only on secrets of their own groups) while the customer is not anonymized.
//!
//! One query reads everything, details included. The server answers the details of a secret
//! the viewer may not reveal with null and a FORBIDDEN error at that field, and urql hands over
//! the data together with those errors; `listFailure` recognises exactly those (FORBIDDEN, at
//! `customer.secrets[i].<detail>`, on a secret with `canReveal: false`) and treats anything else
//! as a failure. That is cleaner than a second query: the API has no way to ask for the details
//! of some secrets only (no `secret(id)` field, no per-item condition), so a second query would
//! meet the same errors.
//!
//! A revealed value lives only in this component's state (never in urql's cache: it comes from a
//! mutation), for one secret at a time, and is dropped when its 30 seconds are up, on "Hide", on
//! a new reveal, when the secret is changed or deleted, and when the tab is left.
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import type { SecretFieldsFragment } from '../../gql/graphql';
import { useT } from '../../i18n';
import { generalMessage, primaryErrorCode, type ClientErrorCode } from '../../lib/errors';
import { useCustomerCard } from '../customers/CustomerCardPage';
import { SECRET_CONTEXT } from './fragments';
import { RevealDialog } from './RevealDialog';
import { SecretCard } from './SecretCard';
import { SecretFormDialog } from './SecretFormDialog';
import { canChangeSecret, listFailure, startReveal, type Revealed } from './secrets';

const CustomerSecretsQuery = graphql(`
  query CustomerSecrets($id: ID!) {
    customer(id: $id) {
      id
      secrets {
        ...SecretFields
      }
    }
  }
`);

const DeleteSecretMutation = graphql(`
  mutation DeleteSecret($id: ID!) {
    deleteSecret(id: $id)
  }
`);

type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly secret: SecretFieldsFragment } | null;

const EMPTY: readonly SecretFieldsFragment[] = [];

export function SecretsTab() {
  const t = useT();
  const { viewer } = useCustomerCard();
  // A deep link without the right: say so instead of asking (the server would say FORBIDDEN).
  if (!hasRight(viewer, 'READ_SECRETS')) {
    return (
      <section className="card" aria-labelledby="secrets-title">
        <h2 className="card__title" id="secrets-title">
          {t('secrets.title')}
        </h2>
        <p className="muted" data-testid="secrets-no-access">
          {t('secrets.noAccess')}
        </p>
      </section>
    );
  }
  return <SecretsList />;
}

function SecretsList() {
  const t = useT();
  const { customer, viewer } = useCustomerCard();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CustomerSecretsQuery,
    variables: { id: customer.id },
    context: SECRET_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [revealing, setRevealing] = useState<SecretFieldsFragment | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [deleting, setDeleting] = useState<SecretFieldsFragment | null>(null);
  const [deleteState, deleteSecret] = useMutation(DeleteSecretMutation);
  const [actionError, setActionError] = useState<ClientErrorCode | null>(null);

  // Masks the value again when its time is up (the countdown on screen is only the display).
  useEffect(() => {
    if (!revealed) return;
    const timer = window.setTimeout(
      () => {
        setRevealed(null);
      },
      Math.max(0, revealed.until - Date.now()),
    );
    return () => {
      window.clearTimeout(timer);
    };
  }, [revealed]);

  const secrets = data?.customer.secrets ?? EMPTY;
  const failure = listFailure(error, data?.customer.secrets);
  const canCreate = hasRight(viewer, 'MANAGE_SECRETS') && customer.state !== 'ANONYMIZED';

  const reload = () => {
    setActionError(null);
    setEditing(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  const hide = (secretId: string) => {
    setRevealed((current) => (current?.secretId === secretId ? null : current));
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    const id = deleting.id;
    const result = await deleteSecret({ id }, SECRET_CONTEXT);
    setDeleting(null);
    if (result.error) {
      setActionError(primaryErrorCode(result.error));
      return;
    }
    setActionError(null);
    hide(id);
  };

  return (
    <section className="card card--flush" aria-labelledby="secrets-title">
      <div className="card__header">
        <div>
          <h2 className="card__title" id="secrets-title">
            {t('secrets.title')}
          </h2>
          <p className="card__subtitle muted small">{t('secrets.intro')}</p>
        </div>
        {canCreate ? (
          <div className="card__tools">
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setActionError(null);
                setEditing({ mode: 'new' });
              }}
            >
              <span aria-hidden="true">+ </span>
              {t('secrets.new')}
            </button>
          </div>
        ) : null}
      </div>

      {actionError ? <Banner testId="secrets-error">{generalMessage(actionError, t)}</Banner> : null}

      {!data && fetching ? <Loading /> : null}
      {failure && !fetching ? (
        <Banner
          testId="secrets-list-error"
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          }
        >
          {generalMessage(failure, t)}
        </Banner>
      ) : null}

      {data && secrets.length === 0 ? (
        <p className="empty muted" role="status">
          {t('secrets.empty')}
        </p>
      ) : null}

      {secrets.length > 0 ? (
        <ul className="secret-list" aria-label={t('secrets.list')}>
          {secrets.map((secret) => (
            <SecretCard
              key={secret.id}
              secret={secret}
              revealed={revealed?.secretId === secret.id ? revealed : null}
              canChange={canChangeSecret(viewer, secret) && customer.state !== 'ANONYMIZED'}
              onReveal={() => {
                setActionError(null);
                setRevealing(secret);
              }}
              onHide={() => {
                hide(secret.id);
              }}
              onEdit={() => {
                setActionError(null);
                setEditing({ mode: 'edit', secret });
              }}
              onDelete={() => {
                setActionError(null);
                setDeleting(secret);
              }}
            />
          ))}
        </ul>
      ) : null}

      {revealing ? (
        <RevealDialog
          secret={revealing}
          onClose={() => {
            setRevealing(null);
          }}
          onRevealed={(value) => {
            setRevealing(null);
            setRevealed(startReveal(revealing.id, value, Date.now()));
            // The reveal is now in the secret's log: show it.
            reexecute({ requestPolicy: 'network-only' });
          }}
        />
      ) : null}

      {editing ? (
        <SecretFormDialog
          customerId={customer.id}
          viewerIsAdmin={viewer.isAdmin}
          secret={editing.mode === 'edit' ? editing.secret : undefined}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={(saved) => {
            setEditing(null);
            // A value on screen may be the old one.
            hide(saved.id);
          }}
          onReload={reload}
        />
      ) : null}

      <ConfirmDialog
        open={deleting !== null}
        title={t('secrets.delete.title')}
        confirmLabel={t('secrets.delete.confirm')}
        danger
        busy={deleteState.fetching}
        onConfirm={() => void confirmDelete()}
        onCancel={() => {
          setDeleting(null);
        }}
      >
        <p>{t('secrets.delete.body', { title: deleting?.title ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}
