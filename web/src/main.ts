import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './router'
import { ElMessage } from 'element-plus'
import { setErrorNotifier, setUnauthorizedHandler } from './api/http'
import { clearSession } from './store/session'
import { t, locale } from './i18n'
import { watch } from 'vue'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/index.css'

const router = createAppRouter()

// Request errors (ProblemDetails) are shown as toasts.
setErrorNotifier((message) => {
  ElMessage({ type: 'error', message, grouping: true, showClose: true })
})

// Any 401 (expired or revoked session): forget the session and go to the login page.
setUnauthorizedHandler(() => {
  clearSession()
  const cur = router.currentRoute.value
  if (cur.name !== 'login') void router.push({ name: 'login', query: { redirect: cur.fullPath } })
})

function updateTitle(): void {
  const key = router.currentRoute.value.meta.title
  document.title = key ? `${t(key)} · ${t('app.fullName')}` : t('app.fullName')
}
router.afterEach(updateTitle)
watch(locale, updateTitle)

createApp(App).use(router).mount('#app')
