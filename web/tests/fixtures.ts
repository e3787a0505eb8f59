import type { KindDef, MatterDetail, PackDef } from '@/api/matters'

/** A small kind in the shape GET /packs sends (like the example pack's report). */
export const reportKind: KindDef = {
  code: 'report',
  title: { zh: '换届纪律举报', en: 'Election-discipline report' },
  fields: [
    { code: 'channel', title: { zh: '举报渠道', en: null }, type: 'choice', required: true, maxLength: null, options: ['12380', '来信'], confidential: false },
    { code: 'content', title: { zh: '举报内容', en: null }, type: 'text', required: true, maxLength: 5000, options: [], confidential: false },
    { code: 'reporter_name', title: { zh: '举报人姓名', en: null }, type: 'text', required: false, maxLength: 50, options: [], confidential: true },
    { code: 'occurred_on', title: { zh: '发生日期', en: null }, type: 'date', required: false, maxLength: null, options: [], confidential: false },
    { code: 'amount', title: { zh: '涉及金额（元）', en: null }, type: 'money', required: false, maxLength: null, options: [], confidential: false },
    { code: 'people', title: { zh: '涉及人数', en: null }, type: 'number', required: false, maxLength: null, options: [], confidential: false },
    { code: 'about_candidate', title: { zh: '反映考察对象的问题', en: null }, type: 'bool', required: false, maxLength: null, options: [], confidential: false },
    { code: 'subject_unit', title: { zh: '被举报人所在单位', en: null }, type: 'unit', required: false, maxLength: null, options: [], confidential: false },
    { code: 'witness', title: { zh: '证人', en: null }, type: 'person', required: false, maxLength: null, options: [], confidential: false },
    { code: 'inspection', title: { zh: '对应的换届考察', en: null }, type: 'matter', required: false, maxLength: null, options: [], confidential: false },
    { code: 'evidence', title: { zh: '证据材料', en: null }, type: 'list', required: false, maxLength: null, options: [], confidential: false },
    { code: 'outcome', title: { zh: '查核结论', en: null }, type: 'choice', required: false, maxLength: null, options: ['属实', '不属实'], confidential: false },
    { code: 'conclusion', title: { zh: '查核情况报告', en: null }, type: 'text', required: false, maxLength: 20000, options: [], confidential: false },
    { code: 'report_file', title: { zh: '署名的查核报告', en: null }, type: 'attachment', required: false, maxLength: null, options: [], confidential: false },
    { code: 'decision', title: { zh: '处理决定', en: 'Decision' }, type: 'text', required: false, maxLength: null, options: [], confidential: false },
  ],
  parties: [
    { code: 'reporter', title: { zh: '举报人', en: null }, type: 'citizen', recused: false, many: false },
    { code: 'subject', title: { zh: '被举报人', en: null }, type: 'person', recused: true, many: true },
    { code: 'handler', title: { zh: '承办人', en: 'Handler' }, type: 'person', recused: false, many: false },
    { code: 'in_charge', title: { zh: '负责人', en: 'Person in charge' }, type: 'person', recused: false, many: false },
    { code: 'unit', title: { zh: '承办单位', en: null }, type: 'unit', recused: false, many: false },
  ],
  states: [
    { code: 'registered', title: { zh: '已登记', en: 'Registered' }, final: false },
    { code: 'verifying', title: { zh: '查核中', en: null }, final: false },
    { code: 'concluded', title: { zh: '已出查核结论', en: null }, final: false },
    { code: 'closed', title: { zh: '已办结', en: 'Closed' }, final: true },
  ],
  actions: [
    { code: 'assign', title: { zh: '交办', en: 'Assign' }, from: ['registered'], to: 'verifying', requires: ['handler', 'in_charge'], sets: ['handler', 'in_charge', 'unit'], signoff: [], confirm: null },
    {
      code: 'conclude',
      title: { zh: '出具查核结论', en: 'Conclude' },
      from: ['verifying'],
      to: 'concluded',
      requires: ['conclusion', 'report_file'],
      sets: ['conclusion', 'report_file', 'evidence'],
      signoff: ['party:handler', 'party:in_charge'],
      confirm: null,
    },
    { code: 'sanction', title: { zh: '处理', en: null }, from: ['concluded'], to: 'closed', requires: ['decision'], sets: ['decision', 'reporter_name'], signoff: [], confirm: '处理决定将通报，确定吗？' },
  ],
  clocks: ['verification'],
}

export const pack: PackDef = { id: 'example', version: 1, title: { zh: '换届纪律举报查核', en: 'Election-discipline reports' }, source: '004.txt L104', kinds: [reportKind] }

export const HANDLER = '11111111-1111-1111-1111-111111111111'
export const IN_CHARGE = '22222222-2222-2222-2222-222222222222'

export function detailOf(state = 'verifying', extra: Partial<MatterDetail> = {}): MatterDetail {
  return {
    matter: {
      id: '0a0a0a0a-0000-0000-0000-000000000001',
      pack: 'example',
      packVersion: 1,
      kind: 'report',
      number: 'HJ-2026-00001',
      title: '某村换届拉票',
      state,
      stateTitle: reportKind.states.find((s) => s.code === state)?.title ?? { zh: state, en: null },
      final: false,
      unitId: 'u-1',
      unitName: '县纪委监委',
      level: 'yellow',
      dueOn: '2026-12-01',
      overdue: false,
      openedAt: '2026-11-20T02:00:00Z',
    },
    fields: { channel: '12380', content: '有人拉票', reporter_name: { confidential: true } },
    parties: { handler: [HANDLER], in_charge: [IN_CHARGE] },
    clocks: [],
    links: [],
    suspended: false,
    availableActions: ['conclude'],
    ...extra,
  }
}
