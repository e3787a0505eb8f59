import { computed, onMounted, reactive, ref, watch } from 'vue'
import { listJournal, verifyJournal, type JournalEntry } from '@/api/journal'
import { locale, t } from '@/i18n'
import { formatNumber } from '@/utils/format'
import type { EntityTypeFilter, VerifyState } from './types'

export const PAGE_SIZE = 50

/**
 * The journal, newest first, paged by `beforeSeq` cursor: page n+1 starts before the last seq of page n.
 * The cursors of earlier pages are kept so "previous" works without the server counting offsets.
 */
export function useJournal() {
  const rows = ref<JournalEntry[]>([])
  const total = ref(0)
  const loading = ref(false)
  const entityType = ref<EntityTypeFilter>('all')
  /** cursors[i] is the beforeSeq of page i (undefined for the newest page). */
  const cursors = ref<(number | undefined)[]>([undefined])
  const page = computed(() => cursors.value.length)
  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / PAGE_SIZE)))
  const hasNext = computed(() => rows.value.length === PAGE_SIZE && page.value < pageCount.value)
  const verify = reactive<VerifyState>({ running: false, result: null })

  async function load(): Promise<void> {
    loading.value = true
    try {
      const res = await listJournal({
        beforeSeq: cursors.value[cursors.value.length - 1],
        pageSize: PAGE_SIZE,
        entityType: entityType.value === 'all' ? undefined : entityType.value,
      })
      rows.value = [...res.items].sort((a, b) => b.seq - a.seq)
      total.value = res.total
    } catch {
      rows.value = []
    } finally {
      loading.value = false
    }
  }

  function first(): void {
    cursors.value = [undefined]
    void load()
  }

  function next(): void {
    const last = rows.value[rows.value.length - 1]
    if (!last) return
    cursors.value = [...cursors.value, last.seq]
    void load()
  }

  function prev(): void {
    if (cursors.value.length <= 1) return
    cursors.value = cursors.value.slice(0, -1)
    void load()
  }

  watch(entityType, first)

  async function runVerify(): Promise<void> {
    verify.running = true
    verify.result = null
    try {
      verify.result = await verifyJournal()
    } catch {
      /* shown by the HTTP client */
    } finally {
      verify.running = false
    }
  }

  const verifyText = computed(() => {
    const r = verify.result
    if (!r) return ''
    if (r.ok) return t('journal.verifyOk', { n: formatNumber(r.count, locale.value) })
    const head = r.brokenAt !== null ? t('journal.verifyBroken', { seq: r.brokenAt, n: formatNumber(r.count, locale.value) }) : t('journal.verifyBrokenNoSeq', { n: formatNumber(r.count, locale.value) })
    return r.message ? `${head}：${r.message}` : head
  })

  onMounted(load)

  return { rows, total, loading, entityType, page, pageCount, hasNext, verify, verifyText, load, first, next, prev, runVerify }
}
