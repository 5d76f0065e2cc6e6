// Return paths from request targets: an absolute-form target
// ("GET http://evil.example/mijn-organisatie HTTP/1.1") routes like its path,
// but must never become the page the portal sends a user to.
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';

const AN = '78041215386'; // two woonzorgcentra: chooses a facility after login

const { baseUrl, db } = await startTestServer();
const port = Number(new URL(baseUrl).port);

/** A raw request with an absolute-form target, as a proxy-aware client or an attacker sends it. */
function absoluteFormGet(target: string, cookie?: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path: target, headers: { host: `127.0.0.1:${port}`, ...(cookie ? { cookie } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function loggedInAgent() {
  const agent = request.agent(baseUrl);
  const login = await loginAs(agent, db.prisma, AN);
  expect(login.headers.location).toBe('/organisatie/kiezen');
  const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('eloket='));
  if (!cookie) throw new Error('no session cookie');
  return { agent, cookie };
}

async function chooseFirstFacility(agent: ReturnType<typeof request.agent>) {
  const choice = await agent.get('/organisatie/kiezen');
  const facilityId = /name="facilityId" type="radio" value="(\d+)"|value="(\d+)"[^>]*name="facilityId"/.exec(choice.text);
  const id = facilityId?.[1] ?? facilityId?.[2];
  return agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choice.text, '_csrf'), facilityId: id });
}

describe('return paths from absolute-form request targets', () => {
  it('never sends a user to another host after the facility choice', async () => {
    const { agent, cookie } = await loggedInAgent();
    const page = await absoluteFormGet('http://evil.example/mijn-organisatie', cookie);
    expect(page.status).toBe(302);
    expect(page.location).toBe('/organisatie/kiezen');
    const chosen = await chooseFirstFacility(agent);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/');
  });

  it('still returns to a local page after the facility choice', async () => {
    const { agent, cookie } = await loggedInAgent();
    const page = await absoluteFormGet('/mijn-organisatie/contactpersonen', cookie);
    expect(page.location).toBe('/organisatie/kiezen');
    const chosen = await chooseFirstFacility(agent);
    expect(chosen.headers.location).toBe('/mijn-organisatie/contactpersonen');
  });

  it('sends a visitor to the login without the foreign target as RelayState', async () => {
    const page = await absoluteFormGet('http://evil.example/mijn-organisatie');
    expect(page.status).toBe(302);
    expect(page.location).toBe('/auth/login');
  });

  it('does not use a foreign return path found in a session', async () => {
    const { agent, cookie } = await loggedInAgent();
    const sid = decodeURIComponent(cookie.slice('eloket='.length)).replace(/^s:/, '').replace(/\.[^.]+$/, '');
    const updated = await db.prisma.$executeRaw`UPDATE session SET sess = (sess::jsonb || '{"returnTo":"http://evil.example/x"}'::jsonb)::json WHERE sid = ${sid}`;
    expect(updated).toBe(1);
    const chosen = await chooseFirstFacility(agent);
    expect(chosen.headers.location).toBe('/');
  });
});
