import type { Level } from '@/api/matters'

/** The warning filter: a colour, `none` (no warning) or `all`. */
export type LevelFilter = Level | 'none' | 'all'
/** Open (在办), closed (已办结) or both. */
export type OpenFilter = 'open' | 'closed' | 'all'

/** The filters of a matter list, as the page holds them. */
export interface MatterFilters {
  kind: string
  /** a state code, or '' for any */
  state: string
  level: LevelFilter
  /** the unit whose subtree is shown, or null for everything visible */
  unitId: string | null
  overdue: boolean
  /** only matters where the caller is a party */
  mine: boolean
  /** only matters where this person is a party (ignored by the server while `mine` is on) */
  partyMember: string | null
  open: OpenFilter
  q: string
}

export const PAGE_SIZES = [10, 20, 50, 100] as const
export const DEFAULT_PAGE_SIZE = 20

export function emptyFilters(kind = ''): MatterFilters {
  return { kind, state: '', level: 'all', unitId: null, overdue: false, mine: false, partyMember: null, open: 'all', q: '' }
}

/** The chart data of the dashboard, one entry per unit. */
export interface LevelBars {
  labels: string[]
  red: number[]
  yellow: number[]
  /** open matters with no warning */
  normal: number[]
}

export interface RateBars {
  labels: string[]
  /** percent 0..100, null when nothing closed */
  rates: (number | null)[]
}
