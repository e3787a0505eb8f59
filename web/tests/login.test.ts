import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent } from 'vue'
import LoginPage from '@/views/login/index.vue'
import { getCsrfToken, setErrorNotifier } from '@/api/http'
import { hasPermission, session, setSessionForTest } from '@/store/session'
import { setLocale } from '@/i18n'

const Home = defineComponent({ template: '<div>home</div>' })

function makeRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Home },
      { path: '/org', name: 'org', component: Home },
      { path: '/login', name: 'login', component: LoginPage },
    ],
  })
}

function respond(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const okSession = {
  account: { id: 'a1', username: 'admin', personId: 'p1', personName: '张三' },
  grants: [{ role: 'admin', unitId: 'u1', unitName: '市政府', subtree: true }],
  permissions: ['org.read', 'org.write', 'journal.read'],
  csrfToken: 'csrf-abc',
}

async function mountLogin(path = '/login') {
  const router = makeRouter()
  await router.push(path)
  await router.isReady()
  const wrapper = mount(LoginPage, { global: { plugins: [router] }, attachTo: document.body })
  return { wrapper, router }
}

async function fill(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper'], username: string, password: string) {
  await wrapper.get('[data-test="login-username"]').setValue(username)
  await wrapper.get('[data-test="login-password"]').setValue(password)
  await wrapper.get('form').trigger('submit')
  await settle()
}

/** async-validator and the form resolve over a few macrotasks. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

beforeEach(() => {
  setLocale('zh-CN')
  setSessionForTest(null)
  setErrorNotifier(() => undefined)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('login page', () => {
  it('renders Chinese labels and the test hooks', async () => {
    const { wrapper } = await mountLogin()
    expect(wrapper.text()).toContain('长效 · Changxiao')
    expect(wrapper.text()).toContain('用户名')
    expect(wrapper.text()).toContain('密码')
    expect(wrapper.find('input[data-test="login-username"]').exists()).toBe(true)
    expect(wrapper.find('input[data-test="login-password"]').attributes('type')).toBe('password')
    expect(wrapper.get('[data-test="login-submit"]').text()).toBe('登录')
    wrapper.unmount()
  })

  it('does not call the server when fields are empty', async () => {
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountLogin()
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(wrapper.findAll('.el-form-item.is-error')).toHaveLength(2)
    wrapper.unmount()
  })

  it('shows the server detail on a wrong password and stays on /login', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => respond(401, { title: '登录失败', status: 401, detail: '用户名或密码错误', code: 'auth.invalid' })))
    const { wrapper, router } = await mountLogin()
    await fill(wrapper, 'admin', 'wrong')
    expect(wrapper.get('[data-test="login-error"]').text()).toContain('用户名或密码错误')
    expect(router.currentRoute.value.name).toBe('login')
    expect(session.value).toBeNull()
    wrapper.unmount()
  })

  it('shows why and how long to wait when the network made too many attempts (429)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        respond(429, { title: '登录尝试过于频繁，请稍后再试', status: 429, detail: '同一网络每分钟最多 20 次，请 42 秒后再试', code: 'auth.rate-limited' }),
      ),
    )
    const { wrapper, router } = await mountLogin()
    await fill(wrapper, 'admin', 'x')
    const text = wrapper.get('[data-test="login-error"]').text()
    expect(text).toContain('登录尝试过于频繁')
    expect(text).toContain('42 秒后再试')
    expect(router.currentRoute.value.name).toBe('login')
    wrapper.unmount()
  })

  it('logs in, keeps the CSRF token in memory and goes to the redirect target', async () => {
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => respond(200, okSession))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountLogin('/login?redirect=/org')
    await fill(wrapper, ' admin ', 'secret')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(String(url)).toBe('/api/v1/session')
    expect(init?.method).toBe('POST')
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'admin', password: 'secret' })
    expect(getCsrfToken()).toBe('csrf-abc')
    expect(hasPermission('journal.read')).toBe(true)
    expect(hasPermission('account.write')).toBe(false)
    expect(router.currentRoute.value.fullPath).toBe('/org')
    expect(localStorage.getItem('csrf')).toBeNull()
    wrapper.unmount()
  })

  it('switches the page to English', async () => {
    const { wrapper } = await mountLogin()
    await wrapper.get('[data-test="lang-switch"]').trigger('click')
    expect(wrapper.get('[data-test="login-submit"]').text()).toBe('Sign in')
    expect(wrapper.text()).toContain('Username')
    wrapper.unmount()
  })
})
