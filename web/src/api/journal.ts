import { http, type Paged } from './http'

export interface JournalEntry {
  seq: number
  /** ISO 8601, UTC */
  at: string
  actor: string
  type: string
  entityType: string
  entityId: string
  data: Record<string, unknown> | null
  hash: string
  prevHash: string
}

export interface JournalQuery {
  beforeSeq?: number
  pageSize?: number
  entityType?: string
}

export interface VerifyResult {
  count: number
  ok: boolean
  brokenAt: number | null
  message: string | null
}

export type HistoryEntityType = 'unit' | 'person' | 'post' | 'account' | 'role-assignment'

export const listJournal = (query: JournalQuery) => http.get<Paged<JournalEntry>>('/api/v1/journal', { query: { ...query } })
export const verifyJournal = () => http.get<VerifyResult>('/api/v1/journal/verify')
/** Oldest first. */
export const getHistory = (entityType: HistoryEntityType, id: string) =>
  http.get<JournalEntry[]>(`/api/v1/history/${entityType}/${encodeURIComponent(id)}`)
