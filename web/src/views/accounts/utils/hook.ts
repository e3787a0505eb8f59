import { computed, onMounted, reactive, ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { listAccounts, unlockAccount, updateAccount, type Account } from '@/api/accounts'
import { locale, t } from '@/i18n'
import { hasPermission } from '@/store/session'
import { formatDateTime, isLocked } from '@/utils/format'
import type { AccountStatus, SelectedPerson } from './types'

export function accountStatus(a: Pick<Account, 'disabled' | 'lockedUntil'>, now: Date = new Date()): AccountStatus {
  if (a.disabled) return { kind: 'disabled', text: t('accounts.statusDisabled'), tag: 'info' }
  if (isLocked(a.lockedUntil, now)) {
    return { kind: 'locked', text: t('accounts.statusLocked', { time: formatDateTime(a.lockedUntil, locale.value) }), tag: 'danger' }
  }
  return { kind: 'active', text: t('accounts.statusActive'), tag: 'success' }
}

/** State and actions of the accounts table. */
export function useAccounts() {
  const canRead = computed(() => hasPermission('account.read'))
  const canWrite = computed(() => hasPermission('account.write'))
  const canAssign = computed(() => hasPermission('role.assign'))

  const query = reactive({ q: '', page: 1, pageSize: 20 })
  const rows = ref<Account[]>([])
  const total = ref(0)
  const loading = ref(false)
  const selectedPerson = ref<SelectedPerson | null>(null)
  const createVisible = ref(false)
  const resetTarget = ref<Account | null>(null)

  async function load(): Promise<void> {
    if (!canRead.value) return
    loading.value = true
    try {
      const res = await listAccounts({ q: query.q.trim(), page: query.page, pageSize: query.pageSize })
      rows.value = res.items
      total.value = res.total
    } catch {
      rows.value = []
      total.value = 0
    } finally {
      loading.value = false
    }
  }

  function search(): void {
    query.page = 1
    void load()
  }

  async function setDisabled(a: Account, disabled: boolean): Promise<void> {
    if (disabled) {
      try {
        await ElMessageBox.confirm(t('accounts.confirmDisable', { name: a.username }), t('common.confirm'), {
          type: 'warning',
          confirmButtonText: t('common.ok'),
          cancelButtonText: t('common.cancel'),
        })
      } catch {
        return
      }
    }
    try {
      await updateAccount(a.id, { disabled })
      ElMessage.success(disabled ? t('accounts.disabledMsg') : t('accounts.enabledMsg'))
      await load()
    } catch {
      /* shown by the HTTP client */
    }
  }

  async function unlock(a: Account): Promise<void> {
    try {
      await unlockAccount(a.id)
      ElMessage.success(t('accounts.unlockedMsg'))
      await load()
    } catch {
      /* shown by the HTTP client */
    }
  }

  function pickRow(a: Account): void {
    if (a.personId) selectedPerson.value = { id: a.personId, name: a.personName ?? a.username }
  }

  onMounted(load)

  return {
    canRead,
    canWrite,
    canAssign,
    query,
    rows,
    total,
    loading,
    selectedPerson,
    createVisible,
    resetTarget,
    load,
    search,
    setDisabled,
    unlock,
    pickRow,
  }
}
