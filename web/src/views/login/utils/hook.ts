import { computed, reactive, ref, useTemplateRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { FormInstance, FormRules } from 'element-plus'
import { isApiError } from '@/api/http'
import { login } from '@/store/session'
import { safeRedirect } from '@/utils/redirect'
import { t } from '@/i18n'
import type { LoginForm } from './types'

export function useLogin() {
  const router = useRouter()
  const route = useRoute()
  const formRef = useTemplateRef<FormInstance>('formRef')
  const form = reactive<LoginForm>({ username: '', password: '' })
  const loading = ref(false)
  /** The server's message (ProblemDetails detail) for the last failed attempt. */
  const error = ref<string | null>(null)
  const errorExtra = ref<string | null>(null)

  const rules = computed<FormRules<LoginForm>>(() => ({
    username: [{ required: true, message: t('login.usernameRequired'), trigger: 'blur' }],
    password: [{ required: true, message: t('login.passwordRequired'), trigger: 'blur' }],
  }))

  async function submit(): Promise<void> {
    if (loading.value) return
    const valid = formRef.value ? await formRef.value.validate().catch(() => false) : true
    if (!valid) return
    loading.value = true
    error.value = null
    errorExtra.value = null
    try {
      await login(form.username.trim(), form.password)
      form.password = ''
      await router.push(safeRedirect(route.query.redirect))
    } catch (e) {
      if (isApiError(e) && (e.status === 429 || e.status === 503)) {
        // Too many attempts from this network, or too many logins at once: what happened, and how long to wait.
        error.value = e.title
        errorExtra.value = e.detail
      } else if (isApiError(e)) {
        error.value = e.detail ?? e.title
      } else {
        error.value = e instanceof Error ? e.message : String(e)
      }
    } finally {
      loading.value = false
    }
  }

  return { form, rules, loading, error, errorExtra, submit }
}
