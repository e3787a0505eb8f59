import { http } from './http'

export interface SessionAccount {
  id: string
  username: string
  personId: string | null
  personName: string | null
}

export interface Grant {
  role: string
  unitId: string
  unitName: string
  subtree: boolean
}

export interface Session {
  account: SessionAccount
  grants: Grant[]
  permissions: string[]
  csrfToken: string
}

export interface LoginBody {
  username: string
  password: string
}

/** Errors are shown by the login page itself (wrong password, locked account). */
export const login = (body: LoginBody) => http.post<Session>('/api/v1/session', body, { silent: true, noAuthRedirect: true })
export const getSession = () => http.get<Session>('/api/v1/session', { silent: true, noAuthRedirect: true })
export const logout = () => http.delete('/api/v1/session', { silent: true, noAuthRedirect: true })
