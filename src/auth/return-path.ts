// Where a visitor returns after login or after choosing a facility. The one
// check (safeReturnPath) runs wherever a return path is stored and wherever
// one is used: the login's RelayState, the assertion consumer, the page that
// sent a visitor to the facility choice, and that choice itself.
import type { Session, SessionData } from 'express-session';
import './session-data.js';

/**
 * A path on this portal to return to after login, or undefined: only local
 * absolute paths, never another host ("//evil", "/\\evil", "https://...",
 * an absolute-form request target), and never back into the login machinery.
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

/** The login URL for a visitor of `target` (a request's originalUrl): it returns there only when the path is safe. */
export function loginUrlFor(target: unknown): string {
  const path = safeReturnPath(target);
  return path ? `/auth/login?RelayState=${encodeURIComponent(path)}` : '/auth/login';
}

/** Remembers where to go once a facility is chosen; an unsafe target is not remembered. */
export function rememberReturnPath(session: Session & Partial<SessionData>, target: unknown): void {
  const path = safeReturnPath(target);
  if (path) session.returnTo = path;
  else delete session.returnTo;
}

/** Takes the remembered path (checked again: sessions outlive code changes), forgetting it. */
export function takeReturnPath(session: Session & Partial<SessionData>): string | undefined {
  const path = safeReturnPath(session.returnTo);
  delete session.returnTo;
  return path;
}
