import type { Unit } from '@/api/units'

export interface UnitNode extends Unit {
  children: UnitNode[]
  /** parentId is set but that parent is not in the list (not visible to the caller), or the link would form a cycle. */
  orphan: boolean
}

/** Chinese collation (pinyin order for Han characters), then by code so the order is total. */
export function compareUnits(a: Pick<Unit, 'name' | 'code'>, b: Pick<Unit, 'name' | 'code'>): number {
  return a.name.localeCompare(b.name, 'zh-CN') || a.code.localeCompare(b.code, 'zh-CN')
}

/**
 * Builds the unit tree from the flat list the server returns.
 * A unit whose parent is missing (not visible to this caller) or whose parent chain loops back to it
 * becomes a root, marked `orphan`. Siblings are sorted by Chinese collation of the name.
 * The input is not modified.
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>()
  for (const u of units) {
    if (!byId.has(u.id)) byId.set(u.id, { ...u, children: [], orphan: false })
  }

  const parentOf = (id: string): string | null => byId.get(id)?.parentId ?? null

  /** true when walking up from `start` reaches `target` or loops. */
  const reaches = (start: string, target: string): boolean => {
    const seen = new Set<string>()
    let cur: string | null = start
    while (cur !== null && byId.has(cur)) {
      if (cur === target || seen.has(cur)) return true
      seen.add(cur)
      cur = parentOf(cur)
    }
    return false
  }

  const roots: UnitNode[] = []
  for (const node of byId.values()) {
    const pid = node.parentId
    const parent = pid !== null ? byId.get(pid) : undefined
    if (parent && !reaches(parent.id, node.id)) {
      parent.children.push(node)
    } else {
      node.orphan = pid !== null
      roots.push(node)
    }
  }

  const sortDeep = (list: UnitNode[]): void => {
    list.sort(compareUnits)
    for (const n of list) sortDeep(n.children)
  }
  sortDeep(roots)
  return roots
}

/** Depth-first walk in display order. */
export function walkTree(nodes: readonly UnitNode[], visit: (node: UnitNode, depth: number) => void, depth = 0): void {
  for (const n of nodes) {
    visit(n, depth)
    walkTree(n.children, visit, depth + 1)
  }
}

/** Ids of a node and all its descendants (used to keep a unit from being moved under itself). */
export function subtreeIds(nodes: readonly UnitNode[], id: string): Set<string> {
  const out = new Set<string>()
  let found: UnitNode | undefined
  walkTree(nodes, (n) => {
    if (n.id === id) found = n
  })
  if (found) walkTree([found], (n) => out.add(n.id))
  return out
}

/** Names from the root down to the unit, e.g. ['市政府', '办公室']. */
export function unitPath(units: readonly Unit[], id: string): string[] {
  const byId = new Map(units.map((u) => [u.id, u]))
  const path: string[] = []
  const seen = new Set<string>()
  let cur = byId.get(id)
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id)
    path.unshift(cur.name)
    cur = cur.parentId !== null ? byId.get(cur.parentId) : undefined
  }
  return path
}

/** Filter used by the tree boxes: name contains the text, or code contains it (case-insensitive). */
export function unitMatches(u: Pick<Unit, 'name' | 'code'>, text: string): boolean {
  const q = text.trim()
  if (!q) return true
  return u.name.includes(q) || u.code.toLowerCase().includes(q.toLowerCase())
}
