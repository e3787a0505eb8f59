// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest'
import type { JournalEntry } from '@/api/journal'
import { ApiError } from '@/api/http'
import { journalTypeLabel, setLocale } from '@/i18n'
import { describeMatterEntry } from '@/views/matters/utils/journal'
import { attachFieldErrors, matterCodeMessage, matterErrorText } from '@/views/matters/utils/errors'
import { attachmentIds, formatDay, formatFieldValue, formatMoney } from '@/views/matters/utils/values'
import { HANDLER, IN_CHARGE, reportKind } from './fixtures'

function entry(type: string, data: Record<string, unknown>, seq = 10): JournalEntry {
  return { seq, at: '2026-11-22T04:00:00Z', actor: 'admin (01a2)', type, entityType: 'matter', entityId: 'x', data, hash: 'h', prevHash: 'p' }
}

const names = { person: (id: string) => ({ [HANDLER]: '张伟', [IN_CHARGE]: '李娜' })[id], unit: (id: string) => (id === 'u-1' ? '县纪委监委' : undefined) }

beforeEach(() => setLocale('zh-CN'))

describe('journal type labels for matters', () => {
  it('has a Chinese label for every matter.* journal type the server writes', () => {
    const types = [
      'matter.opened', 'matter.acted', 'matter.clock-started', 'matter.clock-stopped', 'matter.clock-paused', 'matter.clock-resumed',
      'matter.clock-step', 'matter.notification', 'matter.linked-requested', 'matter.bulletin', 'matter.linked-suspended',
      'matter.linked-resumed', 'matter.published', 'matter.event', 'matter.linked', 'matter.unlinked', 'matter.suspended',
      'matter.resumed', 'matter.confidential-read',
    ]
    for (const type of types) expect(journalTypeLabel(type), type).not.toBe(type)
    expect(journalTypeLabel('matter.opened')).toBe('登记事项')
    expect(journalTypeLabel('matter.clock-step')).toBe('时限预警')
    expect(journalTypeLabel('matter.confidential-read')).toBe('查看保密字段')
    expect(journalTypeLabel('matter.something-new')).toBe('matter.something-new')
    setLocale('en')
    expect(journalTypeLabel('matter.opened')).toBe('Matter registered')
  })

  it('describes an action with the pack titles: states, changed fields, parties, signers, comment', () => {
    const item = describeMatterEntry(
      entry('matter.acted', {
        action: 'conclude',
        from: 'verifying',
        to: 'concluded',
        changes: { conclusion: '基本属实', amount: 1200.5, report_file: null },
        partyChanges: { handler: [HANDLER] },
        signers: [HANDLER, IN_CHARGE],
        comment: '请审阅',
      }),
      reportKind,
      'zh-CN',
      names,
    )
    expect(item.title).toBe('办理“出具查核结论”')
    expect(item.lines).toEqual([
      '查核中 → 已出查核结论',
      '查核情况报告：基本属实',
      '涉及金额（元）：¥1,200.50',
      '署名的查核报告：（清空）',
      '承办人：张伟',
      '签字：张伟、李娜',
      '意见：请审阅',
    ])
  })

  it('describes openings, warnings and confidential reads', () => {
    const opened = describeMatterEntry(entry('matter.opened', { number: 'HJ-2026-00001', state: 'registered', fields: { channel: '12380', reporter_name: { confidential: true } }, parties: {} }), reportKind, 'zh-CN', names)
    expect(opened.title).toBe('登记事项')
    expect(opened.lines).toEqual(['编号：HJ-2026-00001', '状态：已登记', '举报渠道：12380', '举报人姓名：保密'])

    const step = describeMatterEntry(entry('matter.clock-step', { clock: 'verification', step: 2, level: 'red', due: '2026-11-23' }), reportKind, 'zh-CN')
    expect(step.title).toBe('时限预警：红牌')
    expect(step.lines).toEqual(['到期日：2026年11月23日'])
    expect(step.tone).toBe('danger')

    const started = describeMatterEntry(entry('matter.clock-started', { clock: 'verification', due: '2026-12-01' }), reportKind, 'zh-CN')
    expect(started.title).toBe('开始计时：时限') // a kind with one clock

    const read = describeMatterEntry(entry('matter.confidential-read', { field: 'reporter_name', name: '王芳' }), reportKind, 'zh-CN')
    expect(read.lines).toEqual(['字段：举报人姓名', '查看人：王芳'])
  })

  it('keeps unknown types and unknown codes readable', () => {
    const x = describeMatterEntry(entry('matter.future', { a: 1 }), undefined, 'zh-CN')
    expect(x.title).toBe('matter.future')
    const acted = describeMatterEntry(entry('matter.acted', { action: 'x', from: 'a', to: 'b', changes: {}, partyChanges: {}, signers: [] }), undefined, 'zh-CN')
    expect(acted.title).toBe('办理“x”')
    expect(acted.lines).toEqual(['a → b'])
  })
})

