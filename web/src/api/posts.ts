import { http } from './http'

export type Rank = 'top' | 'principal' | 'deputy' | 'staff'
export const RANKS: readonly Rank[] = ['top', 'principal', 'deputy', 'staff']

export interface Post {
  id: string
  unitId: string
  title: string
  rank: Rank
  holderId: string | null
  holderName: string | null
}

export interface PostBody {
  unitId: string
  title: string
  rank: Rank
  holderId: string | null
}

export const listPosts = (unitId: string) => http.get<Post[]>('/api/v1/posts', { query: { unitId } })
export const createPost = (body: PostBody) => http.post<Post>('/api/v1/posts', body, { silent: true })
export const updatePost = (id: string, body: PostBody) => http.put<Post>(`/api/v1/posts/${encodeURIComponent(id)}`, body, { silent: true })
