// @vitest-environment node
import { describe, expect, it } from 'vitest'
import {
  actionFormItems,
  buildBody,
  fieldItem,
  initialValues,
  missingRequired,
  normaliseValue,
  openFormItems,
  roundMoney,
  signerProblem,
  signoffSlots,
  suggestedSigners,
  toDateString,
  widgetFor,
  type FormItem,
} from '@/views/matters/utils/form'
import { detailOf, HANDLER, IN_CHARGE, reportKind } from './fixtures'

const field = (code: string) => fieldItem(reportKind.fields.find((f) => f.code === code)!)
const action = (code: string) => reportKind.actions.find((a) => a.code === code)!

describe('form generator: field type → widget', () => {
  it('maps every field type', () => {
    expect(widgetFor('text', 50)).toBe('input')
    expect(widgetFor('text', 200)).toBe('input')
    expect(widgetFor('text', 201)).toBe('textarea')
    expect(widgetFor('text', null)).toBe('textarea')
    expect(widgetFor('number')).toBe('number')
    expect(widgetFor('money')).toBe('money')
    expect(widgetFor('date')).toBe('date')
    expect(widgetFor('choice')).toBe('select')
    expect(widgetFor('bool')).toBe('switch')
    expect(widgetFor('person')).toBe('person')
    expect(widgetFor('unit')).toBe('unit')
    expect(widgetFor('matter')).toBe('matter')
    expect(widgetFor('attachment')).toBe('attachment')
    expect(widgetFor('list')).toBe('tags')
  })

  it('builds the open form from all fields plus the parties no action sets', () => {
    const items = openFormItems(reportKind)
    expect(items.filter((i) => i.target === 'field').map((i) => i.code)).toEqual(reportKind.fields.map((f) => f.code))
    // handler / in_charge / unit are set by `assign`; the citizen reporter is never picked
    expect(items.filter((i) => i.target === 'party').map((i) => i.code)).toEqual(['subject'])
    const subject = items.find((i) => i.code === 'subject')!
    expect(subject).toMatchObject({ widget: 'person', multiple: true, required: false })
    expect(items.find((i) => i.code === 'channel')).toMatchObject({ widget: 'select', required: true, options: ['12380', '来信'] })
    expect(items.find((i) => i.code === 'reporter_name')).toMatchObject({ widget: 'input', confidential: true })
    expect(items.find((i) => i.code === 'evidence')).toMatchObject({ widget: 'tags', multiple: true, later: true })
    // optional fields an action writes later are folded; required ones and those only the opener can write are not
    expect(items.filter((i) => i.later).map((i) => i.code)).toEqual(['reporter_name', 'evidence', 'conclusion', 'report_file', 'decision'])
  })

  it('builds an action form from `sets`, required by `requires`, parties included', () => {
    const items = actionFormItems(reportKind, action('assign'))
    expect(items.map((i) => [i.code, i.target, i.widget, i.required])).toEqual([
      ['handler', 'party', 'person', true],
      ['in_charge', 'party', 'person', true],
      ['unit', 'party', 'unit', false],
    ])
    const conclude = actionFormItems(reportKind, action('conclude'))
    expect(conclude.map((i) => [i.code, i.widget, i.required])).toEqual([
      ['conclusion', 'textarea', true],
      ['report_file', 'attachment', true],
      ['evidence', 'tags', false],
    ])
  })

  it('marks a confidential field the matter already holds, so it does not block a required check', () => {
    const items = actionFormItems(reportKind, action('sanction'), detailOf('concluded'))
    const secret = items.find((i) => i.code === 'reporter_name')!
    expect(secret.hasHiddenValue).toBe(true)
    const values = initialValues(items, detailOf('concluded'))
    expect(values.reporter_name).toBeNull() // never pre-filled with the marker
  })

  it('pre-fills from the matter: parties single/many, numbers, booleans', () => {
    const d = detailOf('verifying', { fields: { people: 3, about_candidate: true, evidence: ['a-1', 'a-2'] }, parties: { handler: [HANDLER], subject: ['x', 'y'] } })
    const items: FormItem[] = [field('people'), field('about_candidate'), field('evidence'), ...openFormItems(reportKind).filter((i) => i.code === 'subject')]
    items.push({ ...items[0], code: 'handler', target: 'party', widget: 'person', multiple: false })
    expect(initialValues(items, d)).toEqual({ people: 3, about_candidate: true, evidence: ['a-1', 'a-2'], subject: ['x', 'y'], handler: HANDLER })
    expect(initialValues([field('content')])).toEqual({ content: null })
  })
})