describe('matter error codes', () => {
  it('maps the known 409 codes to Chinese, with the server text as detail', () => {
    expect(matterCodeMessage('matter.signoff-same-person')).toBe('签字须由不同的人分别签署，不能由同一人兼签')
    expect(matterCodeMessage('matter.not-authorised')).toBe('您无权进行此操作')
    expect(matterCodeMessage('matter.confidential:reporter_name')).toBe('您无权查看此保密字段')
    expect(matterCodeMessage('org.something')).toBeNull()
    const e = new ApiError(409, { title: 'admin 不能“交办”（限 role:cadre-supervision）', code: 'matter.not-authorised', status: 409 })
    expect(matterErrorText(e)).toEqual({ message: '您无权进行此操作', detail: 'admin 不能“交办”（限 role:cadre-supervision）' })
    const other = new ApiError(500, { title: 'boom' })
    expect(matterErrorText(other)).toEqual({ message: 'boom', detail: null })
  })
})

describe('field values as text', () => {
  it('formats dates, money, booleans, ids and lists', () => {
    expect(formatDay('2026-11-23', 'zh-CN')).toBe('2026年11月23日')
    expect(formatDay('2026-11-23', 'en')).toBe('November 23, 2026')
    expect(formatMoney(1234.5, 'zh-CN')).toBe('¥1,234.50')
    expect(formatMoney(-3, 'zh-CN')).toBe('-¥3.00')
    const f = (code: string) => reportKind.fields.find((x) => x.code === code)!
    expect(formatFieldValue(f('about_candidate'), true, 'zh-CN')).toBe('是')
    expect(formatFieldValue(f('witness'), HANDLER, 'zh-CN', names)).toBe('张伟')
    expect(formatFieldValue(f('witness'), 'unknown-id', 'zh-CN', names)).toBe('unknown-id')
    expect(formatFieldValue(f('subject_unit'), 'u-1', 'zh-CN', names)).toBe('县纪委监委')
    expect(formatFieldValue(f('evidence'), ['a', 'b'], 'zh-CN')).toBe('a、b')
    expect(formatFieldValue(f('reporter_name'), { confidential: true }, 'zh-CN')).toBe('保密')
    expect(formatFieldValue(f('people'), 2026, 'zh-CN')).toBe('2026')
    expect(formatFieldValue(f('content'), null, 'zh-CN')).toBe('')
  })

  it('reads list items as the list\'s item type, and finds the attachments a field holds', () => {
    const dates = { type: 'list' as const, item: 'date' as const }
    expect(formatFieldValue(dates, ['2026-11-23', '2026-12-01'], 'zh-CN')).toBe('2026年11月23日、2026年12月1日')
    const people = { type: 'list' as const, item: 'person' as const }
    expect(formatFieldValue(people, [HANDLER, IN_CHARGE], 'zh-CN', names)).toBe('张伟、李娜')
    const files = { type: 'list' as const, item: 'attachment' as const }
    expect(attachmentIds(files, ['2026/ab.png', '2026/cd.pdf'])).toEqual(['2026/ab.png', '2026/cd.pdf'])
    expect(attachmentIds({ type: 'attachment' }, '2026/ab.png')).toEqual(['2026/ab.png'])
    expect(attachmentIds({ type: 'attachment' }, { confidential: true })).toEqual([])
    expect(attachmentIds({ type: 'list', item: 'text' }, ['2026/ab.png'])).toEqual([])
  })
})

describe('field errors under their form items', () => {
  it('places errors by item code (any case, any prefix), extra slots by name, and says whether any found a place', () => {
    const e = new ApiError(400, { title: '输入有误', status: 400, errors: { 'fields.Deadline': ['必填'], unitId: ['必填：请选择责任单位'], other: ['?'] } })
    const errors: Record<string, string | undefined> = {}
    expect(attachFieldErrors(e, ['deadline', 'measures'], errors, { unitid: '__unit' })).toBe(true)
    expect(errors).toEqual({ deadline: '必填', __unit: '必填：请选择责任单位' })
    expect(attachFieldErrors(new ApiError(400, { title: 'x', status: 400, errors: { other: ['?'] } }), ['deadline'], {})).toBe(false)
    expect(attachFieldErrors(new Error('boom'), ['deadline'], {})).toBe(false)
  })
})
