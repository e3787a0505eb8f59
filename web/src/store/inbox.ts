/** The unread count of the caller's inbox, for the top-bar badge: polled while the console is open. */
import { computed, ref } from 'vue'
import { getUnreadCount } from '@/api/inbox'

const unread = ref(0)
let timer: ReturnType<typeof setInterval> | null = null

export const unreadCount = computed(() => unread.value)

export async function refreshUnread(): Promise<void> {
  try {
    unread.value = (await getUnreadCount()).count
  } catch {
    /* keep the last count */
  }
}

export function setUnread(n: number): void {
  unread.value = Math.max(0, n)
}

export function startUnreadPolling(everyMs = 60_000): void {
  void refreshUnread()
  if (timer === null) timer = setInterval(() => void refreshUnread(), everyMs)
}

export function stopUnreadPolling(): void {
  if (timer !== null) clearInterval(timer)
  timer = null
}
