import { computed, reactive, ref, watch, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import { ElMessage } from 'element-plus'
import { isApiError } from '@/api/http'
import { isDetail, openMatter } from '@/api/matters'
import { packText, t } from '@/i18n'
import { findKind, findPack, loadPacks } from '@/store/packs'
import { loadUnitsQuietly } from '@/store/units'
import { attachFieldErrors, matterErrorText } from './errors'
import { buildBody, initialValues, missingRequired, openFormItems, type FormItem, type FormValues } from './form'

/** The open form (新建) of a kind, generated from its fields; errors come back under the fields. */
export function useOpenForm(packId: Ref<string>, kindCode: Ref<string>) {
  const router = useRouter()
  const items = ref<FormItem[]>([])
  const values = reactive<FormValues>({})
  const errors = reactive<Record<string, string | undefined>>({})
  const unitId = ref<string | null>(null)
  const saving = ref(false)
  const failure = ref<{ message: string; detail: string | null } | null>(null)
  const ready = ref(false)

  const pack = computed(() => findPack(packId.value))
  const kind = computed(() => findKind(packId.value, kindCode.value) ?? pack.value?.kinds[0])

  function reset(): void {
    const k = kind.value
    items.value = k ? openFormItems(k) : []
    for (const key of Object.keys(values)) delete values[key]
    Object.assign(values, initialValues(items.value))
    for (const key of Object.keys(errors)) delete errors[key]
    failure.value = null
  }

  watch(
    [packId, kindCode],
    async () => {
      ready.value = false
      await Promise.all([loadPacks(), loadUnitsQuietly()])
      reset()
      ready.value = true
    },
    { immediate: true },
  )

  async function submit(): Promise<void> {
    const k = kind.value
    if (!k || saving.value) return
    for (const key of Object.keys(errors)) delete errors[key]
    failure.value = null
    const missing = missingRequired(items.value, values)
    for (const code of missing) {
      const item = items.value.find((i) => i.code === code)
      errors[code] = t('common.required', { field: item ? packText(item.title) : code })
    }
    if (missing.length > 0) return
    saving.value = true
    const body = buildBody(items.value, values)
    try {
      const d = await openMatter(packId.value, k.code, { fields: body.fields, parties: body.parties, unitId: unitId.value })
      if (isDetail(d)) {
        ElMessage.success(t('matter.opened', { number: d.matter.number }))
        await router.push(`/matters/${d.matter.pack}/${d.matter.id}`)
      } else {
        // filed, but about the opener's own unit: they are recused and go back to the list
        ElMessage.success(t('matter.openedRecused'))
        await router.push(`/matters/${packId.value}`)
      }
    } catch (e) {
      const attached = attachFieldErrors(e, items.value.map((i) => i.code), errors, { unitid: '__unit' })
      if (!attached || (isApiError(e) && e.status !== 400)) {
        failure.value = matterErrorText(e)
        ElMessage.error(failure.value.message)
      }
    } finally {
      saving.value = false
    }
  }

  return { pack, kind, items, values, errors, unitId, saving, failure, ready, reset, submit }
}
