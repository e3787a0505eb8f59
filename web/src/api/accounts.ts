import { http, type Paged } from './http'

export interface Account {
  id: string
  username: string
  personId: string | null
  personName: string | null
  unitName: string | null
  disabled: boolean
  lockedUntil: string | null
  failedLogins: number
  lastLoginAt: string | null
}

export interface AccountQuery {
  q?: string
  page?: number
  pageSize?: number
}

export interface CreateAccountBody {
  username: string
  personId: string
  password: string
}

export interface UpdateAccountBody {
  disabled?: boolean
  password?: string
}

export const listAccounts = (query: AccountQuery) => http.get<Paged<Account>>('/api/v1/accounts', { query: { ...query } })
export const createAccount = (body: CreateAccountBody) => http.post<Account>('/api/v1/accounts', body, { silent: true })
export const updateAccount = (id: string, body: UpdateAccountBody) =>
  http.put<Account>(`/api/v1/accounts/${encodeURIComponent(id)}`, body)
export const unlockAccount = (id: string) => http.post<void>(`/api/v1/accounts/${encodeURIComponent(id)}/unlock`)
