/**
 * A path on this portal to return to after login, or undefined: only local
 * absolute paths, never another host ("//evil", "/\\evil", "https://..."),
 * and never back into the login machinery.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (value.includes('\\') || [...value].some((c) => c.charCodeAt(0) < 32)) return undefined;
  const parsed = new URL(value, 'http://portal.invalid');
  if (parsed.host !== 'portal.invalid') return undefined;
  if (parsed.pathname.startsWith('/auth/') || parsed.pathname.startsWith('/dev/idp')) return undefined;
  const path = `${parsed.pathname}${parsed.search}`;
  // Normalising dot segments can produce a new leading "//" ("/.//evil.example"): check the result too.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return undefined;
  return path;
}
