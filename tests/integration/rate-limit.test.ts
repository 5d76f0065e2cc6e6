// Rate limits counted in PostgreSQL (src/middleware/rate-limit.ts), and the
// client address they count, which depends on TRUST_PROXY.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp, productionEnv } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { PostgresRateLimitStore } from '../../src/middleware/rate-limit.js';
import type { Options } from 'express-rate-limit';

const db = await createTestDatabase();
const store = (name: string, windowMs = 60_000) => {
  const s = new PostgresRateLimitStore(db.pool, name);
  s.init({ windowMs } as Options);
  return s;
};
const forwardedFor = (i: number) => `203.0.113.${i}`;

describe('the login rate limit', () => {
  it('is shared by every process on the same database', async () => {
    const shared = await createTestDatabase();
    const env = { LOGIN_RATE_LIMIT_PER_MINUTE: '4' };
    const first = await createTestApp({ db: shared, env });
    const second = await createTestApp({ db: shared, env });
    for (const app of [first.app, second.app, first.app, second.app]) expect((await request(app).get('/auth/login')).status).toBe(302);
    expect((await request(first.app).get('/auth/login')).status).toBe(429);
    expect((await request(second.app).get('/auth/login')).status).toBe(429);
  });

  it('counts a client whose X-Forwarded-For changes at every request as one client when TRUST_PROXY is not set (production)', async () => {
    const { app } = await createTestApp({ env: { ...(await productionEnv()), LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    for (let i = 1; i <= 3; i++) expect((await request(app).get('/auth/login').set('X-Forwarded-For', forwardedFor(i))).status).toBe(302);
    const refused = await request(app).get('/auth/login').set('X-Forwarded-For', forwardedFor(4));
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Te veel pogingen');
  });

  it('counts the address the trusted proxy reports when TRUST_PROXY names it', async () => {
    const { app } = await createTestApp({ env: { ...(await productionEnv()), LOGIN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' } });
    for (let i = 1; i <= 5; i++) expect((await request(app).get('/auth/login').set('X-Forwarded-For', forwardedFor(i))).status).toBe(302);
    for (let i = 0; i < 3; i++) expect((await request(app).get('/auth/login').set('X-Forwarded-For', forwardedFor(9))).status).toBe(302);
    expect((await request(app).get('/auth/login').set('X-Forwarded-For', forwardedFor(9))).status).toBe(429);
  });
});

describe('the PostgreSQL rate-limit store', () => {
  it('counts concurrent hits exactly once each', async () => {
    const counter = store('concurrent');
    const results = await Promise.all(Array.from({ length: 25 }, () => counter.increment('198.51.100.1')));
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await counter.get('198.51.100.1'))?.totalHits).toBe(25);
  });

  it('keeps limiters and clients apart, and decrements and resets one client', async () => {
    const login = store('login-test');
    const helpdesk = store('helpdesk-test');
    await login.increment('198.51.100.2');
    await login.increment('198.51.100.2');
    await login.increment('198.51.100.3');
    expect((await helpdesk.increment('198.51.100.2')).totalHits).toBe(1);
    await login.decrement('198.51.100.2');
    expect((await login.get('198.51.100.2'))?.totalHits).toBe(1);
    await login.resetKey('198.51.100.2');
    expect(await login.get('198.51.100.2')).toBeUndefined();
    expect((await login.get('198.51.100.3'))?.totalHits).toBe(1);
    await login.resetAll();
    expect(await login.get('198.51.100.3')).toBeUndefined();
    expect((await helpdesk.get('198.51.100.2'))?.totalHits).toBe(1);
  });

  it('starts a new window once the old one has passed, and deletes expired rows', async () => {
    const counter = store('expiry');
    await counter.increment('198.51.100.4');
    await counter.increment('198.51.100.4');
    await db.pool.query("UPDATE rate_limit SET reset_at = now() - interval '1 second' WHERE key = 'expiry:198.51.100.4'");
    expect(await counter.get('198.51.100.4')).toBeUndefined();
    const restarted = await counter.increment('198.51.100.4');
    expect(restarted.totalHits).toBe(1);
    expect(restarted.resetTime?.getTime()).toBeGreaterThan(Date.now() + 50_000);

    await db.pool.query("INSERT INTO rate_limit (key, hits, reset_at) VALUES ('expiry:198.51.100.5', 7, now() - interval '1 minute')");
    await counter.cleanUp();
    const { rows } = await db.pool.query<{ key: string }>("SELECT key FROM rate_limit WHERE key LIKE 'expiry:%' ORDER BY key");
    expect(rows.map((r) => r.key)).toEqual(['expiry:198.51.100.4']);
  });

  it('refuses a limiter name that could collide with another limiter\'s keys', () => {
    expect(() => new PostgresRateLimitStore(db.pool, 'Login:')).toThrow(/lowercase/);
  });
});
