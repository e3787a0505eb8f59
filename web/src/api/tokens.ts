import { http } from './http'

export interface ApiToken {
  id: string
  name: string
  createdAt: string
  lastUsedAt: string | null
  revoked: boolean
}

/** `token` is shown once; the server keeps only its hash. */
export interface CreatedToken {
  id: string
  name: string
  token: string
}

export const listTokens = () => http.get<ApiToken[]>('/api/v1/tokens')
export const createToken = (name: string) => http.post<CreatedToken>('/api/v1/tokens', { name })
export const revokeToken = (id: string) => http.delete(`/api/v1/tokens/${encodeURIComponent(id)}`)
