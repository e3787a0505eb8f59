/**
 * A small i18n module: zh-CN (default) and en dictionaries, `{name}` placeholders,
 * the choice persisted in localStorage. `t` reads a reactive ref, so templates update on switch.
 */
import { computed, ref } from 'vue'
import zhCN, { type MessageKey } from './zh-CN'
import en from './en'

export type { MessageKey }
export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']
export const STORAGE_KEY = 'changxiao.locale'

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }

function readStored(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY)
    return v === 'en' || v === 'zh-CN' ? v : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const locale = ref<Locale>(readStored())

function applyDocumentLang(l: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = l
}
applyDocumentLang(locale.value)

export function setLocale(l: Locale): void {
  locale.value = l
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, l)
  } catch {
    /* storage may be unavailable (private mode); the choice then lasts for this page only */
  }
  applyDocumentLang(l)
}

export function toggleLocale(): void {
  setLocale(locale.value === 'zh-CN' ? 'en' : 'zh-CN')
}

export type Params = Record<string, string | number>

export function interpolate(template: string, params?: Params): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

export function translate(l: Locale, key: MessageKey, params?: Params): string {
  const text = dictionaries[l][key] ?? dictionaries['zh-CN'][key] ?? key
  return interpolate(text, params)
}

export function t(key: MessageKey, params?: Params): string {
  return translate(locale.value, key, params)
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key)
}

/** Label of a journal entry type such as `unit.created`; the raw type when unknown. */
export function journalTypeLabel(type: string): string {
  const key = `journalType.${type}`
  return hasKey(key) ? t(key) : type
}

/** Label of an entity type such as `role-assignment`; raw when unknown. */
export function entityTypeLabel(entityType: string): string {
  const key = `entity.${entityType}`
  return hasKey(key) ? t(key) : entityType
}

/** Pick the title for the current locale from a `{titleZh,titleEn}` record. */
export function localTitle(v: { titleZh: string; titleEn: string }): string {
  return locale.value === 'en' ? v.titleEn || v.titleZh : v.titleZh || v.titleEn
}

/** Pick a pack text (`{zh, en}`, `en` optional) for the current locale. */
export function packText(v: { zh: string; en?: string | null } | null | undefined): string {
  if (!v) return ''
  return locale.value === 'en' ? v.en || v.zh : v.zh || v.en || ''
}

export function useI18n() {
  return { t, locale: computed(() => locale.value), setLocale, toggleLocale }
}
