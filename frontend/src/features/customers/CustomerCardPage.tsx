//! /customers/:id: the customer card: header with state and actions, tabs for details,
//! contacts, orders, invoices and tasks (and secrets, for viewers with READ_SECRETS). The loaded
//! customer is handed to the tabs through the outlet context, with what the viewer may do to it
//! (edit needs EDIT_CUSTOMERS; the access log READ_AUDIT_LOG; the consent screen, reached from the
//! menu, EDIT_CONSENTS; the printable consent form READ_CUSTOMERS; "Anonymize…" ANONYMIZE, while
//! the customer is not anonymized yet). An anonymized customer is shown as "Anonymized customer
//! <number>" with the date it happened; its orders, invoices and tasks stay listed (its secrets
//! were deleted with the anonymization).
//! While the card is open it follows the customer's consent changes live (useLiveConsents): each
//! one shows a small notice and makes the tabs that show consents reload them.
import { useState } from 'react';
import { Link, NavLink, Outlet, useNavigate, useOutletContext, useParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { useViewer, type ShellViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { Banner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { Badge } from '../../components/Badge';
import { auditPathForCustomer } from '../audit/auditFilter';
import { downloadBlob } from '../consentReports/csvExport';
import { myDataBlob } from '../myPage/myPage';
import { consentsPath } from '../consents/consentColumns';
import { LiveConsentNotice } from '../consents/LiveConsentNotice';
import { useLiveConsents } from '../consents/useLiveConsents';
import { CustomerAccessDialog } from './CustomerAccessDialog';
import { CustomerNotLoaded } from './CustomerNotLoaded';
import { graphql } from '../../gql';
import type { CustomerFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { generalMessage, primaryErrorCode } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { COUNTRY_LABELS, customerTitle, KIND_LABELS, STATE_LABELS } from './labels';

const CustomerCardQuery = graphql(`
  query CustomerCard($id: ID!) {
    customer(id: $id) {
      ...CustomerFields
    }
  }
`);

/** Everything about the customer as one JSON document (docs/data-subject-export.md). */
const CustomerExportQuery = graphql(`
  query CustomerExport($customerId: ID!) {
    customerExport(customerId: $customerId)
  }
`);

const ArchiveCustomerMutation = graphql(`
  mutation ArchiveCustomer($id: ID!, $expectedVersion: Int!) {
    archiveCustomer(id: $id, expectedVersion: $expectedVersion) {
      ...CustomerFields
    }
  }
`);

const RestoreCustomerMutation = graphql(`
  mutation RestoreCustomer($id: ID!, $expectedVersion: Int!) {
    restoreCustomer(id: $id, expectedVersion: $expectedVersion) {
      ...CustomerFields
    }
  }
`);

export interface CustomerCardContext {
  readonly customer: CustomerFieldsFragment;
  /**
   * The signed-in user: the tabs cannot call `useViewer()`, whose outlet context is the shell's
   * (inside the card, the nearest outlet context is this one).
   */
  readonly viewer: ShellViewer;
  /** The viewer may change the customer and its contacts (EDIT_CUSTOMERS). */
  readonly canEdit: boolean;
  /** Opens the "Access" dialog; null when the viewer may not restrict the customer. */
  readonly openAccess: (() => void) | null;
  /**
   * How many live consent changes (or subscription errors) the card has heard of since it opened;
   * a tab showing consents reloads them whenever this grows (and on opening, when it is not 0).
   */
  readonly liveConsentRevision: number;
}

export function useCustomerCard(): CustomerCardContext {
  return useOutletContext<CustomerCardContext>();
}

type Pending = 'archive' | 'restore' | 'access' | null;

export function CustomerCardPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const viewer = useViewer();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: CustomerCardQuery, variables: { id } });
  const [pending, setPending] = useState<Pending>(null);
  const [archiveState, archive] = useMutation(ArchiveCustomerMutation);
  const [restoreState, restore] = useMutation(RestoreCustomerMutation);
  const [actionError, setActionError] = useState<ReturnType<typeof primaryErrorCode>>(null);
  const client = useClient();
  const [liveConsentRevision, setLiveConsentRevision] = useState(0);
  // Only once the card is shown (an unknown or hidden customer is not followed).
  const liveChange = useLiveConsents(data?.customer.id ?? null, () => {
    setLiveConsentRevision((n) => n + 1);
  });

  const reload = () => {
    setActionError(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  if (!data) {
    return (
      <CustomerNotLoaded error={error} fetching={fetching} onRetry={reload} notFoundMessage={t('customer.notFound')} />
    );
  }

  const customer = data.customer;
  const archived = customer.state === 'ARCHIVED';
  const anonymized = customer.state === 'ANONYMIZED';
  const canEdit = hasRight(viewer, 'EDIT_CUSTOMERS');
  const openAccess = canEdit
    ? () => {
        setActionError(null);
        setPending('access');
      }
    : null;

  const confirm = async () => {
    const vars = { id: customer.id, expectedVersion: customer.version };
    if (pending !== 'archive' && pending !== 'restore') return;
    const result = pending === 'archive' ? await archive(vars) : await restore(vars);
    if (result.error) {
      setActionError(primaryErrorCode(result.error));
      setPending(null);
      return;
    }
    setActionError(null);
    setPending(null);
  };

  const items: MenuItem[] = [
    ...(canEdit
      ? [
          {
            id: 'edit',
            label: t('common.edit'),
            disabled: anonymized,
            onSelect: () => void navigate(`/customers/${customer.id}/edit`),
          },
          { id: 'access', label: t('customer.action.access'), onSelect: () => openAccess?.() },
          archived
            ? { id: 'restore', label: t('customer.action.restore'), onSelect: () => { setPending('restore'); } }
            : {
                id: 'archive',
                label: t('customer.action.archive'),
                disabled: anonymized,
                danger: true,
                onSelect: () => { setPending('archive'); },
              },
        ]
      : []),
    ...(hasRight(viewer, 'EDIT_CONSENTS')
      ? [
          {
            id: 'consents',
            label: t('customer.action.consents'),
            disabled: anonymized,
            onSelect: () => void navigate(consentsPath(customer.id)),
          },
        ]
      : []),
    // Reports: printouts about this customer.
    ...(hasRight(viewer, 'READ_CUSTOMERS')
      ? [
          {
            id: 'consent-form',
            label: t('customer.action.consentForm'),
            disabled: anonymized,
            onSelect: () => void navigate(`/customers/${customer.id}/consent-form`),
          },
        ]
      : []),
    // The data subject's copy of their data (Art. 15/20).
    ...(hasRight(viewer, 'EXPORT_PERSONAL_DATA')
      ? [
          {
            id: 'export',
            label: t('customer.action.export'),
            onSelect: () => {
              void client
                .query(CustomerExportQuery, { customerId: customer.id }, { requestPolicy: 'network-only' })
                .toPromise()
                .then((result) => {
                  if (result.error || !result.data) {
                    setActionError(result.error ? primaryErrorCode(result.error) : null);
                    return;
                  }
                  setActionError(null);
                  downloadBlob(myDataBlob(result.data.customerExport), `customer-${customer.number}-export.json`);
                });
            },
          },
        ]
      : []),
    ...(hasRight(viewer, 'READ_AUDIT_LOG')
      ? [
          {
            id: 'audit',
            label: t('customer.action.auditLog'),
            onSelect: () => void navigate(auditPathForCustomer(customer.id)),
          },
        ]
      : []),
    // Irreversible: its own page shows what goes and what stays, and asks for the number.
    ...(hasRight(viewer, 'ANONYMIZE') && !anonymized
      ? [
          {
            id: 'anonymize',
            label: t('customer.action.anonymize'),
            danger: true,
            onSelect: () => void navigate(`/customers/${customer.id}/anonymize`),
          },
        ]
      : []),
  ];

  return (
    <main className="page" id="main">
      <p className="breadcrumb">
        <Link to="/customers">{t('customer.backToSearch')}</Link>
      </p>
      <div className="card card-header">
        <div className="card-header__main">
          <h1 className="card-header__title" data-testid="customer-name">
            {customerTitle(customer, t)}
          </h1>
          <p className="card-header__meta">
            <span>{t('customer.number', { number: customer.number })}</span>
            <span aria-hidden="true"> · </span>
            <span>{t(KIND_LABELS[customer.kind])}</span>
            <span aria-hidden="true"> · </span>
            <span>{t(COUNTRY_LABELS[customer.country])}</span>{' '}
            <Badge tone={customer.state === 'ACTIVE' ? 'neutral' : customer.state === 'ARCHIVED' ? 'warning' : 'muted'}>
              {t(STATE_LABELS[customer.state])}
            </Badge>
          </p>
          <LiveConsentNotice change={liveChange} />
        </div>
        {items.length > 0 ? <MenuButton label={t('common.actions')} items={items} /> : null}
      </div>

      {archived ? <Banner tone="warning">{t('customer.archivedNotice')}</Banner> : null}
      {anonymized ? (
        <Banner tone="info" testId="anonymized-notice">
          {customer.anonymizedAt
            ? t('customer.anonymizedNoticeOn', { date: formatDate(customer.anonymizedAt, locale) })
            : t('customer.anonymizedNotice')}
        </Banner>
      ) : null}
      {actionError === 'CONFLICT' ? (
        <Banner
          testId="conflict"
          action={
            <button type="button" className="button" onClick={reload}>
              {t('common.reload')}
            </button>
          }
        >
          {t('customer.conflict')}
        </Banner>
      ) : actionError ? (
        <Banner>{generalMessage(actionError, t)}</Banner>
      ) : null}

      <nav className="tabs" aria-label={t('customer.tabs')}>
        <NavLink end to={`/customers/${customer.id}`} className="tabs__tab">
          {t('customer.tab.details')}
        </NavLink>
        <NavLink to={`/customers/${customer.id}/contacts`} className="tabs__tab">
          {t('customer.tab.contacts')}
        </NavLink>
        <NavLink to={`/customers/${customer.id}/orders`} className="tabs__tab">
          {t('customer.tab.orders')}
        </NavLink>
        <NavLink to={`/customers/${customer.id}/invoices`} className="tabs__tab">
          {t('customer.tab.invoices')}
        </NavLink>
        <NavLink to={`/customers/${customer.id}/tasks`} className="tabs__tab">
          {t('customer.tab.tasks')}
        </NavLink>
        {hasRight(viewer, 'READ_SECRETS') ? (
          <NavLink to={`/customers/${customer.id}/secrets`} className="tabs__tab">
            {t('customer.tab.secrets')}
          </NavLink>
        ) : null}
      </nav>

      <Outlet context={{ customer, viewer, canEdit, openAccess, liveConsentRevision } satisfies CustomerCardContext} />

      {pending === 'access' ? (
        <CustomerAccessDialog
          customer={customer}
          viewer={viewer}
          onClose={() => {
            setPending(null);
          }}
          onSaved={() => {
            setPending(null);
          }}
          onReload={() => {
            setPending(null);
            reload();
          }}
        />
      ) : null}

      <ConfirmDialog
        open={pending === 'archive'}
        title={t('customer.archive.title')}
        confirmLabel={t('customer.archive.confirm')}
        danger
        busy={archiveState.fetching}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setPending(null);
        }}
      >
        <p>{t('customer.archive.body', { name: customer.displayName, number: customer.number })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'restore'}
        title={t('customer.restore.title')}
        confirmLabel={t('customer.restore.confirm')}
        busy={restoreState.fetching}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setPending(null);
        }}
      >
        <p>{t('customer.restore.body', { name: customer.displayName, number: customer.number })}</p>
      </ConfirmDialog>
    </main>
  );
}
