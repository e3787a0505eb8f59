import { http } from './http'

export interface ImportResult {
  units: number
  people: number
  posts: number
}

export const TEMPLATE_URL = '/api/v1/import/org/template'

/** multipart field `file`; row errors come back as ApiError.rowErrors. */
export function importOrg(file: File): Promise<ImportResult> {
  const form = new FormData()
  form.append('file', file, file.name)
  return http.upload<ImportResult>('/api/v1/import/org', form, { silent: true })
}
