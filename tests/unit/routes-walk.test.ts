// The router walk of tests/helpers/routes.ts on a small app with every shape it must understand.
import express, { Router, type RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { fillPath, listRoutes, pathMatches } from '../helpers/routes.js';

const guard: RequestHandler = (_req, _res, next) => next();
const other: RequestHandler = (_req, _res, next) => next();
const ok: RequestHandler = (_req, res) => void res.send('ok');

const inner = Router();
inner.use('/geheim', guard);
inner.get('/geheim/:id', ok);
inner.post('/open', ok);
const outer = Router();
outer.use('/binnen', inner);
outer.put('/stuk/:id', other, ok);
outer.all('/alles', ok);
outer.get('/*rest', ok);
const app = express();
app.get('/health', ok);
app.use(outer);

describe('listRoutes', () => {
  const routes = listRoutes(app);

  it('lists every method and full path, through nested routers mounted on a path', () => {
    expect(routes.map((r) => r.key)).toEqual(['GET /health', 'GET /binnen/geheim/:id', 'POST /binnen/open', 'PUT /stuk/:id', 'ALL /alles', 'GET /*rest']);
  });

  it('knows the middleware a route passes: mounted on its path, or in its own stack', () => {
    const byKey = Object.fromEntries(routes.map((r) => [r.key, r.handlers]));
    expect(byKey['GET /binnen/geheim/:id']).toContain(guard);
    expect(byKey['POST /binnen/open']).not.toContain(guard);
    expect(byKey['PUT /stuk/:id']).toContain(other);
  });

  it('fills parameters, and refuses a pattern it cannot fill', () => {
    const [, secret, , , , wildcard] = routes;
    if (!secret || !wildcard) throw new Error('routes missing');
    expect(fillPath(secret, { id: '42' })).toBe('/binnen/geheim/42');
    expect(fillPath(secret)).toBeUndefined();
    expect(fillPath(wildcard, {}, '1')).toBeUndefined();
    expect(pathMatches(secret, '/binnen/geheim/42?x=1')).toBe(true);
    expect(pathMatches(secret, '/binnen/geheim/42/meer')).toBe(false);
  });
});
