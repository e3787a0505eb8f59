import { http } from './http'

export interface Unit {
  id: string
  code: string
  name: string
  kind: string
  kindTitle: string
  parentId: string | null
  depth: number
  peopleCount: number
}

export interface UnitBody {
  code: string
  name: string
  kind: string
  parentId: string | null
}

export interface UnitKind {
  code: string
  titleZh: string
  titleEn: string
}

export const listUnits = (silent = false) => http.get<Unit[]>('/api/v1/units', { silent })
export const getUnit = (id: string) => http.get<Unit>(`/api/v1/units/${encodeURIComponent(id)}`)
export const createUnit = (body: UnitBody) => http.post<Unit>('/api/v1/units', body, { silent: true })
export const updateUnit = (id: string, body: UnitBody) => http.put<Unit>(`/api/v1/units/${encodeURIComponent(id)}`, body, { silent: true })
export const listUnitKinds = () => http.get<UnitKind[]>('/api/v1/unit-kinds')
