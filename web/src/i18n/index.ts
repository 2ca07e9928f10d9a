import i18next from 'i18next'
import { initReactI18next, useTranslation } from 'react-i18next'
import { zhCN } from './zh-CN'
import { en } from './en'
import type { Lang } from '@/lib/format'

export const LANGS: readonly Lang[] = ['zh-CN', 'en']
export const DEFAULT_LANG: Lang = 'zh-CN'
const STORAGE_KEY = 'ms.lang'

function storedLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (saved === 'zh-CN' || saved === 'en') return saved
  } catch {
    // storage blocked (private mode): fall back to the default
  }
  return DEFAULT_LANG
}

/** One i18next instance for the app; resources are bundled (both languages are small). */
export const i18n = i18next.createInstance()
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: DEFAULT_LANG,
  supportedLngs: LANGS as Lang[],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
  returnNull: false,
})

function reflect(lang: string) {
  if (typeof document === 'undefined') return
  // Screen readers pick pronunciation from <html lang>; the title names the product.
  document.documentElement.lang = lang
  document.title = i18n.t('app.name')
}
reflect(i18n.language)
i18n.on('languageChanged', (lang) => {
  reflect(lang)
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang)
  } catch {
    // not persisted; the choice still holds for this page
  }
})

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'zh-CN')

export function setLang(lang: Lang) {
  void i18n.changeLanguage(lang)
}

export function toggleLang() {
  setLang(currentLang() === 'en' ? 'zh-CN' : 'en')
}

/** The current language, re-rendering on change. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation()
  return instance.language === 'en' ? 'en' : 'zh-CN'
}
