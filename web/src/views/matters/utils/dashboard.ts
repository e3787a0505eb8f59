import { computed, ref, watch, type Ref } from 'vue'
import { getDashboard, type Dashboard, type DashboardRow } from '@/api/matters'
import { findPack, loadPacks } from '@/store/packs'
import { loadUnitsQuietly, unitList } from '@/store/units'
import { unitPath } from '@/utils/tree'
import type { LevelBars, RateBars } from './types'

/** 0..1 → percent with one decimal; null stays null. */
export function percent(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null
  return Math.round(rate * 1000) / 10
}

/** Open matters by unit: red, yellow and the rest (open without a warning, never below zero). */
export function levelBars(rows: DashboardRow[]): LevelBars {
  return {
    labels: rows.map((r) => r.unitName ?? ''),
    red: rows.map((r) => r.red),
    yellow: rows.map((r) => r.yellow),
    normal: rows.map((r) => Math.max(0, r.open - r.red - r.yellow)),
  }
}

export function rateBars(rows: DashboardRow[]): RateBars {
  return { labels: rows.map((r) => r.unitName ?? ''), rates: rows.map((r) => percent(r.onTimeRate)) }
}

/** The dashboard of one pack: counts by the children of a unit (or the caller's top units); click a row to go down. */
export function useDashboard(packId: Ref<string>) {
  const unitId = ref<string | null>(null)
  const data = ref<Dashboard | null>(null)
  const loading = ref(false)
  let seq = 0

  const pack = computed(() => findPack(packId.value))
  const rows = computed(() => data.value?.units ?? [])
  const totals = computed(() => data.value?.totals ?? null)
  const bars = computed(() => levelBars(rows.value))
  const rates = computed(() => rateBars(rows.value))
  const overall = computed(() => percent(totals.value?.onTimeRate))
  const path = computed(() => (unitId.value ? unitPath(unitList.value, unitId.value) : []))
  const hasChildren = (id: string | null) => id !== null && unitList.value.some((u) => u.parentId === id)

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    try {
      const d = await getDashboard({ pack: packId.value, unitId: unitId.value ?? undefined })
      if (mine === seq) data.value = d
    } catch {
      if (mine === seq) data.value = null
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch([packId, unitId], () => void load())
  void Promise.all([loadPacks(), loadUnitsQuietly()]).then(load)

  return { unitId, data, loading, pack, rows, totals, bars, rates, overall, path, hasChildren, load }
}
