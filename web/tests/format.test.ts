// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatNumber, hashPrefix, isLocked, previewData } from '@/utils/format'
import { safeRedirect } from '@/utils/redirect'

describe('formatDateTime', () => {
  const iso = '2025-03-07T06:05:09Z'

  it('shows China Standard Time whatever the browser zone', () => {
    // 06:05:09 UTC is 14:05:09 in Asia/Shanghai (UTC+8, no daylight saving).
    expect(formatDateTime(iso, 'zh-CN')).toBe('2025/03/07 14:05:09')
    expect(formatDateTime('2025-03-07T20:00:00Z', 'zh-CN')).toBe('2025/03/08 04:00:00')
  })

  it('differs between zh-CN and en', () => {
    expect(formatDateTime(iso, 'en')).not.toBe(formatDateTime(iso, 'zh-CN'))
    expect(formatDateTime(iso, 'en')).toMatch(/2025/)
  })

  it('handles empty and invalid input', () => {
    expect(formatDateTime(null, 'zh-CN')).toBe('')
    expect(formatDateTime(undefined, 'zh-CN')).toBe('')
    expect(formatDateTime('', 'zh-CN')).toBe('')
    expect(formatDateTime('not a date', 'zh-CN')).toBe('not a date')
  })

  it('formatDate has no time part', () => {
    expect(formatDate('2025-03-07T12:00:00Z', 'zh-CN')).toMatch(/^2025\/03\/0[78]$/)
  })
})

describe('formatNumber', () => {
  it('groups digits per locale', () => {
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567')
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(formatNumber(1234567.5, 'de-DE')).toBe('1.234.567,5')
  })
  it('returns empty for missing values', () => {
    expect(formatNumber(null, 'zh-CN')).toBe('')
    expect(formatNumber(Number.NaN, 'zh-CN')).toBe('')
  })
})

describe('journal helpers', () => {
  it('hashPrefix cuts long hashes', () => {
    expect(hashPrefix('abcdef0123456789', 8)).toBe('abcdef01')
    expect(hashPrefix('abc')).toBe('abc')
    expect(hashPrefix(null)).toBe('')
  })

  it('previewData renders key=value pairs and truncates by characters', () => {
    expect(previewData({ name: '办公室', code: '001', parentId: null })).toBe('name=办公室, code=001, parentId=∅')
    expect(previewData({ tags: ['a'] })).toBe('tags=["a"]')
    const long = previewData({ text: '长'.repeat(100) }, 20)
    expect(Array.from(long)).toHaveLength(20)
    expect(long.endsWith('…')).toBe(true)
    expect(previewData(null)).toBe('')
  })

  it('isLocked compares with now', () => {
    const now = new Date('2025-01-01T00:00:00Z')
    expect(isLocked('2025-01-01T00:10:00Z', now)).toBe(true)
    expect(isLocked('2024-12-31T23:50:00Z', now)).toBe(false)
    expect(isLocked(null, now)).toBe(false)
  })
})

describe('safeRedirect', () => {
  it('follows same-site paths only', () => {
    expect(safeRedirect('/org')).toBe('/org')
    expect(safeRedirect(['/journal?x=1'])).toBe('/journal?x=1')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})
