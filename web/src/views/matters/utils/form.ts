/**
 * The form generator: a pack's fields and parties become form items (which widget, required or not), the
 * widgets' values become the JSON the server reads (dates `yyyy-MM-dd`, money rounded to fen, empty values left
 * out so that nothing is cleared by accident).
 */
import type { ActionDef, FieldDef, FieldType, FieldValue, KindDef, MatterDetail, PackText, PartyDef } from '@/api/matters'

export type Widget =
  | 'input'
  | 'textarea'
  | 'number'
  | 'money'
  | 'date'
  | 'select'
  | 'switch'
  | 'person'
  | 'unit'
  | 'matter'
  | 'attachment'
  | 'tags'

/** Texts up to this many characters get a one-line input; longer (or unlimited) ones a textarea. */
export const SHORT_TEXT_MAX = 200

/** One item of a generated form. */
export interface FormItem {
  code: string
  /** a field of the kind, or a party (the people/units playing a part) */
  target: 'field' | 'party'
  title: PackText
  widget: Widget
  required: boolean
  /** several values (a `many` party, a list field) */
  multiple: boolean
  maxLength: number | null
  options: string[]
  confidential: boolean
  /** the matter already holds a value the form cannot show (a confidential field): a required item is satisfied */
  hasHiddenValue: boolean
  /** open form only: an optional field that an action fills in later (shown folded) */
  later?: boolean
  /** required only when this condition holds (checked by the server): shown as a hint */
  requiredWhen?: string
}

export type FormValue = string | number | boolean | string[] | null
export type FormValues = Record<string, FormValue>

export function widgetFor(type: FieldType, maxLength: number | null = null): Widget {
  switch (type) {
    case 'text':
      return maxLength !== null && maxLength <= SHORT_TEXT_MAX ? 'input' : 'textarea'
    case 'number':
      return 'number'
    case 'money':
      return 'money'
    case 'date':
      return 'date'
    case 'choice':
      return 'select'
    case 'bool':
      return 'switch'
    case 'person':
      return 'person'
    case 'unit':
      return 'unit'
    case 'matter':
      return 'matter'
    case 'attachment':
      return 'attachment'
    case 'list':
      return 'tags'
  }
}

export function fieldItem(f: FieldDef, required = f.required): FormItem {
  return {
    code: f.code,
    target: 'field',
    title: f.title,
    widget: widgetFor(f.type, f.maxLength),
    required,
    multiple: f.type === 'list',
    maxLength: f.maxLength,
    options: f.options,
    confidential: f.confidential,
    hasHiddenValue: false,
  }
}

/** Citizens are never picked (the portal identifies them), so a citizen party has no item. */
export function partyItem(p: PartyDef, required = false): FormItem | null {
  if (p.type === 'citizen') return null
  return {
    code: p.code,
    target: 'party',
    title: p.title,
    widget: p.type === 'unit' ? 'unit' : 'person',
    required,
    multiple: p.many,
    maxLength: null,
    options: [],
    confidential: false,
    hasHiddenValue: false,
  }
}

/**
 * The open form: every field of the kind (required as the pack says), then the parties that no action sets —
 * they can only be named when the matter is opened (e.g. the person a report is about). Optional fields that an
 * action sets are marked `later` (the page folds them away: a ledger item's 整改结果 is not written at opening).
 */
export function openFormItems(kind: KindDef): FormItem[] {
  const setByActions = new Set(kind.actions.flatMap((a) => a.sets))
  const items: FormItem[] = kind.fields.map((f) => ({ ...fieldItem(f), later: !f.required && setByActions.has(f.code) }))
  for (const p of kind.parties) {
    if (setByActions.has(p.code)) continue
    const item = partyItem(p)
    if (item) items.push(item)
  }
  return items
}

/**
 * The form of an action: one item per code in `sets` (a field or a party), required when `requires` names it.
 * With the matter's detail, confidential fields that already hold a value are marked `hasHiddenValue`.
 */
export function actionFormItems(kind: KindDef, action: ActionDef, detail?: MatterDetail | null): FormItem[] {
  const items: FormItem[] = []
  for (const code of action.sets) {
    const required = action.requires.includes(code)
    const f = kind.fields.find((x) => x.code === code)
    const when = action.requiredWhen?.[code]
    if (f) {
      const item = fieldItem(f, required && !when)
      item.hasHiddenValue = f.confidential && isConfidentialMarker(detail?.fields[code])
      if (when) item.requiredWhen = when
      items.push(item)
      continue
    }
    const p = kind.parties.find((x) => x.code === code)
    const item = p ? partyItem(p, required && !when) : null
    if (item && when) item.requiredWhen = when
    if (item) items.push(item)
  }
  return items
}

export function isConfidentialMarker(v: unknown): v is { confidential: true } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as Record<string, unknown>).confidential === true
}

/** The value a widget starts with: the matter's current value where there is one (never a confidential one). */
export function initialValue(item: FormItem, detail?: MatterDetail | null): FormValue {
  if (item.target === 'party') {
    const ids = detail?.parties[item.code] ?? []
    return item.multiple ? [...ids] : (ids[0] ?? null)
  }
  const current: FieldValue | undefined = detail?.fields[item.code]
  if (current === undefined || current === null || isConfidentialMarker(current)) return item.multiple ? [] : null
  if (item.multiple) return Array.isArray(current) ? current.map(String) : [String(current)]
  if (item.widget === 'switch') return current === true
  if (item.widget === 'number' || item.widget === 'money') {
    const n = typeof current === 'number' ? current : Number(current)
    return Number.isFinite(n) ? n : null
  }
  return Array.isArray(current) ? current.join('、') : String(current)
}

