/** Mechanism packs (GET /packs), loaded once: the menu, the lists, the forms and the detail pages read them. */
import { computed, shallowRef } from 'vue'
import { listPacks, type ActionDef, type FieldDef, type KindDef, type PackDef, type PartyDef, type StateDef } from '@/api/matters'
import { packText } from '@/i18n'

const packs = shallowRef<PackDef[]>([])
let loading: Promise<PackDef[]> | null = null
let loaded = false

export const packList = computed(() => packs.value)

/** Silent: without packs the console still works, the 事项 menu is just empty. */
export function loadPacks(force = false): Promise<PackDef[]> {
  if (loaded && !force) return Promise.resolve(packs.value)
  loading ??= listPacks()
    .then((list) => {
      packs.value = list
      loaded = true
      return list
    })
    .catch(() => packs.value)
    .finally(() => {
      loading = null
    })
  return loading
}

export function findPack(id: string | null | undefined): PackDef | undefined {
  return id ? packs.value.find((p) => p.id === id) : undefined
}

export function findKind(pack: string | null | undefined, kind: string | null | undefined): KindDef | undefined {
  return kind ? findPack(pack)?.kinds.find((k) => k.code === kind) : undefined
}

export function packTitle(id: string): string {
  const p = findPack(id)
  return p ? packText(p.title) : id
}

export function kindTitleOf(pack: string, kind: string): string {
  const k = findKind(pack, kind)
  return k ? packText(k.title) : kind
}

export function stateOf(kind: KindDef | undefined, code: string): StateDef | undefined {
  return kind?.states.find((s) => s.code === code)
}

export function stateTitle(kind: KindDef | undefined, code: string): string {
  const s = stateOf(kind, code)
  return s ? packText(s.title) : code
}

export function fieldOf(kind: KindDef | undefined, code: string): FieldDef | undefined {
  return kind?.fields.find((f) => f.code === code)
}

export function partyOf(kind: KindDef | undefined, code: string): PartyDef | undefined {
  return kind?.parties.find((p) => p.code === code)
}

export function actionOf(kind: KindDef | undefined, code: string): ActionDef | undefined {
  return kind?.actions.find((a) => a.code === code)
}

/** For tests. */
export function setPacksForTest(list: PackDef[]): void {
  packs.value = list
  loaded = true
}
