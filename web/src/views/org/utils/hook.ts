import { computed, nextTick, reactive, ref, useTemplateRef, watch } from 'vue'
import type { TreeInstance, TreeNodeData } from 'element-plus'
import { getHistory, type JournalEntry } from '@/api/journal'
import type { Unit } from '@/api/units'
import { hasPermission } from '@/store/session'
import { kindTitle, loadKinds, loadUnits, unitById, unitList, unitTree, upsertUnit } from '@/store/units'
import { subtreeIds, unitMatches, unitPath, type UnitNode } from '@/utils/tree'
import type { DialogMode, OrgTab, UnitForm } from './types'

/** State and actions of the 组织机构 page: the unit tree, the selected unit, its history and the unit dialog. */
export function useOrg() {
  const treeRef = useTemplateRef<TreeInstance>('treeRef')
  const loading = ref(false)
  const filterText = ref('')
  const selectedId = ref<string | null>(null)
  const activeTab = ref<OrgTab>('people')
  const canWrite = computed(() => hasPermission('org.write'))

  const selected = computed<Unit | null>(() => (selectedId.value ? (unitById.value.get(selectedId.value) ?? null) : null))
  const selectedPath = computed(() => (selectedId.value ? unitPath(unitList.value, selectedId.value).join(' / ') : ''))
  const parentName = computed(() => {
    const pid = selected.value?.parentId
    return pid ? (unitById.value.get(pid)?.name ?? '') : ''
  })
  /** Top-level nodes start expanded; the tree can be large. */
  const expandedKeys = computed(() => unitTree.value.map((n) => n.id))

  async function load(): Promise<void> {
    loading.value = true
    try {
      await Promise.all([loadUnits(true), loadKinds()])
      if (!selectedId.value || !unitById.value.has(selectedId.value)) {
        selectedId.value = unitTree.value[0]?.id ?? null
      }
    } catch {
      /* shown by the HTTP client */
    } finally {
      loading.value = false
    }
  }

  watch(filterText, (v) => treeRef.value?.filter(v.trim()))

  function filterNode(value: string, data: TreeNodeData): boolean {
    return unitMatches(data as UnitNode, value)
  }

  watch(selectedId, (id) => {
    void nextTick(() => treeRef.value?.setCurrentKey(id ?? undefined))
  })

  function select(node: UnitNode): void {
    selectedId.value = node.id
  }

  // ---- history of the selected unit ----
  const history = ref<JournalEntry[]>([])
  const historyLoading = ref(false)
  async function loadHistory(): Promise<void> {
    const id = selectedId.value
    if (!id) return
    historyLoading.value = true
    try {
      const list = await getHistory('unit', id)
      if (id === selectedId.value) history.value = list
    } catch {
      history.value = []
    } finally {
      historyLoading.value = false
    }
  }
  watch([selectedId, activeTab], () => {
    history.value = []
    if (activeTab.value === 'history') void loadHistory()
  })

  // ---- unit dialog ----
  const unitDialog = reactive<{ visible: boolean; mode: DialogMode; editingId: string | null; form: UnitForm; blocked: Set<string> }>({
    visible: false,
    mode: 'create',
    editingId: null,
    form: { code: '', name: '', kind: '', parentId: null },
    blocked: new Set<string>(),
  })

  function openCreateUnit(parentId: string | null): void {
    unitDialog.mode = 'create'
    unitDialog.editingId = null
    unitDialog.form = { code: '', name: '', kind: '', parentId }
    unitDialog.blocked = new Set<string>()
    unitDialog.visible = true
  }

  function openEditUnit(): void {
    const u = selected.value
    if (!u) return
    unitDialog.mode = 'edit'
    unitDialog.editingId = u.id
    unitDialog.form = { code: u.code, name: u.name, kind: u.kind, parentId: u.parentId }
    unitDialog.blocked = subtreeIds(unitTree.value, u.id)
    unitDialog.visible = true
  }

  function onUnitSaved(u: Unit): void {
    upsertUnit(u)
    selectedId.value = u.id
    // the server recomputes depth/peopleCount and kind titles; refresh quietly
    void loadUnits(true).catch(() => undefined)
  }

  return {
    loading,
    filterText,
    unitTree,
    expandedKeys,
    selectedId,
    selected,
    selectedPath,
    parentName,
    activeTab,
    canWrite,
    kindTitle,
    load,
    filterNode,
    select,
    history,
    historyLoading,
    loadHistory,
    unitDialog,
    openCreateUnit,
    openEditUnit,
    onUnitSaved,
  }
}
