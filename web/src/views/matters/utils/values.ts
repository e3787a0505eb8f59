/** Field values as text: dates in the reader's language, money as ¥ with fen, ids as names where known. */
import type { FieldDef, FieldValue } from '@/api/matters'
import { t } from '@/i18n'
import { isConfidentialMarker } from './form'

export interface NameResolvers {
  person?: (id: string) => string | undefined
  unit?: (id: string) => string | undefined
}

const longDates = new Map<string, Intl.DateTimeFormat>()

/** `2026-11-23` → zh-CN `2026年11月23日`, en `November 23, 2026`; the calendar day as written (no zone shift). */
export function formatDay(value: string | null | undefined, locale: string): string {
  if (!value) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return value
  let f = longDates.get(locale)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' })
    longDates.set(locale, f)
  }
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))))
}

/** `¥1,234.50` (always ¥ and two decimals). */
export function formatMoney(value: number | string | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return ''
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) return String(value)
  const s = Math.abs(n).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return `${n < 0 ? '-' : ''}¥${s}`
}

function scalar(def: Pick<FieldDef, 'type'>, v: unknown, locale: string, names: NameResolvers): string {
  if (v === null || v === undefined) return ''
  switch (def.type) {
    case 'date':
      return formatDay(String(v), locale)
    case 'money':
      return formatMoney(v as number | string, locale)
    case 'number':
      // no digit grouping: a number field is as often a year (2026) or a count as an amount
      return String(v)
    case 'bool':
      return v === true ? t('common.yes') : v === false ? t('common.no') : String(v)
    case 'person':
      return names.person?.(String(v)) ?? String(v)
    case 'unit':
      return names.unit?.(String(v)) ?? String(v)
    default:
      return String(v)
  }
}

/**
 * One field value as text. A list shows its items joined by `、`, each read as the list's item type; a confidential
 * value shows the 保密 marker (the value itself is read only on request).
 */
export function formatFieldValue(def: Pick<FieldDef, 'type' | 'item'>, value: FieldValue | unknown, locale: string, names: NameResolvers = {}): string {
  if (value === null || value === undefined) return ''
  if (isConfidentialMarker(value)) return t('matter.confidentialSet')
  if (Array.isArray(value)) return value.map((x) => scalar(def.type === 'list' ? { type: def.item ?? 'text' } : def, x, locale, names)).join('、')
  return scalar(def, value, locale, names)
}

/** The attachment ids a field holds (an attachment field, or a list of attachments); empty for any other field. */
export function attachmentIds(def: Pick<FieldDef, 'type' | 'item'>, value: FieldValue | unknown): string[] {
  const isAttachment = def.type === 'attachment' || (def.type === 'list' && def.item === 'attachment')
  if (!isAttachment || value === null || value === undefined || isConfidentialMarker(value)) return []
  return (Array.isArray(value) ? value : [value]).filter((x): x is string => typeof x === 'string' && x.length > 0)
}
