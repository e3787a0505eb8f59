// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  buildUrl,
  getCsrfToken,
  http,
  parseProblem,
  setCsrfToken,
  setErrorNotifier,
  setUnauthorizedHandler,
} from '@/api/http'

interface Call {
  url: string
  init: RequestInit
}

/** A fake fetch that records calls and answers with queued responses. */
function fakeFetch(...responses: (Response | Error)[]) {
  const calls: Call[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} })
    const next = responses.shift()
    if (!next) throw new Error('no more fake responses')
    if (next instanceof Error) throw next
    return next
  })
  vi.stubGlobal('fetch', fn)
  return calls
}

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

function header(call: Call, name: string): string | undefined {
  const h = call.init.headers as Record<string, string> | undefined
  return h?.[name]
}

let notified: string[]
let unauthorized: number

beforeEach(() => {
  notified = []
  unauthorized = 0
  setErrorNotifier((m) => notified.push(m))
  setUnauthorizedHandler(() => unauthorized++)
  setCsrfToken(null)
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('requests', () => {
  it('GET sends the cookie, no CSRF header, and drops empty query values', async () => {
    setCsrfToken('tok-1')
    const calls = fakeFetch(json(200, { items: [], total: 0 }))
    const res = await http.get<{ total: number }>('/api/v1/people', {
      query: { unitId: 'u1', subtree: true, q: '', page: 1, missing: undefined, none: null },
    })
    expect(res.total).toBe(0)
    expect(calls[0].url).toBe('/api/v1/people?unitId=u1&subtree=true&page=1')
    expect(calls[0].init.method).toBe('GET')
    expect(calls[0].init.credentials).toBe('same-origin')
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined()
  })

  it('POST/PUT/DELETE carry the CSRF token from memory', async () => {
    setCsrfToken('tok-2')
    const calls = fakeFetch(json(201, { id: 'x' }), json(200, { id: 'x' }), new Response(null, { status: 204 }))
    await http.post('/api/v1/units', { code: 'A', name: '甲' })
    await http.put('/api/v1/units/x', { code: 'A', name: '乙' })
    const deleted = await http.delete('/api/v1/role-assignments/9')
    expect(calls.map((c) => c.init.method)).toEqual(['POST', 'PUT', 'DELETE'])
    for (const c of calls) expect(header(c, 'X-CSRF-Token')).toBe('tok-2')
    expect(header(calls[0], 'Content-Type')).toBe('application/json')
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ code: 'A', name: '甲' })
    expect(deleted).toBeUndefined()
  })

  it('POST without a token sends no CSRF header', async () => {
    const calls = fakeFetch(json(200, {}))
    await http.post('/api/v1/session', { username: 'a', password: 'b' })
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined()
  })

  it('uploads multipart without forcing a Content-Type, with the CSRF header', async () => {
    setCsrfToken('tok-3')
    const calls = fakeFetch(json(200, { units: 1, people: 2, posts: 3 }))
    const form = new FormData()
    form.append('file', new Blob(['a,b']), 'org.csv')
    const res = await http.upload<{ people: number }>('/api/v1/import/org', form)
    expect(res.people).toBe(2)
    expect(calls[0].init.body).toBe(form)
    expect(header(calls[0], 'Content-Type')).toBeUndefined()
    expect(header(calls[0], 'X-CSRF-Token')).toBe('tok-3')
  })

  it('buildUrl appends to an existing query string', () => {
    expect(buildUrl('/a?x=1', { y: 2 })).toBe('/a?x=1&y=2')
    expect(buildUrl('/a', {})).toBe('/a')
    expect(buildUrl('/a', { q: '办公室' })).toBe('/a?q=%E5%8A%9E%E5%85%AC%E5%AE%A4')
  })
})

describe('ProblemDetails errors', () => {
  it('parses a 400 validation problem into field errors and shows it', async () => {
    fakeFetch(
      json(
        400,
        {
          type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
          title: 'One or more validation errors occurred.',
          status: 400,
          detail: '请检查输入',
          code: 'validation',
          errors: { Code: ['编码已存在'], 'body.name': ['名称不能为空', '名称过长'] },
        },
        'application/problem+json',
      ),
    )
    const err = await http.post('/api/v1/units', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.status).toBe(400)
    expect(e.title).toBe('One or more validation errors occurred.')
    expect(e.detail).toBe('请检查输入')
    expect(e.code).toBe('validation')
    expect(e.fieldErrors).toEqual({ code: ['编码已存在'], 'body.name': ['名称不能为空', '名称过长'] })
    expect(e.fieldError('code')).toBe('编码已存在')
    expect(e.fieldError('name')).toBe('名称不能为空')
    expect(e.rowErrors).toEqual([])
    expect(notified).toEqual(['请检查输入：编码已存在；名称不能为空；名称过长'])
  })

  it('parses import row errors', async () => {
    fakeFetch(
      json(400, {
        title: '导入文件有错误',
        status: 400,
        code: 'import.invalid',
        errors: [
          { sheet: '单位', row: 3, column: '上级编码', message: '找不到上级单位 X9' },
          { sheet: '人员', row: 7, column: '邮箱', message: '邮箱格式不正确' },
        ],
      }),
    )
    const e = (await http.upload('/api/v1/import/org', new FormData(), { silent: true }).catch((x: unknown) => x)) as ApiError
    expect(e.code).toBe('import.invalid')
    expect(e.rowErrors).toEqual([
      { sheet: '单位', row: 3, column: '上级编码', message: '找不到上级单位 X9' },
      { sheet: '人员', row: 7, column: '邮箱', message: '邮箱格式不正确' },
    ])
    expect(e.fieldErrors).toEqual({})
    expect(e.message).toBe('导入文件有错误')
    expect(notified).toEqual([]) // silent
  })

  it('routes a 401 to the login handler without a toast and forgets the CSRF token', async () => {
    setCsrfToken('old')
    fakeFetch(json(401, { title: 'Unauthorized', status: 401 }))
    const e = (await http.get('/api/v1/units').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(401)
    expect(unauthorized).toBe(1)
    expect(notified).toEqual([])
    expect(getCsrfToken()).toBeNull()
  })

  it('does not redirect a login failure (401 auth.invalid / auth.locked)', async () => {
    fakeFetch(json(401, { title: '登录失败', status: 401, detail: '账号已锁定至 2025-01-01 10:00', code: 'auth.locked', lockedUntil: '2025-01-01T02:00:00Z' }))
    const e = (await http
      .post('/api/v1/session', { username: 'a', password: 'b' }, { silent: true, noAuthRedirect: true })
      .catch((x: unknown) => x)) as ApiError
    expect(unauthorized).toBe(0)
    expect(e.code).toBe('auth.locked')
    expect(e.detail).toBe('账号已锁定至 2025-01-01 10:00')
    expect(e.problem?.lockedUntil).toBe('2025-01-01T02:00:00Z')
  })

  it('copes with a non-JSON error body', async () => {
    fakeFetch(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }))
    const e = (await http.get('/api/v1/units').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(502)
    expect(e.title).toBe('Bad Gateway')
    expect(e.problem).toBeNull()
    expect(notified).toEqual(['Bad Gateway'])
  })

  it('reports network failures as status 0', async () => {
    fakeFetch(new TypeError('Failed to fetch'))
    const e = (await http.get('/api/v1/units').catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(0)
    expect(notified).toHaveLength(1)
  })

  it('parseProblem never throws on an empty body', async () => {
    const e = await parseProblem(new Response(null, { status: 500 }))
    expect(e.status).toBe(500)
    expect(e.title).toBe('HTTP 500')
  })
})
