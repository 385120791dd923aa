import { RouterProvider } from 'react-router';
import { I18nProvider } from '../i18n';
import { router } from './router';
import { SessionProvider } from './session';

const navigate = (to: string, opts: { replace: boolean }) => router.navigate(to, opts);

export function App() {
  return (
    <I18nProvider>
      <SessionProvider navigate={navigate}>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nProvider>
  );
}
