import { afterEach, describe, expect, it, vi } from 'vitest'
import { exportMatters } from '@/api/matters'
import { filenameFromDisposition, setErrorNotifier } from '@/api/http'
import { fromRouteQuery, queryString, toApiQuery, toRouteQuery } from '@/views/matters/utils/query'
import { emptyFilters } from '@/views/matters/utils/types'
import { mayOpen } from '@/views/matters/utils/access'
import { levelBars, percent, rateBars } from '@/views/matters/utils/dashboard'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('filters → query string', () => {
  it('sends only the filters that are set', () => {
    expect(queryString(toApiQuery('example', emptyFilters(), 1, 20))).toBe('pack=example&page=1&pageSize=20')
    const f = { ...emptyFilters('report'), state: 'verifying', level: 'red' as const, unitId: 'u-1', overdue: true, open: 'open' as const, q: '  拉票 ' }
    expect(queryString(toApiQuery('example', f, 2, 50))).toBe(
      'pack=example&kind=report&state=verifying&level=red&unitId=u-1&overdue=true&open=true&q=%E6%8B%89%E7%A5%A8&page=2&pageSize=50',
    )
    expect(toApiQuery('example', { ...emptyFilters(), level: 'none', open: 'closed' })).toEqual({ pack: 'example', level: 'none', open: false })
  })

  it('sends mine, or else the party member', () => {
    expect(toApiQuery('p', { ...emptyFilters(), mine: true, partyMember: 'x' })).toEqual({ pack: 'p', mine: true })
    expect(toApiQuery('p', { ...emptyFilters(), partyMember: 'x' })).toEqual({ pack: 'p', partyMember: 'x' })
  })

  it('round-trips through the page URL and ignores junk', () => {
    const f = { ...emptyFilters('talk'), state: 'held', level: 'yellow' as const, unitId: 'u-2', mine: true, q: '约谈' }
    const r = toRouteQuery(f, 3, 50)
    expect(r).toEqual({ kind: 'talk', state: 'held', level: 'yellow', unit: 'u-2', mine: '1', q: '约谈', page: '3', size: '50' })
    expect(fromRouteQuery(r as Record<string, string>)).toEqual({ filters: f, page: 3, pageSize: 50 })
    expect(toRouteQuery(emptyFilters(), 1, 20)).toEqual({})
    expect(fromRouteQuery({ level: 'purple', open: 'maybe', page: '-1', size: '9999' })).toEqual({ filters: emptyFilters(), page: 1, pageSize: 20 })
  })
})

describe('export', () => {
  it('downloads /matters/export with the filters but not the paging', async () => {
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      new Response('xlsx', {
        status: 200,
        headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': "attachment; filename=x.xlsx; filename*=UTF-8''%E4%BA%8B%E9%A1%B9-20261122.xlsx" },
      }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const created = vi.fn(() => 'blob:1')
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('事项-20261122.xlsx')
      expect(this.href).toBe('blob:1')
    })
    await exportMatters(toApiQuery('example', { ...emptyFilters('report'), level: 'red' }, 4, 50))
    expect(String(fetchMock.mock.calls[0][0])).toBe('/api/v1/matters/export?pack=example&kind=report&level=red')
    expect(fetchMock.mock.calls[0][1]?.credentials).toBe('same-origin')
    expect(click).toHaveBeenCalledTimes(1)
  })

  it('reports a failed export like any request', async () => {
    const notify = vi.fn()
    setErrorNotifier(notify)
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ title: '导出失败', status: 500 }), { status: 500 })))
    await expect(exportMatters({ pack: 'x' })).rejects.toThrow('导出失败')
    expect(notify).toHaveBeenCalledWith('导出失败')
  })

  it('reads file names from Content-Disposition', () => {
    expect(filenameFromDisposition('attachment; filename="a b.xlsx"', 'f')).toBe('a b.xlsx')
    expect(filenameFromDisposition(null, 'f')).toBe('f')
    expect(filenameFromDisposition("attachment; filename*=UTF-8''%E4%BA%8B.xlsx", 'f')).toBe('事.xlsx')
  })
})

describe('who sees 新建, and the dashboard numbers', () => {
  it('offers 新建 to holders of a role of the pack, officers, or matter.open', () => {
    expect(mayOpen('example', [{ role: 'example/intake' }], [])).toBe(true)
    expect(mayOpen('example', [{ role: 'other/intake' }, { role: 'sysadmin' }], ['org.read'])).toBe(false)
    expect(mayOpen('example', [{ role: 'officer' }], [])).toBe(true)
    expect(mayOpen('example', [], ['matter.open'])).toBe(true)
  })

  it('follows the kinds\' openBy when the server sends it', () => {
    const kinds = [{ openBy: ['role:intake', 'citizen'] }, { openBy: ['role:officer'] }]
    expect(mayOpen('example', [{ role: 'example/intake' }], [], kinds)).toBe(true)
    expect(mayOpen('example', [{ role: 'officer' }], [], kinds)).toBe(true)
    expect(mayOpen('example', [{ role: 'example/handler' }], ['matter.open'], kinds)).toBe(false)
    expect(mayOpen('example', [{ role: 'other/intake' }], [], kinds)).toBe(false)
  })

  it('stacks red, yellow and the rest, and turns rates into percents', () => {
    const row = (unitName: string, open: number, red: number, yellow: number, onTimeRate: number | null) =>
      ({ unitId: unitName, unitName, open, red, yellow, overdue: 0, closed: 0, closedOnTime: 0, onTimeRate })
    const rows = [row('青石镇', 5, 1, 2, 0.8333), row('溪口镇', 1, 1, 1, null)]
    expect(levelBars(rows)).toEqual({ labels: ['青石镇', '溪口镇'], red: [1, 1], yellow: [2, 1], normal: [2, 0] })
    expect(rateBars(rows)).toEqual({ labels: ['青石镇', '溪口镇'], rates: [83.3, null] })
    expect(percent(1)).toBe(100)
    expect(percent(null)).toBeNull()
  })
})
