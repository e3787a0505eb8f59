import { ref } from 'vue'
import type { UploadFile, UploadRawFile } from 'element-plus'
import { importOrg } from '@/api/importOrg'
import { isApiError } from '@/api/http'
import { t } from '@/i18n'
import { loadUnits } from '@/store/units'
import type { ImportOutcome } from './types'

export const ACCEPT = '.xlsx,.csv'

export function acceptable(name: string): boolean {
  return /\.(xlsx|csv)$/i.test(name)
}

/** Upload goes through the one HTTP client (multipart field `file`, CSRF header), not el-upload's own XHR. */
export function useImport() {
  const file = ref<UploadRawFile | null>(null)
  const uploading = ref(false)
  const outcome = ref<ImportOutcome>({ kind: 'idle' })
  const wrongType = ref(false)

  function onChange(f: UploadFile): void {
    wrongType.value = !acceptable(f.name)
    file.value = wrongType.value ? null : (f.raw ?? null)
    outcome.value = { kind: 'idle' }
  }

  function onRemove(): void {
    file.value = null
  }

  async function submit(): Promise<void> {
    const f = file.value
    if (!f || uploading.value) return
    uploading.value = true
    try {
      const result = await importOrg(f)
      outcome.value = { kind: 'success', result, fileName: f.name }
      void loadUnits(true).catch(() => undefined)
    } catch (e) {
      outcome.value = {
        kind: 'failed',
        fileName: f.name,
        message: isApiError(e) ? e.summary : e instanceof Error ? e.message : t('import.failed'),
        rowErrors: isApiError(e) ? e.rowErrors : [],
      }
    } finally {
      uploading.value = false
    }
  }

  return { file, uploading, outcome, wrongType, onChange, onRemove, submit }
}
