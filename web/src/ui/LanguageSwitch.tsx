import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

/** Korean ⇄ English; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other: Language = i18n.language === 'en' ? 'ko' : 'en';
  return (
    <button
      type="button"
      className="btn btn--tertiary btn--small"
      lang={other}
      onClick={() => setLanguage(other)}
      aria-label={`${t('nav.language')}: ${t(`language.${other}`)}`}
    >
      {LANGUAGES.includes(other) && t(`language.${other}`)}
    </button>
  );
}
