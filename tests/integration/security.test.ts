import { Router } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp, productionEnv } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';

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
      env: { ...(await productionEnv()), TRUST_PROXY: 'loopback' },
    });
    // Behind the TLS-terminating proxy, which TRUST_PROXY names.
    const response = await request(app).get('/sessie').set('X-Forwarded-Proto', 'https');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-eloket=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
  });

  it('denies the browser features the portal does not use (Permissions-Policy)', async () => {
    const { app } = await createTestApp();
    for (const path of ['/', '/bestaat-niet', '/public/css/main.css']) {
      const policy = String((await request(app).get(path)).headers['permissions-policy']);
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'browsing-topics', 'interest-cohort']) {
        expect(policy, `${feature} on ${path}`).toContain(`${feature}=()`);
      }
    }
  });
});

describe('caching', () => {
  const JAN = '85092305734';

  it('lets no browser keep a dynamic response: pages of a logged-in user, redirects, errors, confirmation pages', async () => {
    const { app, db } = await createTestApp();
    const agent = request.agent(app);
    const login = await loginAs(agent, db.prisma, JAN);
    expect(login.status).toBe(303);
    const responses: [string, { headers: Record<string, string> }][] = [
      ['the login\'s redirect', login],
      ['startpagina', await agent.get('/')],
      ['Mijn organisatie', await agent.get('/mijn-organisatie')],
      ['contact persons', await agent.get('/mijn-organisatie/contactpersonen')],
      ['theme page', await agent.get('/themas/prijzen')],
      ['404', await agent.get('/bestaat-niet')],
      ['confirmation page', await agent.get('/bevestigen/onbekend')],
      ['help', await agent.get('/hulp')],
    ];
    const logoutPage = await agent.get('/auth/logout');
    const logout = await agent.post('/auth/logout').type('form').send({ _csrf: hiddenField(logoutPage.text, '_csrf') });
    expect(logout.status).toBe(303);
    responses.push(
      ['logout page', logoutPage],
      ['logout redirect', logout],
      ['redirect to the login after logout', await agent.get('/mijn-organisatie')],
      ['redirect to the identity provider', await request(app).get('/auth/login')],
    );
    for (const [what, response] of responses) expect(response.headers['cache-control'], what).toBe('no-store');
  });

  it('lets browsers cache the stylesheet, scripts and images', async () => {
    const { app } = await createTestApp();
    for (const path of ['/public/css/main.css', '/public/js/auto-submit.js', '/public/images/favicon.svg']) {
      const response = await request(app).get(path);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control'], path).toBe('public, max-age=3600');
    }
  });
});
