import { ref, watch, type Ref } from 'vue'
import { listPosts, RANKS, type Post, type Rank } from '@/api/posts'
import { t } from '@/i18n'

const rankOrder = new Map<Rank, number>(RANKS.map((r, i) => [r, i]))

export function rankLabel(rank: string): string {
  switch (rank) {
    case 'top':
      return t('rank.top')
    case 'principal':
      return t('rank.principal')
    case 'deputy':
      return t('rank.deputy')
    case 'staff':
      return t('rank.staff')
    default:
      return rank
  }
}

export function rankTagType(rank: string): 'danger' | 'warning' | 'success' | 'info' {
  return rank === 'top' ? 'danger' : rank === 'principal' ? 'warning' : rank === 'deputy' ? 'success' : 'info'
}

/** Posts of one unit, head first, then by title in Chinese order. */
export function sortPosts(list: Post[]): Post[] {
  return [...list].sort(
    (a, b) => (rankOrder.get(a.rank) ?? 9) - (rankOrder.get(b.rank) ?? 9) || a.title.localeCompare(b.title, 'zh-CN'),
  )
}

export function usePosts(unitId: Ref<string | null>) {
  const rows = ref<Post[]>([])
  const loading = ref(false)
  let seq = 0

  async function load(): Promise<void> {
    const id = unitId.value
    if (!id) {
      rows.value = []
      return
    }
    const mine = ++seq
    loading.value = true
    try {
      const list = await listPosts(id)
      if (mine === seq) rows.value = sortPosts(list)
    } catch {
      if (mine === seq) rows.value = []
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(unitId, load, { immediate: true })
  return { rows, loading, load }
}
