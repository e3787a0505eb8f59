import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { ensureSession, hasPermission } from '@/store/session'
import type { MessageKey } from '@/i18n'
import { safeRedirect } from '@/utils/redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** no session needed */
    public?: boolean
    /** the session must hold this permission */
    permission?: string
    /** i18n key of the page title */
    title?: MessageKey
  }
}

const Layout = () => import('@/layout/index.vue')

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/login/index.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('@/views/welcome/index.vue'), meta: { title: 'nav.home' } },
      { path: 'org', name: 'org', component: () => import('@/views/org/index.vue'), meta: { title: 'nav.org' } },
      { path: 'accounts', name: 'accounts', component: () => import('@/views/accounts/index.vue'), meta: { title: 'nav.accounts' } },
      {
        path: 'journal',
        name: 'journal',
        component: () => import('@/views/journal/index.vue'),
        meta: { title: 'nav.journal', permission: 'journal.read' },
      },
      {
        path: 'import',
        name: 'import',
        component: () => import('@/views/import/index.vue'),
        meta: { title: 'nav.import', permission: 'org.write' },
      },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/views/error/404.vue'), meta: { title: 'error.notFound' } },
    ],
  },
]

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const s = await ensureSession()
    if (to.meta.public) {
      if (to.name === 'login' && s) return { path: safeRedirect(to.query.redirect) }
      return true
    }
    if (!s) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    if (to.meta.permission && !hasPermission(to.meta.permission)) return { name: 'home' }
    return true
  })
}


export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory('/'), routes })
  installGuards(router)
  return router
}
