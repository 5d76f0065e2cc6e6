import { Router } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp, productionEnv } from '../helpers/app.js';

// A page that stores something in the session, as login will.
const sessionPage = Router();
sessionPage.get('/sessie', (req, res) => {
  (req.session as unknown as { visited: boolean }).visited = true;
  res.send('ok');
});

describe('security headers', () => {
  it('sends a strict CSP and the usual protective headers', async () => {
    const { app } = await createTestApp();
    const response = await request(app).get('/');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates no session for a visitor who only reads pages (a page with a form, such as /hulp, needs one for its CSRF token)', async () => {
    const { app, db } = await createTestApp();
    for (const path of ['/', '/bestaat-niet', '/themas/prijzen']) {
      const response = await request(app).get(path);
      expect(response.headers['set-cookie'], path).toBeUndefined();
    }
    expect(await db.prisma.session.count()).toBe(0);
  });

  it('stores sessions in PostgreSQL with an HttpOnly, SameSite=Lax cookie', async () => {
    const { app, db } = await createTestApp({ extraRoutes: [sessionPage] });
    const response = await request(app).get('/sessie');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^eloket=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(await db.prisma.session.count()).toBe(1);
  });

  it('uses a __Host- cookie with Secure, and HSTS, in production', async () => {
    const { app } = await createTestApp({
      extraRoutes: [sessionPage],
      env: await productionEnv(),
    });
    // Behind the TLS-terminating proxy.
    const response = await request(app).get('/sessie').set('X-Forwarded-Proto', 'https');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-eloket=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
  });
});
