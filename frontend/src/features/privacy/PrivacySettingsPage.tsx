//! /admin/privacy: the privacy settings (MANAGE_SETTINGS): the organization's details printed on
//! the consent form (controller, data-protection contact, supervisory authority, retention), the
//! rule that revealing a secret on a customer card needs an authenticator code, and
//! the register of data partners, with those that need attention flagged. Links to the blank
//! consent form for the front desk.
import { Link } from 'react-router';
import { useViewer } from '../../app/AppShell';
import { hasRight } from '../../app/rights';
import { NoAccess } from '../../components/NoAccess';
import { useT } from '../../i18n';
import { PartnersSection } from './PartnersSection';
import { SettingsSection } from './SettingsSection';
import { SettingsTabs } from './SettingsTabs';

export function PrivacySettingsPage() {
  const t = useT();
  const viewer = useViewer();
  // Nothing to load for someone who may not see it (the server would say FORBIDDEN anyway).
  if (!hasRight(viewer, 'MANAGE_SETTINGS')) return <NoAccess body={t('privacy.noAccess')} />;
  return (
    <main className="page" id="main">
      <div className="page__header">
        <div>
          <h1>{t('privacy.title')}</h1>
          <p className="muted">{t('privacy.intro')}</p>
        </div>
        <Link className="button" to="/consent-form">
          <span aria-hidden="true">⎙ </span>
          {t('privacy.blankForm')}
        </Link>
      </div>
      <SettingsTabs />
      <SettingsSection />
      <PartnersSection />
    </main>
  );
}
