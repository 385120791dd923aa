//! /account ("My account"): the signed-in user's sessions, a password change, and the way to
//! new recovery codes.
import { Link } from 'react-router';
import { useViewer } from '../../app/AppShell';
import { useT } from '../../i18n';
import { ChangePasswordSection } from './ChangePasswordSection';
import { SessionsSection } from './SessionsSection';

export function AccountPage() {
  const t = useT();
  const viewer = useViewer();
  return (
    <main className="page page--account" id="main">
      <div>
        <h1>{t('account.title')}</h1>
        <p className="muted">{t('account.intro', { name: viewer.name, email: viewer.email })}</p>
      </div>
      <SessionsSection />
      <ChangePasswordSection viewer={viewer} />
      {viewer.mfaEnabled ? (
        <section className="card" aria-labelledby="recovery-section-title">
          <h2 className="card__title" id="recovery-section-title">
            {t('account.recoverySection.title')}
          </h2>
          <p className="muted">{t('account.recoverySection.body')}</p>
          <Link className="button" to="/account/recovery-codes">
            {t('account.recoverySection.link')}
          </Link>
        </section>
      ) : null}
    </main>
  );
}
