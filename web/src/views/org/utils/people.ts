import { reactive, ref, watch, type Ref } from 'vue'
import { listPeople, type Person } from '@/api/people'
import type { Column } from './types'

/** The 人员 tab: server-side search and pagination, optionally over the whole subtree. */
export function usePeople(unitId: Ref<string | null>) {
  const query = reactive({ q: '', subtree: false, page: 1, pageSize: 20 })
  const rows = ref<Person[]>([])
  const total = ref(0)
  const loading = ref(false)
  let seq = 0

  const columns: Column<Person>[] = [
    { prop: 'code', label: 'people.code', width: 140 },
    { prop: 'name', label: 'people.name', minWidth: 100 },
    { prop: 'unitName', label: 'people.unit', minWidth: 140 },
    { prop: 'phone', label: 'people.phone', minWidth: 120 },
    { prop: 'email', label: 'people.email', minWidth: 160 },
  ]

  async function load(): Promise<void> {
    const id = unitId.value
    if (!id) {
      rows.value = []
      total.value = 0
      return
    }
    const mine = ++seq
    loading.value = true
    try {
      const res = await listPeople({ unitId: id, subtree: query.subtree, q: query.q.trim(), page: query.page, pageSize: query.pageSize })
      if (mine === seq) {
        rows.value = res.items
        total.value = res.total
      }
    } catch {
      if (mine === seq) {
        rows.value = []
        total.value = 0
      }
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function search(): void {
    query.page = 1
    void load()
  }

  watch(unitId, () => {
    query.page = 1
    query.q = ''
    void load()
  }, { immediate: true })
  watch(() => query.subtree, search)

  return { query, rows, total, loading, columns, load, search }
}
