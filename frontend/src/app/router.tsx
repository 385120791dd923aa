//! Every route of the SPA. The server answers unknown non-API paths with index.html,
//! so deep links work; unknown app paths get the 404 page.
import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { SetupPage } from '../features/auth/SetupPage';
import { ContactsTab } from '../features/contacts/ContactsTab';
import { CustomerCardPage } from '../features/customers/CustomerCardPage';
import { CustomerDetailsTab } from '../features/customers/CustomerDetailsTab';
import { CustomerFormPage } from '../features/customers/CustomerFormPage';
import { CustomerSearchPage } from '../features/customers/CustomerSearchPage';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/setup', element: <SetupPage /> },
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
        ],
      },
      { path: 'customers/:id/edit', element: <CustomerFormPage mode="edit" /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
