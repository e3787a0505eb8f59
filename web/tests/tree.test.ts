// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { Unit } from '@/api/units'
import { buildUnitTree, compareUnits, subtreeIds, unitMatches, unitPath, walkTree } from '@/utils/tree'

let n = 0
function unit(id: string, name: string, parentId: string | null, code = `C${++n}`): Unit {
  return { id, code, name, kind: 'dept', kindTitle: '部门', parentId, depth: 0, peopleCount: 0 }
}

function names(nodes: ReturnType<typeof buildUnitTree>): string[] {
  return nodes.map((x) => x.name)
}

describe('buildUnitTree', () => {
  it('nests children under their parents', () => {
    const tree = buildUnitTree([unit('c', '办公室', 'root'), unit('root', '市政府', null), unit('d', '秘书科', 'c')])
    expect(names(tree)).toEqual(['市政府'])
    expect(names(tree[0].children)).toEqual(['办公室'])
    expect(names(tree[0].children[0].children)).toEqual(['秘书科'])
    expect(tree[0].orphan).toBe(false)
  })

  it('orders siblings by Chinese collation (pinyin), not by code point', () => {
    const tree = buildUnitTree([
      unit('1', '天津市', null),
      unit('2', '北京市', null),
      unit('3', '上海市', null),
      unit('4', '安徽省', null),
      unit('5', '重庆市', null),
    ])
    // an → bei → chong → shang → tian
    expect(names(tree)).toEqual(['安徽省', '北京市', '重庆市', '上海市', '天津市'])
    // code point order would differ: 上 (U+4E0A) < 北 (U+5317) < 天 (U+5929) < 安 (U+5B89) < 重 (U+91CD)
    expect([...names(tree)].sort()).not.toEqual(names(tree))
  })

  it('sorts at every level and breaks name ties by code', () => {
    const tree = buildUnitTree([
      unit('r', '县委', null),
      unit('b', '组织部', 'r', 'B'),
      unit('a', '办公室', 'r', 'Z'),
      unit('a2', '办公室', 'r', 'A'),
    ])
    expect(tree[0].children.map((x) => `${x.name}/${x.code}`)).toEqual(['办公室/A', '办公室/Z', '组织部/B'])
  })

  it('makes units whose parent is not visible roots, marked orphan', () => {
    const tree = buildUnitTree([unit('x', '乡镇', 'hidden'), unit('y', '村', 'x'), unit('z', '区委', null)])
    expect(names(tree)).toEqual(['区委', '乡镇'])
    const orphan = tree.find((x) => x.name === '乡镇')
    expect(orphan?.orphan).toBe(true)
    expect(names(orphan?.children ?? [])).toEqual(['村'])
  })

  it('breaks cycles instead of losing units or looping', () => {
    const tree = buildUnitTree([unit('a', '甲', 'b'), unit('b', '乙', 'a'), unit('s', '自环', 's')])
    const all: string[] = []
    walkTree(tree, (x) => all.push(x.id))
    expect(all.sort()).toEqual(['a', 'b', 's'])
    expect(tree.every((x) => x.orphan)).toBe(true)
  })

  it('keeps the first of duplicate ids and does not modify the input', () => {
    const input = [unit('a', '一', null), unit('a', '二', null)]
    const copy = JSON.parse(JSON.stringify(input)) as Unit[]
    const tree = buildUnitTree(input)
    expect(names(tree)).toEqual(['一'])
    expect(input).toEqual(copy)
  })

  it('returns an empty list for no units', () => {
    expect(buildUnitTree([])).toEqual([])
  })
})

describe('tree helpers', () => {
  const units = [unit('r', '市', null), unit('a', '区', 'r'), unit('b', '街道', 'a'), unit('c', '局', 'r')]
  const tree = buildUnitTree(units)

  it('subtreeIds covers a node and its descendants only', () => {
    expect([...subtreeIds(tree, 'a')].sort()).toEqual(['a', 'b'])
    expect(subtreeIds(tree, 'missing').size).toBe(0)
  })

  it('unitPath goes from the root down', () => {
    expect(unitPath(units, 'b')).toEqual(['市', '区', '街道'])
  })

  it('unitMatches by name or code', () => {
    expect(unitMatches({ name: '财政局', code: 'CZJ' }, '财政')).toBe(true)
    expect(unitMatches({ name: '财政局', code: 'CZJ' }, 'czj')).toBe(true)
    expect(unitMatches({ name: '财政局', code: 'CZJ' }, '教育')).toBe(false)
    expect(unitMatches({ name: '财政局', code: 'CZJ' }, '  ')).toBe(true)
  })

  it('compareUnits uses zh-CN collation', () => {
    expect(compareUnits({ name: '北京', code: '2' }, { name: '上海', code: '1' })).toBeLessThan(0)
  })
})
