import { createContext, type ReactNode, use, useEffect, useMemo, useState } from 'react';
import { ar } from './ar.ts';
import { en } from './en.ts';
import type { Language, Messages } from './messages.ts';

/**
 * The console's language: Arabic unless the user chose English (kept in localStorage). Switching
 * sets `lang` and `dir` on the document, so the whole page turns right to left or left to right.
 */

const STORAGE_KEY = 'dafaa.language';
const CATALOGS: Readonly<Record<Language, Messages>> = { ar, en };

interface LanguageState {
  readonly language: Language;
  readonly t: Messages;
  readonly switchLanguage: () => void;
}

const LanguageContext = createContext<LanguageState | null>(null);

function storedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ar';
}

/** Holds the language for everything below it and keeps the document's `lang` and `dir` in step. */
export function LanguageProvider({ children }: { readonly children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(storedLanguage);

  useEffect(() => {
    const root = document.documentElement;
    root.lang = language;
    root.dir = language === 'ar' ? 'rtl' : 'ltr';
    document.title = CATALOGS[language].app.title;
    localStorage.setItem(STORAGE_KEY, language);
  }, [language]);

  const state = useMemo<LanguageState>(
    () => ({
      language,
      t: CATALOGS[language],
      switchLanguage: () => setLanguage((current) => (current === 'ar' ? 'en' : 'ar')),
    }),
    [language],
  );
  return <LanguageContext value={state}>{children}</LanguageContext>;
}

/** The current language, its messages, and the switch. */
export function useLanguage(): LanguageState {
  const state = use(LanguageContext);
  if (!state) throw new Error('useLanguage needs a LanguageProvider above it');
  return state;
}
