import { http, type Paged } from './http'

/** One message of the caller's own in-app inbox (a deadline warning, …). */
export interface InboxItem {
  id: string
  subject: string
  body: string
  /** a console path such as `/matters/<id>`, or null */
  link: string | null
  createdAt: string
  readAt: string | null
}

export interface InboxQuery {
  unread?: boolean
  page?: number
  pageSize?: number
}

export const listInbox = (query: InboxQuery) => http.get<Paged<InboxItem>>('/api/v1/inbox', { query: { ...query } })
export const markInboxRead = (id: string) => http.post<InboxItem>(`/api/v1/inbox/${encodeURIComponent(id)}/read`)
/** Polled by the top bar: silent, a failure just leaves the badge as it was. */
export const getUnreadCount = () => http.get<{ count: number }>('/api/v1/inbox/unread-count', { silent: true })
