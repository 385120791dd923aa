//! Svenska / English, remembered in localStorage.
import { LANGS, useI18n } from '../i18n';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="lang-switch__button"
          aria-pressed={lang === l}
          onClick={() => {
            setLang(l);
          }}
        >
          {t(l === 'sv' ? 'lang.sv' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