export function initialValues(items: FormItem[], detail?: MatterDetail | null): FormValues {
  const out: FormValues = {}
  for (const item of items) out[item.code] = initialValue(item, detail)
  return out
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/**
 * A date as `yyyy-MM-dd`. A `Date` from a date picker is read in the browser's own zone (the day the user clicked);
 * an instant with a time (`…T…Z`) is read in Asia/Shanghai; `yyyy-MM-dd` and `yyyy/M/d` pass through.
 * Empty or unreadable → undefined.
 */
export function toDateString(v: unknown): string | undefined {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return undefined
    return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`
  }
  if (typeof v === 'number') return Number.isFinite(v) ? SHANGHAI_DATE.format(new Date(v)) : undefined
  if (typeof v !== 'string') return undefined
  const s = v.trim()
  const plain = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s)
  if (plain) {
    const [y, m, d] = [Number(plain[1]), Number(plain[2]), Number(plain[3])]
    const check = new Date(Date.UTC(y, m - 1, d))
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined
    return `${plain[1]}-${pad(m)}-${pad(d)}`
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const d = new Date(s)
    return Number.isNaN(d.getTime()) ? undefined : SHANGHAI_DATE.format(d)
  }
  return undefined
}

/** A number from a number box or a pasted text (`1,234.5`, `１２`→ not accepted); empty → undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v !== 'string') return undefined
  const s = v.replace(/[,，\s]/g, '')
  if (s === '') return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

/** Yuan rounded half away from zero to fen (2 decimals): 1.005 → 1.01, 2.5 → 2.5. */
export function roundMoney(n: number): number {
  const sign = n < 0 ? -1 : 1
  const cents = Math.round(Math.abs(n) * 100 + 1e-7)
  return (sign * cents) / 100
}

/** The JSON value the server reads for one item, or undefined when the item is empty (then it is left out). */
export function normaliseValue(item: Pick<FormItem, 'widget' | 'multiple' | 'target'>, raw: unknown): FormValue | undefined {
  if (item.multiple || item.target === 'party') {
    const list = (Array.isArray(raw) ? raw : [raw])
      .map((x) => (typeof x === 'string' ? x.trim() : x === null || x === undefined ? '' : String(x)))
      .filter((x) => x !== '')
    const unique = [...new Set(list)]
    return unique.length === 0 ? undefined : unique
  }
  switch (item.widget) {
    case 'input':
    case 'textarea':
    case 'attachment':
    case 'select':
    case 'person':
    case 'unit':
    case 'matter': {
      if (raw === null || raw === undefined) return undefined
      const s = String(raw).trim()
      return s === '' ? undefined : s
    }
    case 'number':
      return toNumber(raw)
    case 'money': {
      const n = toNumber(raw)
      return n === undefined ? undefined : roundMoney(n)
    }
    case 'date':
      return toDateString(raw)
    case 'switch':
      return typeof raw === 'boolean' ? raw : undefined
    case 'tags':
      return undefined // multiple, handled above
  }
}

export interface FormBody {
  fields: Record<string, FormValue>
  parties: Record<string, string[]>
}

/**
 * The `fields` and `parties` of an open or action request: empty items are left out — except one the form started
 * with a value (`initial`, the matter's own) that the user emptied: that is sent as `null` (a party as `[]`), which
 * clears it on the matter.
 */
export function buildBody(items: FormItem[], values: FormValues, initial: FormValues = {}): FormBody {
  const body: FormBody = { fields: {}, parties: {} }
  for (const item of items) {
    const v = normaliseValue(item, values[item.code])
    if (v === undefined) {
      if (normaliseValue(item, initial[item.code]) === undefined) continue
      if (item.target === 'party') body.parties[item.code] = []
      else body.fields[item.code] = null
      continue
    }
    if (item.target === 'party') body.parties[item.code] = v as string[]
    else body.fields[item.code] = v
  }
  return body
}

/** Codes of required items that have no value (and no hidden one on the matter). */
export function missingRequired(items: FormItem[], values: FormValues): string[] {
  return items.filter((i) => i.required && !i.hasHiddenValue && normaliseValue(i, values[i.code]) === undefined).map((i) => i.code)
}

/** One signature an action needs: the spec (`party:handler`, `role:discipline`) and what to call it. */
export interface SignoffSlot {
  spec: string
  kind: 'party' | 'role' | 'other'
  code: string
}

export function signoffSlots(action: ActionDef): SignoffSlot[] {
  return action.signoff.map((spec) => {
    const i = spec.indexOf(':')
    const kind = i > 0 ? spec.slice(0, i) : ''
    return { spec, kind: kind === 'party' || kind === 'role' ? kind : 'other', code: i > 0 ? spec.slice(i + 1) : spec }
  })
}

/** Signers suggested for the sign-offs: for `party:x`, the one person in that party (after the form's changes). */
export function suggestedSigners(slots: SignoffSlot[], parties: Record<string, string[]>): (string | null)[] {
  const used = new Set<string>()
  return slots.map((s) => {
    if (s.kind !== 'party') return null
    const ids = parties[s.code] ?? []
    const pick = ids.length === 1 && !used.has(ids[0]) ? ids[0] : null
    if (pick) used.add(pick)
    return pick
  })
}

/** Problems of the signer list: `missing` when a sign-off has nobody, `same` when one person signs twice. */
export function signerProblem(signers: (string | null)[]): 'missing' | 'same' | null {
  if (signers.some((s) => !s)) return 'missing'
  return new Set(signers).size !== signers.length ? 'same' : null
}
