import { beforeEach, describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import {
  dictionaries,
  entityTypeLabel,
  interpolate,
  journalTypeLabel,
  locale,
  localTitle,
  setLocale,
  STORAGE_KEY,
  t,
  toggleLocale,
  type MessageKey,
} from '@/i18n'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('dictionaries', () => {
  const keys = Object.keys(zhCN) as MessageKey[]

  it('has a non-empty English text for every zh-CN key', () => {
    const missing = keys.filter((k) => typeof en[k] !== 'string' || en[k].trim() === '')
    expect(missing).toEqual([])
  })

  it('has no English key that zh-CN lacks', () => {
    const extra = Object.keys(en).filter((k) => !(k in zhCN))
    expect(extra).toEqual([])
  })

  it('has a non-empty zh-CN text for every key', () => {
    expect(keys.filter((k) => zhCN[k].trim() === '')).toEqual([])
  })

  it('uses the same placeholders in both languages', () => {
    const mismatched = keys.filter((k) => placeholders(zhCN[k]).join() !== placeholders(en[k]).join())
    expect(mismatched).toEqual([])
  })

  it('registers both dictionaries', () => {
    expect(Object.keys(dictionaries).sort()).toEqual(['en', 'zh-CN'])
  })
})

describe('translate', () => {
  beforeEach(() => {
    localStorage.clear()
    setLocale('zh-CN')
  })

  it('defaults to Chinese', () => {
    expect(t('nav.org')).toBe('组织机构')
  })

  it('switches to English and persists the choice', () => {
    setLocale('en')
    expect(t('nav.org')).toBe('Organization')
    expect(localStorage.getItem(STORAGE_KEY)).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    toggleLocale()
    expect(locale.value).toBe('zh-CN')
    expect(localStorage.getItem(STORAGE_KEY)).toBe('zh-CN')
  })

  it('fills placeholders and leaves unknown ones', () => {
    expect(t('common.total', { n: 12 })).toBe('共 12 条')
    expect(interpolate('{a}-{b}', { a: 1 })).toBe('1-{b}')
  })

  it('labels journal types in Chinese where known, raw otherwise', () => {
    expect(journalTypeLabel('unit.created')).toBe('新建单位')
    expect(journalTypeLabel('account.locked')).toBe('账号锁定')
    expect(journalTypeLabel('something.new')).toBe('something.new')
    expect(entityTypeLabel('role-assignment')).toBe('角色授权')
    expect(entityTypeLabel('widget')).toBe('widget')
    setLocale('en')
    expect(journalTypeLabel('unit.created')).toBe('Unit created')
  })

  it('picks localized titles', () => {
    expect(localTitle({ titleZh: '部门', titleEn: 'Department' })).toBe('部门')
    setLocale('en')
    expect(localTitle({ titleZh: '部门', titleEn: 'Department' })).toBe('Department')
    expect(localTitle({ titleZh: '部门', titleEn: '' })).toBe('部门')
  })
})
