//! The two settings pages of MANAGE_SETTINGS as tabs: "Privacy" (/admin/privacy) and "Consent"
//! (/admin/consents). Each is its own route; the tabs are links.
import { NavLink } from 'react-router';
import { useT } from '../../i18n';

export function SettingsTabs() {
  const t = useT();
  return (
    <nav className="tabs no-print" aria-label={t('settingsTabs.label')}>
      <NavLink to="/admin/privacy" className="tabs__tab">
        {t('settingsTabs.privacy')}
      </NavLink>
      <NavLink to="/admin/consents" className="tabs__tab">
        {t('settingsTabs.consent')}
      </NavLink>
    </nav>
  );
}
