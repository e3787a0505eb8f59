/** Matter list filters ↔ the API query (GET /matters, /matters/export) and the page URL. */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { MatterQuery } from '@/api/matters'
import { DEFAULT_PAGE_SIZE, emptyFilters, type LevelFilter, type MatterFilters, type OpenFilter } from './types'

/** The API query: empty filters are left out; `partyMember` only when `mine` is off. */
export function toApiQuery(pack: string, f: MatterFilters, page?: number, pageSize?: number): MatterQuery {
  const q: MatterQuery = { pack }
  if (f.kind) q.kind = f.kind
  if (f.state) q.state = f.state
  if (f.level !== 'all') q.level = f.level
  if (f.unitId) q.unitId = f.unitId
  if (f.overdue) q.overdue = true
  if (f.mine) q.mine = true
  else if (f.partyMember) q.partyMember = f.partyMember
  if (f.open !== 'all') q.open = f.open === 'open'
  const text = f.q.trim()
  if (text) q.q = text
  if (page !== undefined) q.page = page
  if (pageSize !== undefined) q.pageSize = pageSize
  return q
}

/** `a=1&b=2` for a query, in insertion order, empty values dropped (as the HTTP client sends it). */
export function queryString(q: MatterQuery): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  return params.toString()
}

/** The page URL's query: only what differs from the defaults, so a plain list has a plain URL. */
export function toRouteQuery(f: MatterFilters, page: number, pageSize: number): LocationQueryRaw {
  const r: LocationQueryRaw = {}
  if (f.kind) r.kind = f.kind
  if (f.state) r.state = f.state
  if (f.level !== 'all') r.level = f.level
  if (f.unitId) r.unit = f.unitId
  if (f.overdue) r.overdue = '1'
  if (f.mine) r.mine = '1'
  if (f.partyMember) r.member = f.partyMember
  if (f.open !== 'all') r.open = f.open
  if (f.q.trim()) r.q = f.q.trim()
  if (page > 1) r.page = String(page)
  if (pageSize !== DEFAULT_PAGE_SIZE) r.size = String(pageSize)
  return r
}

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s : ''
}

const LEVELS: readonly LevelFilter[] = ['red', 'yellow', 'none', 'all']
const OPENS: readonly OpenFilter[] = ['open', 'closed', 'all']

/** Reads the filters back from the URL; anything unknown falls back to the default. */
export function fromRouteQuery(r: LocationQuery): { filters: MatterFilters; page: number; pageSize: number } {
  const f = emptyFilters(one(r.kind))
  f.state = one(r.state)
  const level = one(r.level) as LevelFilter
  f.level = LEVELS.includes(level) ? level : 'all'
  f.unitId = one(r.unit) || null
  f.overdue = one(r.overdue) === '1'
  f.mine = one(r.mine) === '1'
  f.partyMember = one(r.member) || null
  const open = one(r.open) as OpenFilter
  f.open = OPENS.includes(open) ? open : 'all'
  f.q = one(r.q)
  const page = Number.parseInt(one(r.page), 10)
  const size = Number.parseInt(one(r.size), 10)
  return {
    filters: f,
    page: Number.isFinite(page) && page > 0 ? page : 1,
    pageSize: Number.isFinite(size) && size > 0 && size <= 200 ? size : DEFAULT_PAGE_SIZE,
  }
}
