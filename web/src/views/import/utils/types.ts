import type { ImportResult } from '@/api/importOrg'
import type { RowError } from '@/api/http'

export type ImportOutcome =
  | { kind: 'idle' }
  | { kind: 'success'; result: ImportResult; fileName: string }
  | { kind: 'failed'; message: string; rowErrors: RowError[]; fileName: string }
