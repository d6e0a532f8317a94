import { useLanguage } from '../i18n/language-context.tsx';

/** One click to the other language, written in that language (`English` / `العربية`). */
export function LanguageSwitch() {
  const { t, language, switchLanguage } = useLanguage();
  return (
    <button
      type="button"
      className="language-switch"
      lang={language === 'ar' ? 'en' : 'ar'}
      onClick={switchLanguage}
    >
      {t.app.otherLanguage}
    </button>
  );
}
