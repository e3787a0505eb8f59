/** The matter's journal as a readable timeline: Chinese (or English) titles and one line per change. */
import type { JournalEntry } from '@/api/journal'
import type { KindDef } from '@/api/matters'
import { journalTypeLabel, packText, t } from '@/i18n'
import { formatFieldValue, formatDay, type NameResolvers } from './values'

export interface TimelineItem {
  seq: number
  at: string
  actor: string
  type: string
  title: string
  lines: string[]
  /** colour of the dot: red/yellow warnings, green for a closing step */
  tone: 'danger' | 'warning' | 'success' | 'primary' | 'info'
}

type Data = Record<string, unknown>

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v)
}

function ids(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter((x) => x !== '') : []
}

function obj(v: unknown): Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data) : {}
}

export function levelLabel(level: unknown): string {
  return level === 'red' ? t('level.red') : level === 'yellow' ? t('level.yellow') : ''
}

function stateName(kind: KindDef | undefined, code: string): string {
  const s = kind?.states.find((x) => x.code === code)
  return s ? packText(s.title) : code
}

function actionName(kind: KindDef | undefined, code: string): string {
  const a = kind?.actions.find((x) => x.code === code)
  return a ? packText(a.title) : code
}

function partyName(kind: KindDef | undefined, code: string): string {
  const p = kind?.parties.find((x) => x.code === code)
  return p ? packText(p.title) : code
}

/** A clock's name: its title from the pack; without one (an older server), 时限 for a kind's only clock. */
export function clockName(kind: KindDef | undefined, code: string): string {
  const title = kind?.clockTitles?.[code]
  if (title) return packText(title)
  return kind && kind.clocks.length === 1 && kind.clocks[0] === code ? t('matter.clock') : code
}

export function relationLabel(kind: KindDef | undefined, relation: string): string {
  if (relation === 'derived-from') return t('matter.relDerivedFrom')
  if (relation === 'led-to') return t('matter.relLedTo')
  const f = kind?.fields.find((x) => x.code === relation)
  return f ? packText(f.title) : relation
}

function fieldLines(kind: KindDef | undefined, changes: Data, locale: string, names: NameResolvers): string[] {
  return Object.entries(changes).map(([code, value]) => {
    const f = kind?.fields.find((x) => x.code === code)
    const title = f ? packText(f.title) : code
    const text = value === null ? t('matter.cleared') : formatFieldValue(f ?? { type: 'text' }, value, locale, names)
    return t('matterLog.pair', { k: title, v: text })
  })
}

function partyLines(kind: KindDef | undefined, changes: Data, names: NameResolvers): string[] {
  return Object.entries(changes).map(([code, value]) => {
    const p = kind?.parties.find((x) => x.code === code)
    const resolve = p?.type === 'unit' ? names.unit : names.person
    const list = ids(value).map((id) => resolve?.(id) ?? id)
    return t('matterLog.pair', { k: partyName(kind, code), v: list.length > 0 ? list.join('、') : t('matter.cleared') })
  })
}

function peopleText(list: string[], names: NameResolvers): string {
  return list.map((id) => names.person?.(id) ?? id).join('、')
}

/** One journal entry of a matter as a timeline item. Unknown types keep their raw type and data. */
export function describeMatterEntry(e: JournalEntry, kind: KindDef | undefined, locale: string, names: NameResolvers = {}): TimelineItem {
  const d = obj(e.data)
  const base = { seq: e.seq, at: e.at, actor: e.actor, type: e.type }
  const label = journalTypeLabel(e.type)
  const lines: string[] = []
  let title = label
  let tone: TimelineItem['tone'] = 'primary'
  switch (e.type) {
    case 'matter.opened':
      if (d.number) lines.push(t('matterLog.number', { number: str(d.number) }))
      if (d.state) lines.push(t('matterLog.state', { state: stateName(kind, str(d.state)) }))
      lines.push(...fieldLines(kind, obj(d.fields), locale, names), ...partyLines(kind, obj(d.parties), names))
      break
    case 'matter.acted': {
      title = t('matterLog.acted', { action: actionName(kind, str(d.action)) })
      const from = str(d.from)
      const to = str(d.to)
      if (from && to && from !== to) lines.push(`${stateName(kind, from)} → ${stateName(kind, to)}`)
      lines.push(...fieldLines(kind, obj(d.changes), locale, names), ...partyLines(kind, obj(d.partyChanges), names))
      const signers = ids(d.signers)
      if (signers.length > 0) lines.push(t('matterLog.signers', { names: peopleText(signers, names) }))
      if (d.comment) lines.push(t('matterLog.comment', { text: str(d.comment) }))
      const toState = kind?.states.find((s) => s.code === to)
      if (toState?.final && from !== to) tone = 'success'
      break
    }
    case 'matter.clock-started':
      title = `${label}：${clockName(kind, str(d.clock))}`
      if (d.due) lines.push(t('matterLog.due', { date: formatDay(str(d.due), locale) }))
      break
    case 'matter.clock-stopped':
      title = `${label}：${clockName(kind, str(d.clock))}`
      lines.push(d.late === true ? t('matterLog.late') : t('matterLog.onTime'))
      tone = d.late === true ? 'danger' : 'success'
      break
    case 'matter.clock-paused':
      title = `${label}：${clockName(kind, str(d.clock))}`
      if (d.reason) lines.push(t('matterLog.reason', { text: str(d.reason) }))
      tone = 'info'
      break
    case 'matter.clock-resumed':
      title = `${label}：${clockName(kind, str(d.clock))}`
      break
    case 'matter.clock-step':
      title = d.level ? `${label}：${levelLabel(d.level)}` : label
      if (d.due) lines.push(t('matterLog.due', { date: formatDay(str(d.due), locale) }))
      tone = d.level === 'red' ? 'danger' : d.level === 'yellow' ? 'warning' : 'info'
      break
    case 'matter.notification': {
      const people = ids(d.people)
      if (people.length > 0) lines.push(t('matterLog.notified', { names: peopleText(people, names) }))
      const roles = ids(d.roles)
      if (roles.length > 0) lines.push(t('matterLog.notifiedRoles', { roles: roles.join('、') }))
      tone = d.level === 'red' ? 'danger' : d.level === 'yellow' ? 'warning' : 'info'
      break
    }
    case 'matter.linked-requested':
      lines.push(t('matterLog.kind', { kind: str(d.kind) }))
      break
    case 'matter.published':
      if (d.publication) lines.push(str(d.publication))
      break
    case 'matter.event':
      if (d.name) lines.push(str(d.name))
      tone = 'info'
      break
    case 'matter.linked':
    case 'matter.unlinked':
      lines.push(`${relationLabel(kind, str(d.relation))}${d.otherKind ? ` · ${str(d.otherKind)}` : ''}`)
      break
    case 'matter.suspended':
      if (d.reason) lines.push(t('matterLog.reason', { text: str(d.reason) }))
      tone = 'warning'
      break
    case 'matter.bulletin':
      tone = 'danger'
      break
    case 'matter.confidential-read': {
      const f = kind?.fields.find((x) => x.code === str(d.field))
      lines.push(t('matterLog.field', { field: f ? packText(f.title) : str(d.field) }))
      if (d.name) lines.push(t('matterLog.reader', { name: str(d.name) }))
      tone = 'warning'
      break
    }
    default:
      break
  }
  return { ...base, title, lines, tone }
}
