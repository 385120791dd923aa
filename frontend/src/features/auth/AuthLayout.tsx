import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../i18n';

/** The frame around the signed-out pages: brand, language switch, one centred card. */
export function AuthLayout({ title, intro, children }: { readonly title: string; readonly intro: string; readonly children: ReactNode }) {
  const t = useT();
  return (
    <div className="auth">
      <header className="auth__top">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true">
            T
          </span>
          {t('app.name')}
        </span>
        <LanguageSwitch />
      </header>
      <main className="auth__main" id="main">
        <div className="card auth__card">
          <h1 className="auth__title">{title}</h1>
          <p className="muted">{intro}</p>
          {children}
        </div>
      </main>
    </div>
  );
}
