import AsyncStorage from '@react-native-async-storage/async-storage';
import { getLocales } from 'expo-localization';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

import en from './en.json';
import fr from './fr.json';

export type Language = 'en' | 'fr';
export type StaticKey = keyof typeof en;
/** Families whose last segment is a value from the API (a status, a role, a problem's slug...). */
type Family =
  | 'status' | 'role' | 'format' | 'language' | 'day' | 'day.short' | 'visibility' | 'category' | 'channel' | 'ledger'
  | 'dispute' | 'erasure' | 'presence' | 'sessions.with' | 'sessions.lateWarning' | 'problem'
  | 'staff.kind' | 'staff.status' | 'staff.outcome' | 'staff.decide' | 'staff.step' | 'staff.sanction';
export type MessageKey = StaticKey | `${Family}.${string}`;

const catalogues: Record<Language, Record<string, string>> = { en, fr };
const storageKey = 'skillswap.language';

/** The device's language when it is one SkillSwap speaks, English otherwise. */
export function deviceLanguage(): Language {
  const code = getLocales()[0]?.languageCode;
  return code === 'fr' ? 'fr' : 'en';
}

/** "{count} unread" with { count: 3 } → "3 unread". Unknown placeholders stay visible, so a missing value shows. */
export function format(template: string, values?: Record<string, string | number>): string {
  if (!values) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  // An unknown key shows itself (and the tests that compare both catalogues catch it).
  return format(catalogues[language][key] ?? catalogues.en[key] ?? key, values);
}

interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** A UTC instant on the person's clock ("mar. 8 déc., 18:30"). */
  formatDateTime: (iso: string | Date, timeZone?: string | null) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(initial ?? deviceLanguage());

  useEffect(() => {
    if (initial) {
      return;
    }
    AsyncStorage.getItem(storageKey)
      .then((saved) => {
        if (saved === 'en' || saved === 'fr') {
          setLanguageState(saved);
        }
      })
      .catch(() => undefined);
  }, [initial]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    AsyncStorage.setItem(storageKey, next).catch(() => undefined);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
    return {
      language,
      setLanguage,
      t: (key, values) => translate(language, key, values),
      formatDateTime: (iso, timeZone) =>
        new Intl.DateTimeFormat(locale, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
          timeZone: timeZone ?? undefined,
        }).format(typeof iso === 'string' ? new Date(iso) : iso),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) {
    throw new Error('useI18n outside I18nProvider');
  }
  return value;
}
