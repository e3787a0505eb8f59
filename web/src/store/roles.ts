/** Roles (for titles and the assignment form), loaded once. */
import { computed, shallowRef } from 'vue'
import { http } from '@/api/http'
import type { Role } from '@/api/roles'
import { localTitle } from '@/i18n'

const roles = shallowRef<Role[]>([])
let loaded: Promise<Role[]> | null = null

export const roleList = computed(() => roles.value)

export function loadRoles(): Promise<Role[]> {
  // silent: role titles are a nicety on most pages; the raw code is shown if this fails
  loaded ??= http
    .get<Role[]>('/api/v1/roles', { silent: true })
    .then((list) => (roles.value = list))
    .catch(() => {
      loaded = null
      return roles.value
    })
  return loaded
}

export function roleTitle(code: string): string {
  const r = roles.value.find((x) => x.code === code)
  return r ? localTitle(r) : code
}
