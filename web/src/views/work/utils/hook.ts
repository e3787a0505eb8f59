import { reactive, ref, watch } from 'vue'
import { useRouter } from 'vue-router'
import { listInbox, markInboxRead, type InboxItem } from '@/api/inbox'
import { listMatters, type MatterItem } from '@/api/matters'
import { loadPacks } from '@/store/packs'
import { refreshUnread } from '@/store/inbox'
import { safeRedirect } from '@/utils/redirect'
import type { PageState } from './types'

/** 我的待办: open matters where I am a party (any pack), and my unread messages. */
export function useWork() {
  const router = useRouter()

  const work = reactive<PageState>({ page: 1, pageSize: 10 })
  const matters = ref<MatterItem[]>([])
  const mattersTotal = ref(0)
  const mattersLoading = ref(false)

  const inbox = reactive<PageState & { unreadOnly: boolean }>({ page: 1, pageSize: 10, unreadOnly: true })
  const messages = ref<InboxItem[]>([])
  const messagesTotal = ref(0)
  const messagesLoading = ref(false)

  async function loadMatters(): Promise<void> {
    mattersLoading.value = true
    try {
      const res = await listMatters({ mine: true, open: true, page: work.page, pageSize: work.pageSize })
      matters.value = res.items
      mattersTotal.value = res.total
    } catch {
      matters.value = []
      mattersTotal.value = 0
    } finally {
      mattersLoading.value = false
    }
  }

  async function loadMessages(): Promise<void> {
    messagesLoading.value = true
    try {
      const res = await listInbox({ unread: inbox.unreadOnly || undefined, page: inbox.page, pageSize: inbox.pageSize })
      messages.value = res.items
      messagesTotal.value = res.total
    } catch {
      messages.value = []
      messagesTotal.value = 0
    } finally {
      messagesLoading.value = false
    }
  }

  async function markRead(m: InboxItem): Promise<void> {
    if (m.readAt) return
    try {
      const updated = await markInboxRead(m.id)
      messages.value = messages.value.map((x) => (x.id === m.id ? updated : x))
    } catch {
      return
    }
    void refreshUnread()
  }

  async function markPageRead(): Promise<void> {
    for (const m of messages.value.filter((x) => !x.readAt)) await markRead(m)
    if (inbox.unreadOnly) void loadMessages()
  }

  /** Opens the message's link (a console path) and marks it read. */
  async function openMessage(m: InboxItem): Promise<void> {
    await markRead(m)
    if (m.link && m.link.startsWith('/')) await router.push(safeRedirect(m.link))
  }

  watch(() => inbox.unreadOnly, () => {
    inbox.page = 1
    void loadMessages()
  })

  void loadPacks()
  void loadMatters()
  void loadMessages()
  void refreshUnread()

  return { work, matters, mattersTotal, mattersLoading, inbox, messages, messagesTotal, messagesLoading, loadMatters, loadMessages, markRead, markPageRead, openMessage }
}
