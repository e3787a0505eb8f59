/** Matter rule codes (409 ProblemDetails `code`) as messages in the reader's language. */
import { isApiError } from '@/api/http'
import { hasKey, t } from '@/i18n'

/** The message for a matter rule code such as `matter.signoff-same-person` (`matter.confidential:field` too), or null. */
export function matterCodeMessage(code: string | null | undefined): string | null {
  if (!code) return null
  const base = code.split(':')[0]
  const key = `matterError.${base}`
  return hasKey(key) ? t(key) : null
}

/** Head line and the server's own words (which name the action, the state, the people) for an error of a matter request. */
export function matterErrorText(e: unknown): { message: string; detail: string | null } {
  if (!isApiError(e)) return { message: e instanceof Error ? e.message : String(e), detail: null }
  const mapped = matterCodeMessage(e.code)
  const server = e.detail ?? e.title
  if (mapped) return { message: mapped, detail: server && server !== mapped ? server : null }
  return { message: e.summary, detail: null }
}
