import { download, http, type Paged, type Query } from './http'
import type { JournalEntry } from './journal'

/** A display text of a pack: Chinese always, English when the pack gives it. */
export interface PackText {
  zh: string
  en: string | null
}

export type FieldType = 'text' | 'number' | 'money' | 'date' | 'choice' | 'person' | 'unit' | 'attachment' | 'list' | 'matter' | 'bool'
export type PartyType = 'person' | 'unit' | 'citizen'
export type Level = 'red' | 'yellow'

export interface FieldDef {
  code: string
  title: PackText
  type: FieldType
  required: boolean
  maxLength: number | null
  options: string[]
  confidential: boolean
  /** a list's item type */
  item?: FieldType | null
  /** the kind a matter field refers to (may be `pack/kind`) */
  kind?: string | null
}

export interface PartyDef {
  code: string
  title: PackText
  type: PartyType
  recused: boolean
  many: boolean
}

export interface StateDef {
  code: string
  title: PackText
  final: boolean
}

export interface ActionDef {
  code: string
  title: PackText
  from: string[]
  to: string
  requires: string[]
  sets: string[]
  /** actor specs such as `party:handler` or `role:discipline`; each needs a different signer */
  signoff: string[]
  /** the question to confirm before acting (Chinese) */
  confirm: string | null
  /** fields required only when a condition holds (the condition as the pack writes it: `term == 限期`) */
  requiredWhen?: Record<string, string>
}

export interface KindDef {
  code: string
  title: PackText
  fields: FieldDef[]
  parties: PartyDef[]
  states: StateDef[]
  actions: ActionDef[]
  clocks: string[]
  /** Who may open one: `role:<code>` (a role of this pack or a system role), `party:<code>`, `citizen`. */
  openBy?: string[]
  citizens?: boolean
  /** Each clock's title by code (时限 names such as 查核时限). */
  clockTitles?: Record<string, PackText>
}

export interface PackDef {
  id: string
  version: number
  title: PackText
  source: string
  kinds: KindDef[]
}

export interface MatterItem {
  id: string
  pack: string
  packVersion: number
  kind: string
  number: string
  title: string
  state: string
  /** the state's title as of the pack version the matter runs under */
  stateTitle: PackText
  final: boolean
  unitId: string
  unitName: string | null
  level: Level | null
  /** yyyy-MM-dd */
  dueOn: string | null
  overdue: boolean
  openedAt: string
}

export interface MatterClock {
  code: string
  /** the time limit in Chinese, e.g. `15日` */
  limit: string
  startedOn: string
  due: string
  state: string
  daysLeft: number
  level: Level | null
}

export interface MatterLink {
  /** `derived-from`, `led-to` or the code of a matter field */
  relation: string
  otherId: string
  otherKind: string
}

/** A field value as the server sends it; a confidential field that has a value is `{confidential: true}`. */
export type FieldValue = string | number | boolean | string[] | number[] | { confidential: true } | null

export interface MatterDetail {
  matter: MatterItem
  fields: Record<string, FieldValue>
  parties: Record<string, string[]>
  clocks: MatterClock[]
  links: MatterLink[]
  suspended: boolean
  availableActions: string[]
  /** the kind as of the pack version the matter runs under — sent only when that is not the current version */
  definition?: KindDef | null
}

/** Filters of GET /matters and GET /matters/export. */
export interface MatterQuery {
  pack?: string
  kind?: string
  state?: string
  level?: Level | 'none'
  unitId?: string
  overdue?: boolean
  mine?: boolean
  partyMember?: string
  open?: boolean
  q?: string
  page?: number
  pageSize?: number
}

export type FieldsBody = Record<string, unknown>
export type PartiesBody = Record<string, string[]>

export interface OpenBody {
  fields: FieldsBody
  parties: PartiesBody
  unitId: string | null
}

export interface ActBody {
  fields: FieldsBody
  parties: PartiesBody
  signers: string[]
  confirmed: boolean
  comment: string | null
}

export interface DashboardRow {
  unitId: string | null
  unitName: string | null
  open: number
  red: number
  yellow: number
  overdue: number
  closed: number
  closedOnTime: number
  /** 0..1, null when nothing was closed */
  onTimeRate: number | null
}

export interface Dashboard {
  units: DashboardRow[]
  totals: DashboardRow
}

const enc = encodeURIComponent

export const listPacks = () => http.get<PackDef[]>('/api/v1/packs', { silent: true })
export const listMatters = (query: MatterQuery, signal?: AbortSignal) =>
  http.get<Paged<MatterItem>>('/api/v1/matters', { query: { ...query } as Query, signal })
export const getMatter = (id: string) => http.get<MatterDetail>(`/api/v1/matters/${enc(id)}`)
/** Errors come back to the form (field errors under the fields, 409 codes as messages). */
/**
 * The answer to opening or acting: the matter's detail, or only its id when the caller may no longer read it (recused:
 * the matter is about the unit they work in). Either way the command was done.
 */
export type MatterAnswer = MatterDetail | { id: string }
export const isDetail = (a: MatterAnswer): a is MatterDetail => 'matter' in a
export const openMatter = (pack: string, kind: string, body: OpenBody) =>
  http.post<MatterAnswer>(`/api/v1/matters/${enc(pack)}/${enc(kind)}`, body, { silent: true })
export const actOnMatter = (id: string, action: string, body: ActBody) =>
  http.post<MatterAnswer>(`/api/v1/matters/${enc(id)}/actions/${enc(action)}`, body, { silent: true })
/** Every reading is journaled: call only when the user asks for it. */
export const readConfidential = (id: string, field: string) =>
  http.get<{ field: string; value: FieldValue }>(`/api/v1/matters/${enc(id)}/confidential/${enc(field)}`)
/** Oldest first. */
export const getMatterHistory = (id: string) => http.get<JournalEntry[]>(`/api/v1/matters/${enc(id)}/history`)
/** The whole story (derived-from / led-to), oldest first. */
/** Where an attachment of a matter is downloaded (the browser sends the session cookie with the link). */
export const attachmentUrl = (matterId: string, attachmentId: string) =>
  `/api/v1/matters/${enc(matterId)}/files/${attachmentId.split('/').map(enc).join('/')}`

export const getMatterChain = (id: string) => http.get<MatterItem[]>(`/api/v1/matters/${enc(id)}/chain`)
export const getDashboard = (query: { pack?: string; unitId?: string }) =>
  http.get<Dashboard>('/api/v1/matters/dashboard', { query: { ...query } })
/** Downloads the .xlsx of the list with the same filters (paging ignored). */
export function exportMatters(query: MatterQuery): Promise<void> {
  const { page: _page, pageSize: _size, ...filters } = query
  void _page
  void _size
  return download('/api/v1/matters/export', { query: { ...filters } as Query }, 'matters.xlsx')
}

/** The monthly bulletin (月度通报) of a pack as a Word document; `month` is `yyyy-MM`. */
export function downloadBulletin(pack: string, month: string): Promise<void> {
  return download('/api/v1/matters/bulletin/document', { query: { pack, month } }, `bulletin-${month}.docx`)
}
