/** Units and unit kinds, loaded once and shared by the org, accounts and import pages. */
import { computed, shallowRef } from 'vue'
import { listUnitKinds, listUnits, type Unit, type UnitKind } from '@/api/units'
import { buildUnitTree } from '@/utils/tree'
import { localTitle } from '@/i18n'

const units = shallowRef<Unit[]>([])
const kinds = shallowRef<UnitKind[]>([])
let unitsLoaded = false
let kindsLoaded = false

export const unitList = computed(() => units.value)
export const unitTree = computed(() => buildUnitTree(units.value))
export const unitById = computed(() => new Map(units.value.map((u) => [u.id, u])))
export const kindList = computed(() => kinds.value)

export async function loadUnits(force = false): Promise<Unit[]> {
  if (!unitsLoaded || force) {
    units.value = await listUnits()
    unitsLoaded = true
  }
  return units.value
}

/** For pages where unit names are a nicety (matters): no error toast, an empty tree when units cannot be read. */
export async function loadUnitsQuietly(): Promise<Unit[]> {
  if (!unitsLoaded) {
    try {
      units.value = await listUnits(true)
      unitsLoaded = true
    } catch {
      /* the caller lacks org.read: names fall back to what the matter carries */
    }
  }
  return units.value
}

export async function loadKinds(): Promise<UnitKind[]> {
  if (!kindsLoaded) {
    kinds.value = await listUnitKinds()
    kindsLoaded = true
  }
  return kinds.value
}

/** Kind title in the current language, falling back to the server's `kindTitle`. */
export function kindTitle(kind: string, fallback?: string): string {
  const k = kinds.value.find((x) => x.code === kind)
  return k ? localTitle(k) : fallback || kind
}

/** Replace or add one unit after a save, without reloading the list. */
export function upsertUnit(u: Unit): void {
  const list = units.value.filter((x) => x.id !== u.id)
  list.push(u)
  units.value = list
}

export function resetUnitsForTest(): void {
  units.value = []
  kinds.value = []
  unitsLoaded = false
  kindsLoaded = false
}
