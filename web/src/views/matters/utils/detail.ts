import { computed, reactive, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { JournalEntry } from '@/api/journal'
import {
  getMatter,
  getMatterChain,
  getMatterHistory,
  isDetail,
  readConfidential,
  type ActionDef,
  type FieldValue,
  type MatterAnswer,
  type MatterDetail,
  type MatterItem,
} from '@/api/matters'
import { locale } from '@/i18n'
import { actionOf, findKind, loadPacks } from '@/store/packs'
import { personName } from '@/store/people'
import { loadRoles } from '@/store/roles'
import { loadUnitsQuietly, unitById } from '@/store/units'
import { describeMatterEntry, type TimelineItem } from './journal'
import type { NameResolvers } from './values'

/** Names for ids on the detail page: people looked up one by one (cached), units from the unit store. */
export const nameResolvers: NameResolvers = {
  person: (id) => personName(id),
  unit: (id) => unitById.value.get(id)?.name,
}

/** The matter detail page: the matter, its journal and its chain; confidential reads on request; the action dialog. */
export function useMatterDetail(id: Ref<string>) {
  const route = useRoute()
  const router = useRouter()
  const detail = ref<MatterDetail | null>(null)
  const loading = ref(false)
  const notFound = ref(false)
  const history = ref<JournalEntry[]>([])
  const historyLoading = ref(false)
  const chain = ref<MatterItem[]>([])
  const chainLoading = ref(false)
  const revealed = reactive<Record<string, FieldValue>>({})
  const revealing = ref<string | null>(null)
  const dialog = reactive<{ visible: boolean; action: ActionDef | null }>({ visible: false, action: null })

  // A matter keeps the pack version it was opened under: its own definition when the server sends one (an older version).
  const kind = computed(() => (detail.value ? (detail.value.definition ?? findKind(detail.value.matter.pack, detail.value.matter.kind)) : undefined))
  const actions = computed<ActionDef[]>(() =>
    (detail.value?.availableActions ?? []).map((code) => actionOf(kind.value, code)).filter((a): a is ActionDef => a !== undefined),
  )
  const timeline = computed<TimelineItem[]>(() => history.value.map((e) => describeMatterEntry(e, kind.value, locale.value, nameResolvers)))

  async function loadHistory(): Promise<void> {
    historyLoading.value = true
    try {
      history.value = await getMatterHistory(id.value)
    } catch {
      history.value = []
    } finally {
      historyLoading.value = false
    }
  }

  async function loadChain(): Promise<void> {
    chainLoading.value = true
    try {
      chain.value = await getMatterChain(id.value)
    } catch {
      chain.value = []
    } finally {
      chainLoading.value = false
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    notFound.value = false
    for (const k of Object.keys(revealed)) delete revealed[k]
    try {
      const [d] = await Promise.all([getMatter(id.value), loadPacks(), loadUnitsQuietly()])
      detail.value = d
      // a link without the pack (/matters/<id>, from a notification) moves to the full address, so the menu follows
      if (route.params.pack !== d.matter.pack) void router.replace(`/matters/${d.matter.pack}/${d.matter.id}`)
      void loadHistory()
      void loadChain()
    } catch {
      detail.value = null
      notFound.value = true
    } finally {
      loading.value = false
    }
  }

  /** Reads one confidential value: the server journals the reading, so the timeline is reloaded too. */
  async function reveal(field: string): Promise<void> {
    revealing.value = field
    try {
      const res = await readConfidential(id.value, field)
      revealed[field] = res.value
      void loadHistory()
    } catch {
      /* shown by the HTTP client */
    } finally {
      revealing.value = null
    }
  }

  function openAction(a: ActionDef): void {
    dialog.action = a
    dialog.visible = true
  }

  function onActed(d: MatterAnswer): void {
    if (!isDetail(d)) {
      // done, but the action left the user recused from the matter: it is no longer theirs to see
      notFound.value = true
      detail.value = null
      return
    }
    detail.value = d
    for (const k of Object.keys(revealed)) delete revealed[k]
    void loadHistory()
    void loadChain()
  }

  watch(id, () => void load(), { immediate: true })
  void loadRoles()

  return { detail, loading, notFound, kind, actions, history, historyLoading, timeline, chain, chainLoading, revealed, revealing, dialog, load, reveal, openAction, onActed }
}
