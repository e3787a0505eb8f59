/**
 * The one HTTP client of the console.
 *
 * - same-origin cookie session (`credentials: 'same-origin'`);
 * - `X-CSRF-Token` (from the session response, kept in memory only) on POST/PUT/PATCH/DELETE;
 * - RFC 7807 ProblemDetails errors become an {@link ApiError} (title, detail, code, field errors, row errors)
 *   and are shown with ElMessage unless the caller asks for `silent`;
 * - a 401 calls the unauthorized handler (the router sends the user to /login).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One row problem of an import file. */
export interface RowError {
  sheet: string
  row: number
  column: string
  message: string
}

/** RFC 7807 body as the server sends it. */
export interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  errors?: Record<string, string[]> | RowError[]
  [extension: string]: unknown
}

export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string | null
  readonly code: string | null
  readonly type: string | null
  /** 400 validation: field name (camelCase) → messages. */
  readonly fieldErrors: Record<string, string[]>
  /** import: problems by sheet/row/column. */
  readonly rowErrors: RowError[]
  readonly problem: ProblemDetails | null

  constructor(status: number, problem: ProblemDetails | null, fallbackTitle?: string) {
    const title = str(problem?.title) ?? fallbackTitle ?? `HTTP ${status}`
    const detail = str(problem?.detail)
    super(detail ?? title)
    this.name = 'ApiError'
    this.status = status
    this.title = title
    this.detail = detail
    this.code = str(problem?.code)
    this.type = str(problem?.type)
    this.problem = problem
    const { fieldErrors, rowErrors } = splitErrors(problem?.errors)
    this.fieldErrors = fieldErrors
    this.rowErrors = rowErrors
  }

  /** First message for a field; matches `code`, `Code` and `body.code` alike. */
  fieldError(field: string): string | undefined {
    const want = field.toLowerCase()
    for (const [key, messages] of Object.entries(this.fieldErrors)) {
      const k = key.toLowerCase()
      if (k === want || k.endsWith('.' + want)) return messages[0]
    }
    return undefined
  }

  /** One line for a toast: the detail, or the title, plus the first field messages. */
  get summary(): string {
    const head = this.detail ?? this.title
    const fields = Object.values(this.fieldErrors).flat()
    if (fields.length === 0) return head
    const extra = fields.slice(0, 3).join('；')
    return head === extra ? head : `${head}：${extra}`
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null
}

function isRowError(v: unknown): v is RowError {
  return typeof v === 'object' && v !== null && 'row' in v && 'message' in v
}

function splitErrors(errors: unknown): { fieldErrors: Record<string, string[]>; rowErrors: RowError[] } {
  const fieldErrors: Record<string, string[]> = {}
  const rowErrors: RowError[] = []
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (isRowError(e)) {
        const o = e as unknown as Record<string, unknown>
        rowErrors.push({
          sheet: String(o.sheet ?? ''),
          row: Number(o.row),
          column: String(o.column ?? ''),
          message: String(o.message ?? ''),
        })
      }
    }
  } else if (typeof errors === 'object' && errors !== null) {
    for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
      const list = Array.isArray(value) ? value.map(String) : [String(value)]
      const name = key.length > 0 ? key[0].toLowerCase() + key.slice(1) : key
      fieldErrors[name] = [...(fieldErrors[name] ?? []), ...list]
    }
  }
  return { fieldErrors, rowErrors }
}

/** Parse an error response into an ApiError; never throws. */
export async function parseProblem(res: Response): Promise<ApiError> {
  let problem: ProblemDetails | null = null
  try {
    const text = await res.text()
    if (text.length > 0) {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) problem = parsed as ProblemDetails
    }
  } catch {
    problem = null
  }
  return new ApiError(res.status, problem, res.statusText || undefined)
}

// ---- configuration (kept in memory only) ----

let csrfToken: string | null = null
let onUnauthorized: (() => void) | null = null
/** How errors are shown; main.ts installs ElMessage. Kept injectable so this module has no UI dependency. */
let notify: (message: string) => void = (message) => {
  console.error(message)
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}
export function getCsrfToken(): string | null {
  return csrfToken
}
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler
}
export function setErrorNotifier(fn: (message: string) => void): void {
  notify = fn
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  query?: Query
  /** JSON body. */
  body?: unknown
  /** multipart body (wins over `body`). */
  form?: FormData
  /** do not show the error with ElMessage (the caller shows it). */
  silent?: boolean
  /** do not route to /login on 401 (login page, session probe). */
  noAuthRedirect?: boolean
  signal?: AbortSignal
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path
}

const unsafe: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * One fetch with the session cookie; what goes wrong becomes an {@link ApiError} — shown unless `silent`, and a 401
 * sends the user to the login page. Shared by JSON requests and file downloads.
 */
async function send(url: string, init: RequestInit, opts: RequestOptions): Promise<Response> {
  let res: Response
  try {
    res = await fetch(url, { ...init, credentials: 'same-origin' })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    const err = new ApiError(0, { title: 'Network error', detail: e instanceof Error ? e.message : String(e) })
    if (!opts.silent) notify(err.summary)
    throw err
  }
  if (!res.ok) {
    const err = await parseProblem(res)
    if (res.status === 401 && !opts.noAuthRedirect) {
      csrfToken = null
      onUnauthorized?.()
    } else if (!opts.silent) {
      notify(err.summary)
    }
    throw err
  }
  return res
}

export async function request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (opts.form) {
    body = opts.form
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (unsafe.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken

  const res = await send(buildUrl(path, opts.query), { method, headers, body, signal: opts.signal }, opts)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  if (text.length === 0) return undefined as T
  const type = res.headers.get('Content-Type') ?? ''
  if (type.includes('json') || type === '') return JSON.parse(text) as T
  return text as unknown as T
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) => request<T>('POST', path, { ...opts, form }),
}

/**
 * The file name of a `Content-Disposition` header: `filename*=UTF-8''…` (RFC 5987, wins) or `filename="…"`;
 * `fallback` when neither is there.
 */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  const name = plain ? (plain[2] ?? plain[1]).trim() : ''
  return name || fallback
}

/**
 * GET a file (same cookie session) and hand it to the browser as a download. Errors are ProblemDetails like any
 * other request: shown unless `silent`, 401 goes to the login page.
 */
export async function download(path: string, opts: RequestOptions = {}, fallbackName = 'download'): Promise<void> {
  const res = await send(buildUrl(path, opts.query), { method: 'GET', signal: opts.signal }, opts)
  const blob = await res.blob()
  const name = filenameFromDisposition(res.headers.get('Content-Disposition'), fallbackName)
  const url = URL.createObjectURL(blob)
  try {
    const a = document.createElement('a')
    a.href = url
    a.download = name
    a.style.display = 'none'
    document.body.appendChild(a)
    a.click()
    a.remove()
  } finally {
    // give the browser a moment to start the download before the URL goes away
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

/** A paged list as the server returns it. */
export interface Paged<T> {
  items: T[]
  total: number
}
