import { computed, reactive, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { exportMatters, listMatters, type MatterItem } from '@/api/matters'
import { findKind, findPack, loadPacks } from '@/store/packs'
import { session } from '@/store/session'
import { loadUnitsQuietly } from '@/store/units'
import { mayOpen } from './access'
import { fromRouteQuery, toApiQuery, toRouteQuery } from './query'
import { DEFAULT_PAGE_SIZE, emptyFilters, type MatterFilters } from './types'

/**
 * The matter list of one pack. The page URL holds the filters (so a link or the back button shows the same list);
 * the user's changes go to the URL, and the URL drives the request.
 */
export function useMatterList(packId: Ref<string>) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive<MatterFilters>(emptyFilters())
  const page = ref(1)
  const pageSize = ref(DEFAULT_PAGE_SIZE)
  const rows = ref<MatterItem[]>([])
  const total = ref(0)
  const loading = ref(false)
  const exporting = ref(false)
  let seq = 0

  const pack = computed(() => findPack(packId.value))
  const kinds = computed(() => pack.value?.kinds ?? [])
  const kind = computed(() => findKind(packId.value, filters.kind))
  const states = computed(() => kind.value?.states ?? [])
  const canOpen = computed(() => mayOpen(packId.value, session.value?.grants ?? [], session.value?.permissions ?? [], kinds.value))

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    try {
      const res = await listMatters(toApiQuery(packId.value, filters, page.value, pageSize.value))
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

  /** Filters from the URL; a pack with several kinds starts on its first kind. */
  function fromRoute(): void {
    const r = fromRouteQuery(route.query)
    if (!('kind' in route.query) && kinds.value.length > 0) r.filters.kind = kinds.value[0].code
    if (r.filters.kind === '*') r.filters.kind = ''
    Object.assign(filters, r.filters)
    page.value = r.page
    pageSize.value = r.pageSize
  }

  function routeQuery() {
    const q = toRouteQuery(filters, page.value, pageSize.value)
    // the first kind is the default; "all kinds" is spelled out
    if (kinds.value.length > 1 && !filters.kind) q.kind = '*'
    else if (kinds.value.length > 0 && filters.kind === kinds.value[0].code) delete q.kind
    return q
  }

  /** Pushes the filters to the URL (which reloads); reloads directly when the URL would not change. */
  function apply(): void {
    const target = router.resolve({ path: route.path, query: routeQuery() })
    if (target.fullPath === route.fullPath) void load()
    else void router.replace(target.fullPath)
  }

  function search(): void {
    page.value = 1
    apply()
  }

  function reset(): void {
    Object.assign(filters, emptyFilters(kinds.value[0]?.code ?? ''))
    search()
  }

  function setKind(code: string): void {
    filters.kind = code
    filters.state = ''
    search()
  }

  async function download(): Promise<void> {
    exporting.value = true
    try {
      await exportMatters(toApiQuery(packId.value, filters))
    } catch {
      /* shown by the HTTP client */
    } finally {
      exporting.value = false
    }
  }

  watch(
    () => [packId.value, route.query] as const,
    async () => {
      if (route.name !== 'matters') return
      await loadPacks()
      fromRoute()
      void load()
    },
    { immediate: true },
  )
  void loadUnitsQuietly()

  return { pack, kinds, kind, states, filters, page, pageSize, rows, total, loading, exporting, canOpen, load, search, reset, setKind, apply, download }
}
