import { http, type Paged } from './http'

export interface Person {
  id: string
  code: string
  name: string
  unitId: string
  unitName: string
  phone: string | null
  email: string | null
}

export interface PersonBody {
  code: string
  name: string
  unitId: string
  phone: string | null
  email: string | null
}

export interface PeopleQuery {
  unitId?: string
  subtree?: boolean
  q?: string
  page?: number
  pageSize?: number
}

export const listPeople = (query: PeopleQuery) => http.get<Paged<Person>>('/api/v1/people', { query: { ...query } })
export const getPerson = (id: string) => http.get<Person>(`/api/v1/people/${encodeURIComponent(id)}`)
export const createPerson = (body: PersonBody) => http.post<Person>('/api/v1/people', body, { silent: true })
export const updatePerson = (id: string, body: PersonBody) =>
  http.put<Person>(`/api/v1/people/${encodeURIComponent(id)}`, body, { silent: true })
/** For name lookups: a person the caller may not see just stays an id. */
export const getPersonQuiet = (id: string) => http.get<Person>(`/api/v1/people/${encodeURIComponent(id)}`, { silent: true })