describe('form generator: value normalisation', () => {
  it('writes dates as yyyy-MM-dd', () => {
    expect(toDateString('2026-03-07')).toBe('2026-03-07')
    expect(toDateString('2026/3/7')).toBe('2026-03-07')
    expect(toDateString(new Date(2026, 2, 7))).toBe('2026-03-07') // a date picker's local midnight
    expect(toDateString('2026-03-06T16:30:00Z')).toBe('2026-03-07') // an instant is a Shanghai day
    expect(toDateString('2026-02-30')).toBeUndefined()
    expect(toDateString('')).toBeUndefined()
    expect(normaliseValue(field('occurred_on'), '2026-3-7')).toBe('2026-03-07')
  })

  it('rounds money to fen, half away from zero', () => {
    expect(roundMoney(1.005)).toBe(1.01)
    expect(roundMoney(2.675)).toBe(2.68)
    expect(roundMoney(1234.5)).toBe(1234.5)
    expect(roundMoney(-0.125)).toBe(-0.13)
    expect(normaliseValue(field('amount'), 10.239)).toBe(10.24)
    expect(normaliseValue(field('amount'), '1,234.567')).toBe(1234.57)
    expect(normaliseValue(field('people'), '12')).toBe(12)
    expect(normaliseValue(field('people'), 'abc')).toBeUndefined()
  })

  it('omits empty values (never clears by accident)', () => {
    expect(normaliseValue(field('content'), '   ')).toBeUndefined()
    expect(normaliseValue(field('content'), null)).toBeUndefined()
    expect(normaliseValue(field('channel'), '')).toBeUndefined()
    expect(normaliseValue(field('amount'), null)).toBeUndefined()
    expect(normaliseValue(field('about_candidate'), null)).toBeUndefined()
    expect(normaliseValue(field('about_candidate'), false)).toBe(false)
    expect(normaliseValue(field('evidence'), [])).toBeUndefined()
    expect(normaliseValue(field('evidence'), [' a ', '', 'a', 'b'])).toEqual(['a', 'b'])
    expect(normaliseValue(field('content'), '  有人拉票 ')).toBe('有人拉票')
  })

  it('builds the request body: fields and parties apart, empties left out, a single party as a list', () => {
    const items = [...openFormItems(reportKind), ...actionFormItems(reportKind, action('assign'))]
    const values = {
      ...initialValues(items),
      channel: '12380',
      content: '有人拉票',
      amount: 99.999,
      occurred_on: '2026-11-02',
      about_candidate: true,
      subject: ['p-9'],
      handler: HANDLER,
      in_charge: '',
      unit: null,
    }
    expect(buildBody(items, values)).toEqual({
      fields: { channel: '12380', content: '有人拉票', occurred_on: '2026-11-02', amount: 100, about_candidate: true },
      parties: { subject: ['p-9'], handler: [HANDLER] },
    })
  })

  it('sends an emptied value as a clearing null (a party as []), but leaves out what was empty all along', () => {
    const items = actionFormItems(reportKind, action('assign'))
    const started = { handler: HANDLER, in_charge: IN_CHARGE, unit: null }
    expect(buildBody(items, { handler: HANDLER, in_charge: '', unit: null }, started)).toEqual({ fields: {}, parties: { handler: [HANDLER], in_charge: [] } })
    const fieldItems = openFormItems(reportKind)
    const before = { ...initialValues(fieldItems), content: '原内容', channel: '12380' }
    const body = buildBody(fieldItems, { ...before, content: '  ' }, before)
    expect(body.fields.content).toBeNull()
    expect(body.fields.channel).toBe('12380')
    expect('amount' in body.fields).toBe(false)
  })

  it('a conditional requirement is not forced by the form: it is shown as a hint, and the server decides', () => {
    const base = action('assign')
    const conditional = { ...base, requires: [...base.requires, 'in_charge'], requiredWhen: { in_charge: 'about_candidate == true' } }
    const items = actionFormItems(reportKind, conditional)
    const inCharge = items.find((i) => i.code === 'in_charge')!
    expect(inCharge.required).toBe(false)
    expect(inCharge.requiredWhen).toBe('about_candidate == true')
    const fieldAction = { ...base, sets: [...base.sets, 'people'], requires: [...base.requires, 'people'], requiredWhen: { people: 'about_candidate == true' } }
    const people = actionFormItems(reportKind, fieldAction).find((i) => i.code === 'people')!
    expect(people.required).toBe(false)
    expect(people.requiredWhen).toBe('about_candidate == true')
    expect(missingRequired([people], { people: null })).toEqual([])
  })

  it('lists missing required items', () => {
    const items = actionFormItems(reportKind, action('assign'))
    expect(missingRequired(items, { handler: HANDLER, in_charge: null, unit: null })).toEqual(['in_charge'])
    expect(missingRequired(items, { handler: HANDLER, in_charge: IN_CHARGE, unit: null })).toEqual([])
  })
})

describe('sign-offs', () => {
  it('one slot per spec, suggested from the parties, problems found', () => {
    const slots = signoffSlots(action('conclude'))
    expect(slots).toEqual([
      { spec: 'party:handler', kind: 'party', code: 'handler' },
      { spec: 'party:in_charge', kind: 'party', code: 'in_charge' },
    ])
    expect(signoffSlots({ ...action('conclude'), signoff: ['role:discipline'] })[0]).toEqual({ spec: 'role:discipline', kind: 'role', code: 'discipline' })
    expect(suggestedSigners(slots, { handler: [HANDLER], in_charge: [IN_CHARGE] })).toEqual([HANDLER, IN_CHARGE])
    // the same person in both parties is suggested once only
    expect(suggestedSigners(slots, { handler: [HANDLER], in_charge: [HANDLER] })).toEqual([HANDLER, null])
    expect(signerProblem([HANDLER, null])).toBe('missing')
    expect(signerProblem([HANDLER, HANDLER])).toBe('same')
    expect(signerProblem([HANDLER, IN_CHARGE])).toBeNull()
  })
})
