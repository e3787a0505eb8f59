/**
 * Whether to offer 新建 on a pack's list: when the caller holds a role that some kind's `openBy` names
 * (`role:intake` is this pack's `<pack>/intake` or the system role `intake`). The server decides anyway;
 * this only hides a button that would be refused. Without `openBy` (an older server) the caller needs a
 * role of this pack, the `officer` role, or a `matter.open` permission.
 */
export function mayOpen(
  packId: string,
  grants: readonly { role: string }[],
  permissions: readonly string[],
  kinds: readonly { openBy?: string[] }[] = [],
): boolean {
  const named = kinds.flatMap((k) => k.openBy ?? [])
  if (kinds.length > 0 && kinds.every((k) => k.openBy !== undefined)) {
    const roles = new Set(named.filter((b) => b.startsWith('role:')).map((b) => b.slice(5)))
    const own = `${packId}/`
    return grants.some((g) => roles.has(g.role.startsWith(own) ? g.role.slice(own.length) : g.role))
  }
  if (permissions.includes('matter.open')) return true
  return grants.some((g) => g.role.startsWith(`${packId}/`) || g.role === 'officer')
}
