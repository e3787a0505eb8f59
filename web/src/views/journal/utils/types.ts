import type { VerifyResult } from '@/api/journal'

export const ENTITY_TYPES = ['unit', 'person', 'post', 'account', 'role-assignment', 'token', 'matter'] as const
/** `all` means no filter (el-select shows '' as empty, so a real value is used). */
export type EntityTypeFilter = (typeof ENTITY_TYPES)[number] | 'all'

export interface VerifyState {
  running: boolean
  result: VerifyResult | null
}
