import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import type { ActionDef, MatterDetail } from '@/api/matters'
import { setErrorNotifier } from '@/api/http'
import { setLocale } from '@/i18n'
import ActionDialog from '@/views/matters/components/ActionDialog.vue'
import { detailOf, HANDLER, IN_CHARGE, reportKind } from './fixtures'

function respond(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** async-validator, transitions and the dialog resolve over a few macrotasks. */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

const action = (code: string): ActionDef => reportKind.actions.find((a) => a.code === code)!

function mountDialog(a: ActionDef, detail: MatterDetail = detailOf()) {
  const done = vi.fn()
  const Host = defineComponent({
    setup() {
      const visible = ref(true)
      return () => h(ActionDialog, { detail, kind: reportKind, action: a, visible: visible.value, 'onUpdate:visible': (v: boolean) => (visible.value = v), onDone: done })
    },
  })
  const wrapper = mount(Host, { attachTo: document.body })
  return { wrapper, done }
}

const $ = (sel: string) => document.body.querySelector(sel)
const $$ = (sel: string) => [...document.body.querySelectorAll(sel)]

async function type(sel: string, value: string): Promise<void> {
  const el = $(sel) as HTMLInputElement | HTMLTextAreaElement
  el.value = value
  el.dispatchEvent(new Event('input'))
  await settle()
}

/** Element Plus shows a form item's error 100 ms after it is set (debounced). */
async function clickSubmit(): Promise<void> {
  ;($('[data-test="action-submit"]') as HTMLButtonElement).click()
  await settle()
  await new Promise((r) => setTimeout(r, 120))
  await settle()
}

beforeEach(() => {
  setLocale('zh-CN')
  setErrorNotifier(() => undefined)
  // names of the pre-filled signers
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: RequestInfo | URL) => {
      const u = String(url)
      if (u.includes(HANDLER)) return respond(200, { id: HANDLER, code: 'P1', name: '张伟', unitId: 'u', unitName: '办', phone: null, email: null })
      if (u.includes(IN_CHARGE)) return respond(200, { id: IN_CHARGE, code: 'P2', name: '李娜', unitId: 'u', unitName: '办', phone: null, email: null })
      return respond(404, { title: 'not found' })
    }),
  )
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('action dialog', () => {
  it('renders the inputs of `sets`, required marks from `requires`, and one signer picker per sign-off', async () => {
    const { wrapper } = mountDialog(action('conclude'))
    await settle()
    expect($('[data-test="action-dialog"]')).not.toBeNull()
    expect($('.el-dialog__title')?.textContent).toBe('出具查核结论')
    const items = $$('[data-test^="form-item-"]').map((e) => e.getAttribute('data-test'))
    expect(items).toEqual(['form-item-conclusion', 'form-item-report_file', 'form-item-evidence'])
    expect($('[data-test="form-item-conclusion"]')!.classList.contains('is-required')).toBe(true)
    expect($('[data-test="form-item-evidence"]')!.classList.contains('is-required')).toBe(false)
    expect($('[data-test="form-item-conclusion"] textarea')).not.toBeNull() // max 20000 → textarea
    // sign-off: one picker per spec, labelled by the party title, pre-filled from the parties
    const handler = $('[data-test="signer-party:handler"]')!
    const inCharge = $('[data-test="signer-party:in_charge"]')!
    expect(handler.querySelector('.el-form-item__label')?.textContent).toContain('承办人')
    expect(inCharge.querySelector('.el-form-item__label')?.textContent).toContain('负责人')
    expect(handler.textContent).toContain('张伟')
    expect(inCharge.textContent).toContain('李娜')
    wrapper.unmount()
  })

  it('does not send while a required field is empty', async () => {
    const { wrapper } = mountDialog(action('conclude'))
    await settle()
    const fetchMock = vi.mocked(fetch)
    fetchMock.mockClear()
    await clickSubmit()
    expect(fetchMock).not.toHaveBeenCalled()
    const errors = $$('.el-form-item__error').map((e) => e.textContent?.trim())
    expect(errors).toEqual(['请填写查核情况报告', '请填写署名的查核报告'])
    wrapper.unmount()
  })

  it('does not send without a signer for every sign-off', async () => {
    const d = detailOf('verifying', { parties: { handler: [HANDLER] } })
    const { wrapper } = mountDialog(action('conclude'), d)
    await settle()
    await type('[data-test="form-item-conclusion"] textarea', '举报基本属实')
    await type('[data-test="form-item-report_file"] input', 'att-42')
    const fetchMock = vi.mocked(fetch)
    fetchMock.mockClear()
    await clickSubmit()
    expect(fetchMock).not.toHaveBeenCalled()
    expect($('[data-test="signer-party:in_charge"] .el-form-item__error')?.textContent).toContain('请选择全部签字人')
    wrapper.unmount()
  })

  it('sends fields, signers and the comment, then reports done', async () => {
    const { wrapper, done } = mountDialog(action('conclude'))
    await settle()
    await type('[data-test="form-item-conclusion"] textarea', '  举报基本属实 ')
    await type('[data-test="form-item-report_file"] input', 'att-42')
    await type('textarea[data-test="action-comment"]', '请审阅')
    const after = detailOf('concluded')
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => respond(200, after))
    vi.stubGlobal('fetch', fetchMock)
    await clickSubmit()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(String(url)).toBe(`/api/v1/matters/${after.matter.id}/actions/conclude`)
    expect(init?.method).toBe('POST')
    expect(JSON.parse(String(init?.body))).toEqual({
      fields: { conclusion: '举报基本属实', report_file: 'att-42' },
      parties: {},
      signers: [HANDLER, IN_CHARGE],
      confirmed: false,
      comment: '请审阅',
    })
    expect(done).toHaveBeenCalledWith(after)
    wrapper.unmount()
  })

  it('shows the 409 code in Chinese and server field errors under the fields', async () => {
    const { wrapper } = mountDialog(action('conclude'))
    await settle()
    await type('[data-test="form-item-conclusion"] textarea', '举报基本属实')
    await type('[data-test="form-item-report_file"] input', 'att-42')
    vi.stubGlobal('fetch', vi.fn(async () => respond(409, { title: '“出具查核结论”须由 party:handler、party:in_charge 分别签字', status: 409, code: 'matter.signoff-same-person' })))
    await clickSubmit()
    const alert = $('[data-test="action-error"]')!
    expect(alert.textContent).toContain('签字须由不同的人分别签署，不能由同一人兼签')
    expect(alert.textContent).toContain('party:handler')
    vi.stubGlobal('fetch', vi.fn(async () => respond(400, { title: '请检查', status: 400, errors: { report_file: ['应为附件编号'] } })))
    await clickSubmit()
    expect($('[data-test="form-item-report_file"] .el-form-item__error')?.textContent).toContain('应为附件编号')
    wrapper.unmount()
  })

  it('asks for the confirmation before sending', async () => {
    const { wrapper } = mountDialog(action('sanction'), detailOf('concluded'))
    await settle()
    expect($('.cx-confirm')?.textContent).toContain('处理决定将通报，确定吗？')
    await type('[data-test="form-item-decision"] textarea', '给予党内警告处分')
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => respond(200, detailOf('closed')))
    vi.stubGlobal('fetch', fetchMock)
    await clickSubmit()
    expect(fetchMock).not.toHaveBeenCalled()
    expect($('.cx-confirm .el-form-item__error')?.textContent).toContain('请先勾选确认')
    ;($('[data-test="action-confirm"] input') as HTMLInputElement).click()
    await settle()
    await clickSubmit()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const body = JSON.parse(String(fetchMock.mock.calls[0][1]?.body))
    // the confidential reporter name is not required and not sent (left empty: the stored value stays)
    expect(body).toEqual({ fields: { decision: '给予党内警告处分' }, parties: {}, signers: [], confirmed: true, comment: null })
    wrapper.unmount()
  })
})
