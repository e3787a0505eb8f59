/** Person names by id (GET /people/{id}), fetched once each and only when shown. */
import { reactive } from 'vue'
import { getPersonQuiet } from '@/api/people'

const names = reactive(new Map<string, string>())
const pending = new Map<string, Promise<void>>()

/** The name when known; starts a lookup otherwise (the caller re-renders when it arrives). */
export function personName(id: string): string | undefined {
  const known = names.get(id)
  if (known !== undefined) return known || undefined
  if (!pending.has(id)) {
    pending.set(
      id,
      getPersonQuiet(id)
        .then((p) => {
          names.set(id, p.name)
        })
        .catch(() => {
          names.set(id, '') // not visible to the caller: show the id
        })
        .finally(() => pending.delete(id)),
    )
  }
  return undefined
}

export function rememberPerson(id: string, name: string): void {
  names.set(id, name)
}
