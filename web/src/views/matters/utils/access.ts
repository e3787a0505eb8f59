/**
 * Whether to offer 新建 on a pack's list. The server decides (the kind's `open.by`, which GET /packs does not send);
 * this only hides the button from those who hold nothing that an `open.by` could name: a role of this pack, the
 * `officer` system role (packs name `role:officer`), or a `matter.open` permission.
 */
export function mayOpen(packId: string, grants: readonly { role: string }[], permissions: readonly string[]): boolean {
  if (permissions.includes('matter.open')) return true
  return grants.some((g) => g.role.startsWith(`${packId}/`) || g.role === 'officer')
}
