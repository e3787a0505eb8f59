/** The signed-in session, kept in memory (the cookie is HttpOnly; the CSRF token never touches storage). */
import { computed, shallowRef } from 'vue'
import * as api from '@/api/session'
import { setCsrfToken, type ApiError } from '@/api/http'

const current = shallowRef<api.Session | null>(null)
let loaded = false
let probing: Promise<api.Session | null> | null = null

function apply(s: api.Session | null): void {
  current.value = s
  setCsrfToken(s?.csrfToken ?? null)
  loaded = true
}

export const session = computed(() => current.value)
export const isLoggedIn = computed(() => current.value !== null)
export const displayName = computed(() => current.value?.account.personName || current.value?.account.username || '')

export function hasPermission(permission: string): boolean {
  return current.value?.permissions.includes(permission) ?? false
}

/** Asks the server once whether a cookie session exists; later calls reuse the answer. */
export function ensureSession(): Promise<api.Session | null> {
  if (loaded) return Promise.resolve(current.value)
  probing ??= api
    .getSession()
    .then((s) => {
      apply(s)
      return s
    })
    .catch((e: ApiError | Error) => {
      // 401: no session; anything else: treat as signed out and let the login page report it.
      void e
      apply(null)
      return null
    })
    .finally(() => {
      probing = null
    })
  return probing
}

export async function login(username: string, password: string): Promise<api.Session> {
  const s = await api.login({ username, password })
  apply(s)
  return s
}

export async function logout(): Promise<void> {
  try {
    await api.logout()
  } finally {
    apply(null)
  }
}

/** Called when any request answers 401: the cookie has expired or was revoked. */
export function clearSession(): void {
  apply(null)
}

/** For tests. */
export function setSessionForTest(s: api.Session | null): void {
  apply(s)
}
