import { http } from './http'

export interface OrgStats {
  byKind: { kind: string; title: string; count: number }[]
  topUnits: { unitId: string; name: string; people: number }[]
  totals: { units: number; people: number; accounts: number }
}

export const getOrgStats = () => http.get<OrgStats>('/api/v1/stats/org')
