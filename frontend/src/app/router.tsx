//! Every route of the SPA. The server answers unknown non-API paths with index.html,
//! so deep links work; unknown app paths get the 404 page.
import { createBrowserRouter, Navigate } from 'react-router';
import { AccountPage } from '../features/account/AccountPage';
import { AnonymizationReceiptsPage } from '../features/anonymization/AnonymizationReceiptsPage';
import { AnonymizePage } from '../features/anonymization/AnonymizePage';
import { ApiKeysPage } from '../features/apiKeys/ApiKeysPage';
import { AuditPage } from '../features/audit/AuditPage';
import { BackupsPage } from '../features/backups/BackupsPage';
import { LoginPage } from '../features/auth/LoginPage';
import { SetupPage } from '../features/auth/SetupPage';
import { BlankConsentFormPage, CustomerConsentFormPage } from '../features/consentForm/ConsentFormPage';
import { ConsentReportsPage } from '../features/consentReports/ConsentReportsPage';
import { ConsentHistoryPage } from '../features/consents/ConsentHistoryPage';
import { ConsentSettingsPage } from '../features/consents/ConsentSettingsPage';
import { ConsentsPage } from '../features/consents/ConsentsPage';
import { ContactsTab } from '../features/contacts/ContactsTab';
import { CustomerCardPage } from '../features/customers/CustomerCardPage';
import { CustomerDetailsTab } from '../features/customers/CustomerDetailsTab';
import { CustomerFormPage } from '../features/customers/CustomerFormPage';
import { CustomerSearchPage } from '../features/customers/CustomerSearchPage';
import { GroupsPage } from '../features/groups/GroupsPage';
import { InvoicesTab } from '../features/invoices/InvoicesTab';
import { EnrollPage } from '../features/mfa/EnrollPage';
import { MyInvitationPage } from '../features/myPage/MyInvitationPage';
import { MyLinkPage } from '../features/myPage/MyLinkPage';
import { MyLoginPage } from '../features/myPage/MyLoginPage';
import { MyPage } from '../features/myPage/MyPage';
import { RecoveryCodesPage } from '../features/mfa/RecoveryCodesPage';
import { VerifyPage } from '../features/mfa/VerifyPage';
import { OrdersTab } from '../features/orders/OrdersTab';
import { OutboxPage } from '../features/outbox/OutboxPage';
import { PrivacySettingsPage } from '../features/privacy/PrivacySettingsPage';
import { RetentionPage } from '../features/retention/RetentionPage';
import { SecretsTab } from '../features/secrets/SecretsTab';
import { PlanningPage } from '../features/tasks/PlanningPage';
import { TasksTab } from '../features/tasks/TasksTab';
import { UsersPage } from '../features/users/UsersPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // The second step of a login: a pending session, no `me`, outside the shell.
  { path: '/login/verify', element: <VerifyPage /> },
  { path: '/mfa/enroll', element: <EnrollPage /> },
  { path: '/setup', element: <SetupPage /> },
  // My page: the end customer's own pages, with a session of their own (cookie `tillit_portal`).
  // Outside the shell: no staff `me`, no staff navigation, and never "signed out → /login".
  { path: '/my', element: <MyPage /> },
  { path: '/my/login', element: <MyLoginPage /> },
  { path: '/my/invitation', element: <MyInvitationPage /> },
  { path: '/my/link', element: <MyLinkPage /> },
  { path: '/my/*', element: <Navigate to="/my" replace /> },
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/customers" replace /> },
      { path: 'customers', element: <CustomerSearchPage /> },
      { path: 'customers/new', element: <CustomerFormPage mode="create" /> },
      {
        path: 'customers/:id',
        element: <CustomerCardPage />,
        children: [
          { index: true, element: <CustomerDetailsTab /> },
          { path: 'contacts', element: <ContactsTab /> },
          // Business records: READ_CUSTOMERS to read, EDIT_CUSTOMERS to change.
          { path: 'orders', element: <OrdersTab /> },
          { path: 'invoices', element: <InvoicesTab /> },
          { path: 'tasks', element: <TasksTab /> },
          // READ_SECRETS to list and reveal (the tab is shown only then), MANAGE_SECRETS to change.
          { path: 'secrets', element: <SecretsTab /> },
        ],
      },
      { path: 'customers/:id/edit', element: <CustomerFormPage mode="edit" /> },
      // Irreversible anonymization (ANONYMIZE): what goes, what stays, mentions to redact.
      { path: 'customers/:id/anonymize', element: <AnonymizePage /> },
      // Recording consents needs EDIT_CONSENTS; the history READ_CUSTOMERS (and prints).
      { path: 'customers/:id/consents', element: <ConsentsPage /> },
      { path: 'customers/:id/contacts/:contactId/consent-history', element: <ConsentHistoryPage /> },
      // The printable consent form: pre-filled for a customer (READ_CUSTOMERS), or blank.
      { path: 'customers/:id/consent-form', element: <CustomerConsentFormPage /> },
      { path: 'consent-form', element: <BlankConsentFormPage /> },
      // Reports need READ_CUSTOMERS (the CSV download EXPORT_PERSONAL_DATA).
      { path: 'reports', element: <Navigate to="/reports/consents" replace /> },
      { path: 'reports/consents', element: <ConsentReportsPage /> },
      // The planning board: tasks and blocks (READ_CUSTOMERS; changes EDIT_CUSTOMERS).
      { path: 'planning', element: <PlanningPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'account/recovery-codes', element: <RecoveryCodesPage /> },
      // For viewers with the right each needs (MANAGE_USERS; MANAGE_API_KEYS for the API keys;
      // READ_AUDIT_LOG for the access log; MANAGE_SETTINGS for the privacy and consent settings);
      // others see a "no access" page (and the server says FORBIDDEN).
      { path: 'admin/users', element: <UsersPage /> },
      { path: 'admin/groups', element: <GroupsPage /> },
      { path: 'admin/api-keys', element: <ApiKeysPage /> },
      { path: 'admin/audit', element: <AuditPage /> },
      { path: 'admin/privacy', element: <PrivacySettingsPage /> },
      { path: 'admin/consents', element: <ConsentSettingsPage /> },
      // Administrators only: every e-mail Tillit has written (stored here without an e-mail server).
      { path: 'admin/outbox', element: <OutboxPage /> },
      // Administrators only: the addresses told about consent changes, and their deliveries.
      { path: 'admin/webhooks', element: <WebhooksPage /> },
      // Administrators only: the receipts of anonymizations (no personal data in them).
      { path: 'admin/anonymizations', element: <AnonymizationReceiptsPage /> },
      // ANONYMIZE or MANAGE_SETTINGS: the retention rule (set with MANAGE_SETTINGS), its dry run
      // and runs in batches (ANONYMIZE).
      { path: 'admin/retention', element: <RetentionPage /> },
      // RUN_BACKUPS: the backups, their copies per destination, "Back up now" and restore drills.
      { path: 'admin/backups', element: <BackupsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
