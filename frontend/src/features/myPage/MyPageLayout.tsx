//! The frame of My page: a calm, customer-facing header (who is signed in and for which
//! customer, the language, "Sign out") and nothing of the staff application.
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../i18n';

interface Props {
  /** The signed-in contact; absent on the sign-in pages. */
  readonly viewer?: { readonly name: string; readonly customerName: string } | null;
  /** Shown with a viewer. */
  readonly onSignOut?: (() => void) | null;
  readonly signingOut?: boolean;
  /** A narrow single card (the sign-in pages), or the full page. */
  readonly narrow?: boolean;
  readonly children: ReactNode;
}

export function MyPageLayout({ viewer, onSignOut, signingOut = false, narrow = false, children }: Props) {
  const t = useT();
  return (
    <div className="my">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="my__top">
        <div className="my__top-inner">
          <span className="my__brand">
            <span className="my__mark" aria-hidden="true">
              ✓
            </span>
            {t('myPage.brand')}
          </span>
          <div className="my__end">
            {viewer ? (
              <span className="my__who" data-testid="my-page-viewer">
                <span className="strong">{viewer.name}</span>
                <span className="small muted">{viewer.customerName}</span>
              </span>
            ) : null}
            <LanguageSwitch />
            {viewer && onSignOut ? (
              <button type="button" className="button" onClick={onSignOut} disabled={signingOut}>
                {signingOut ? t('myPage.signingOut') : t('myPage.signOut')}
              </button>
            ) : null}
          </div>
        </div>
      </header>
      <main className={narrow ? 'my__main my__main--narrow' : 'my__main'} id="main">
        {children}
      </main>
      <footer className="my__footer small muted">{t('myPage.footer')}</footer>
    </div>
  );
}
