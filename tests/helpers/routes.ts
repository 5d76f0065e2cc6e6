// Every route the application registered, found by walking Express 5's router
// (app.router.stack, with nested routers), so that the CSRF and isolation
// tests cover a new route the day it is added.
import type { Express } from 'express';

/** What the walk reads of router's internal Layer and Route (router 2.x). */
interface Layer {
  handle: unknown;
  /** The path given to use()/route(): a string, or an array or RegExp the walk cannot describe. */
  rawPath?: unknown;
  /** use() without a path (or with "/"): applies to everything below the mount point. */
  slash?: boolean;
  route?: { path: unknown; methods: Record<string, boolean | undefined>; stack: Layer[] };
}

export interface RegisteredRoute {
  /** GET, POST, ...; ALL for router.all(). */
  method: string;
  /** The full path pattern, e.g. "/berichten/:id"; undefined when the walk cannot describe it (a RegExp or an array). */
  path: string | undefined;
  /** "POST /berichten/:id", or the raw path when the walk cannot describe it. */
  key: string;
  /** Every handler a request to the route passes in the routers: middleware mounted on its path, then the route's own. */
  handlers: unknown[];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL']);

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/** Whether middleware mounted at `mount` runs for requests to `path`. */
function covers(mount: string, path: string): boolean {
  return mount === '/' || path === mount || path.startsWith(`${mount}/`);
}

function isRouter(handle: unknown): handle is { stack: Layer[] } {
  return typeof handle === 'function' && Array.isArray((handle as { stack?: unknown }).stack);
}

function walk(stack: Layer[], prefix: string | undefined, inherited: unknown[], out: RegisteredRoute[]): void {
  const middleware: { mount: string | undefined; handle: unknown }[] = [];
  const before = (path: string | undefined) => [
    ...inherited,
    // Middleware whose mount point the walk cannot describe is counted as applying: the classification stays conservative.
    ...middleware.filter((m) => path === undefined || m.mount === undefined || covers(m.mount, path)).map((m) => m.handle),
  ];
  for (const layer of stack) {
    const raw = typeof layer.rawPath === 'string' ? layer.rawPath : undefined;
    if (layer.route) {
      const own = typeof layer.route.path === 'string' ? layer.route.path : undefined;
      const path = prefix !== undefined && own !== undefined ? join(prefix, own) : undefined;
      for (const [method, registered] of Object.entries(layer.route.methods)) {
        if (!registered) continue;
        const m = method === '_all' ? 'ALL' : method.toUpperCase();
        out.push({
          method: m,
          path,
          key: `${m} ${path ?? String(layer.route.path)}`,
          handlers: [...before(path), ...layer.route.stack.map((l) => l.handle)],
        });
      }
    } else if (isRouter(layer.handle)) {
      const mount = layer.slash ? prefix : prefix !== undefined && raw !== undefined ? join(prefix, raw) : undefined;
      walk(layer.handle.stack, mount, before(mount), out);
    } else {
      middleware.push({ mount: layer.slash ? prefix : prefix !== undefined && raw !== undefined ? join(prefix, raw) : undefined, handle: layer.handle });
    }
  }
}

/** Every method and path the app registered, in registration order. */
export function listRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  walk((app.router as unknown as { stack: Layer[] }).stack, '/', [], out);
  return out;
}

/** The routes that change state: POST, PUT, PATCH, DELETE (and router.all). */
export function stateChangingRoutes(app: Express): RegisteredRoute[] {
  return listRoutes(app).filter((r) => STATE_CHANGING.has(r.method));
}

/**
 * A concrete URL for a route: each `:param` filled from `values` (or `fallback`).
 * Undefined when the pattern has parts the walk cannot fill (wildcards, optional groups, RegExps).
 */
export function fillPath(route: RegisteredRoute, values: Record<string, string> = {}, fallback?: string): string | undefined {
  if (route.path === undefined || /[*{}()?+]/.test(route.path)) return undefined;
  let unfilled = false;
  const url = route.path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = values[name] ?? fallback;
    if (value === undefined) unfilled = true;
    return encodeURIComponent(value ?? '');
  });
  return unfilled ? undefined : url;
}

/** Whether a concrete path matches a route's pattern (the test's URL really reaches that route). */
export function pathMatches(route: RegisteredRoute, url: string): boolean {
  if (route.path === undefined) return false;
  const pattern = route.path.replace(/[.[\]\\^$|]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return new RegExp(`^${pattern}/?$`).test(url.split('?')[0] ?? '');
}
