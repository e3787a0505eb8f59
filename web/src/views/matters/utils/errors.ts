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

/**
 * Puts a 400's field errors under the form items they name (`fields.deadline` → item `deadline`; `extra` maps other
 * names, lower-cased, to slots of the form such as `__unit`). Returns true when any error found a place.
 */
export function attachFieldErrors(e: unknown, codes: string[], errors: Record<string, string | undefined>, extra: Record<string, string> = {}): boolean {
  if (!isApiError(e)) return false
  let attached = false
  for (const [key, messages] of Object.entries(e.fieldErrors)) {
    const code = (key.split('.').pop() ?? key).toLowerCase()
    const target = codes.find((c) => c.toLowerCase() === code) ?? extra[code]
    if (target) {
      errors[target] = messages.join('；')
      attached = true
    }
  }
  return attached
}
