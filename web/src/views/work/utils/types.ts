/** Paging of one of the two lists of the 我的待办 page. */
export interface PageState {
  page: number
  pageSize: number
}
