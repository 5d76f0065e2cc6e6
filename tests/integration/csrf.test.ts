// CSRF on every state-changing route, found by walking the router: a route
// added tomorrow is covered the day it is added. Each is posted by a user who
// could otherwise use it, urlencoded and multipart (upload routes parse their
// body with multer before the token is checked), without a token and with
// another session's token: 403, and nothing changes in the database.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { CROSS_SITE_POST_PATHS } from '../../src/middleware/csrf.js';
import { requireStaff } from '../../src/auth/current-user.js';
import { startMailSink } from '../../src/dev/mail-sink.js';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { allTables, fingerprint } from '../helpers/isolation.js';
import { fillPath, pathMatches, stateChangingRoutes, type RegisteredRoute } from '../helpers/routes.js';

const sink = await startMailSink({ limit: 5 });
// Every router mounted, the development mail pages included.
const { app, db } = await createTestApp({ deps: { mailSink: sink } });
const JAN = '85092305734'; // WZC Sint-Jozef
const SOFIE = '91030521416'; // Huisartsenkring Pajottenland
const ELS = '80012724649'; // department staff

/** The routes that receive cross-site POSTs by design: signed SAML messages. Nothing else. */
const EXPECTED_EXEMPTIONS = ['/auth/saml/acs'];

async function loggedIn(insz: string): Promise<{ agent: TestAgent; token: string }> {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, insz);
  const page = await agent.get('/auth/logout');
  const token = hiddenField(page.text, '_csrf');
  if (!token) throw new Error('no CSRF token on the logout page');
  return { agent, token };
}

const facilityUser = await loggedIn(JAN);
const staffUser = await loggedIn(ELS);
// The token of someone else's session: valid, but not for this one.
const otherSessionToken = (await loggedIn(SOFIE)).token;
const routes = stateChangingRoutes(app);
const tables = await allTables(db.prisma);

function send(agent: TestAgent, method: string, url: string, encoding: 'urlencoded' | 'multipart', fields: Record<string, string>) {
  const verb = method === 'ALL' ? 'post' : (method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete');
  const pending = agent[verb](url);
  if (encoding === 'urlencoded') return pending.type('form').send(fields);
  // supertest sends multipart/form-data as soon as a field is added.
  for (const [name, value] of Object.entries(fields)) pending.field(name, value);
  return pending;
}

describe('CSRF on every state-changing route', () => {
  it('finds the state-changing routes by walking the router', () => {
    const keys = routes.map((r) => r.key);
    for (const known of ['POST /mijn-organisatie', 'POST /mijn-organisatie/contactpersonen', 'POST /auth/logout', 'POST /organisatie/kiezen', 'POST /dev/mail/testbericht']) {
      expect(keys).toContain(known);
    }
  });

  it('exempts exactly the SAML assertion consumer, which checks signatures instead', () => {
    expect([...CROSS_SITE_POST_PATHS]).toEqual(EXPECTED_EXEMPTIONS);
    for (const path of EXPECTED_EXEMPTIONS) expect(routes.map((r) => r.path)).toContain(path);
  });

  it.each(routes.filter((r) => !EXPECTED_EXEMPTIONS.includes(r.path ?? '')).map((r) => [r.key, r] as const))(
    'refuses %s without a token and with another session\'s token, urlencoded and multipart, and changes nothing',
    async (_key, route: RegisteredRoute) => {
      // Every parameter gets a plausible value; a pattern the walk cannot fill fails here, so that nothing escapes unnoticed.
      const url = fillPath(route, {}, '1');
      expect(url, `${route.key}: the walk cannot build a URL for this route; teach tests/helpers/routes.ts its pattern`).toBeDefined();
      if (url === undefined) return;
      expect(pathMatches(route, url)).toBe(true);
      const { agent } = route.handlers.includes(requireStaff) ? staffUser : facilityUser;
      const before = await fingerprint(db.prisma, tables);
      for (const encoding of ['urlencoded', 'multipart'] as const) {
        for (const [what, token] of [['no token', undefined], ['another session\'s token', otherSessionToken]] as const) {
          const fields = { naam: 'Vervalst', facilityId: '1', action: 'save', ...(token ? { _csrf: token } : {}) };
          const response = await send(agent, route.method, url, encoding, fields);
          expect(response.status, `${route.key}, ${encoding}, ${what}`).toBe(403);
          expect(response.text, `${route.key}, ${encoding}, ${what}`).toContain('Uw formulier is verlopen');
        }
      }
      expect(await fingerprint(db.prisma, tables)).toEqual(before);
      expect(sink.list()).toEqual([]);
    },
  );

  it('lets the same user post with the token of their own session (the refusals above are CSRF, not something else)', async () => {
    const response = await facilityUser.agent.post('/auth/logout').type('form').send({ _csrf: facilityUser.token });
    expect(response.status).toBe(303);
  });
});
