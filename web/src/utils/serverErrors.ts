import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { isApiError } from '@/api/http'

/**
 * Field errors from a 400 ProblemDetails, for `<el-form-item :error="errors.of('code')">`.
 * Errors that are not about one field are shown with ElMessage.
 */
export function useServerErrors() {
  const fields = reactive<Record<string, string>>({})

  function clear(): void {
    for (const k of Object.keys(fields)) delete fields[k]
  }

  function of(field: string): string | undefined {
    return fields[field.toLowerCase()]
  }

  /** Shows `e`; returns true when at least one field error was attached to the form. */
  function report(e: unknown): boolean {
    clear()
    if (!isApiError(e)) {
      ElMessage.error(e instanceof Error ? e.message : String(e))
      return false
    }
    let attached = false
    for (const [key, messages] of Object.entries(e.fieldErrors)) {
      const name = (key.split('.').pop() ?? key).toLowerCase()
      if (messages.length > 0) {
        fields[name] = messages.join('；')
        attached = true
      }
    }
    if (!attached || e.detail) ElMessage.error(attached ? (e.detail ?? e.title) : e.summary)
    return attached
  }

  return { fields, of, clear, report }
}
