import { computed, onMounted, ref } from 'vue'
import { getOrgStats, type OrgStats } from '@/api/stats'
import type { BarData, Counter } from './types'

export function useWelcome() {
  const stats = ref<OrgStats | null>(null)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      stats.value = await getOrgStats()
    } catch {
      stats.value = null // shown by the HTTP client
    } finally {
      loading.value = false
    }
  }

  const counters = computed<Counter[]>(() => {
    const t = stats.value?.totals
    return [
      { key: 'units', value: t?.units ?? 0 },
      { key: 'people', value: t?.people ?? 0 },
      { key: 'accounts', value: t?.accounts ?? 0 },
    ]
  })

  const byKind = computed<BarData>(() => ({
    labels: stats.value?.byKind.map((k) => k.title || k.kind) ?? [],
    values: stats.value?.byKind.map((k) => k.count) ?? [],
  }))

  const topUnits = computed<BarData>(() => ({
    labels: stats.value?.topUnits.map((u) => u.name) ?? [],
    values: stats.value?.topUnits.map((u) => u.people) ?? [],
  }))

  onMounted(load)
  return { stats, loading, counters, byKind, topUnits, load }
}
