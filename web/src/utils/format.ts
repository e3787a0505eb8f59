/** Formatting helpers: dates with Intl.DateTimeFormat(locale), numbers with toLocaleString(locale). */

export const TIME_ZONE = 'Asia/Shanghai'

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function dtf(cache: Map<string, Intl.DateTimeFormat>, locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(locale)
  if (!f) {
    // Times are shown in China Standard Time whatever the browser's zone: deadlines and journal
    // entries are Asia/Shanghai facts.
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...opts })
    cache.set(locale, f)
  }
  return f
}

function toDate(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

/** e.g. zh-CN "2025/03/07 14:05:09", en "03/07/2025, 14:05:09". Empty for null; the raw text if unparsable. */
export function formatDateTime(value: string | number | Date | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return ''
  const d = toDate(value)
  if (!d) return String(value)
  return dtf(dateTimeFormats, locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d)
}

export function formatDate(value: string | number | Date | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return ''
  const d = toDate(value)
  if (!d) return String(value)
  return dtf(dateFormats, locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}

export function formatNumber(n: number | null | undefined, locale: string): string {
  if (n === null || n === undefined || Number.isNaN(n)) return ''
  return n.toLocaleString(locale)
}

/** First characters of a hash, for tables. */
export function hashPrefix(hash: string | null | undefined, length = 10): string {
  if (!hash) return ''
  return hash.length > length ? hash.slice(0, length) : hash
}

function previewValue(v: unknown): string {
  if (v === null || v === undefined) return '∅'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/** Short one-line preview of a journal entry's data: `name=办公室, code=001…`. */
export function previewData(data: unknown, max = 80): string {
  if (data === null || data === undefined) return ''
  let text: string
  if (typeof data === 'object' && !Array.isArray(data)) {
    text = Object.entries(data as Record<string, unknown>)
      .map(([k, v]) => `${k}=${previewValue(v)}`)
      .join(', ')
  } else {
    text = previewValue(data)
  }
  const chars = Array.from(text)
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text
}

/** True when `lockedUntil` is in the future. */
export function isLocked(lockedUntil: string | null | undefined, now: Date = new Date()): boolean {
  if (!lockedUntil) return false
  const d = toDate(lockedUntil)
  return d !== null && d.getTime() > now.getTime()
}
