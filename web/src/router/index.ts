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
const MatterDetail = () => import('@/views/matters/detail.vue')

/** A matter id: the links of notifications are `/matters/<id>`, which must not be read as a pack. */
export const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

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
      { path: 'work', name: 'work', component: () => import('@/views/work/index.vue'), meta: { title: 'nav.work' } },
      { path: `matters/:id(${GUID})`, name: 'matter-by-id', component: MatterDetail, meta: { title: 'matter.detailTitle' } },
      { path: 'matters/:pack', name: 'matters', component: () => import('@/views/matters/index.vue'), meta: { title: 'nav.matters' } },
      { path: 'matters/:pack/new', name: 'matter-open', component: () => import('@/views/matters/open.vue'), meta: { title: 'matter.new' } },
      {
        path: 'matters/:pack/dashboard',
        name: 'matter-dashboard',
        component: () => import('@/views/matters/dashboard.vue'),
        meta: { title: 'matter.viewDashboard' },
      },
      { path: `matters/:pack/:id(${GUID})`, name: 'matter', component: MatterDetail, meta: { title: 'matter.detailTitle' } },
      { path: 'matter/:id', redirect: (to) => `/matters/${String(to.params.id)}` },
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
