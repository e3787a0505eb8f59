/** Only same-site paths are followed after login (no `//host` or absolute URLs). */
export function safeRedirect(v: unknown): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && s.startsWith('/') && !s.startsWith('//') ? s : '/'
}
