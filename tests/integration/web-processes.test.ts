// Several portal processes on one database (Q5, issue 14): everything a
// request needs lives in PostgreSQL, so any process answers any request.
// Two portal processes of their own (each reached on its own port, so the test
// chooses which one answers), and a portal with WEB_CONCURRENCY=2 (node:cluster
// on one port) that runs exactly one mail worker.
import { createHash, randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded-postgres.js';
import { createTestDatabase } from '../helpers/database.js';
import { hiddenField, loginAs, logOut } from '../helpers/login.js';
import { createContact } from '../helpers/messages.js';
import { exitOf, spawnTs, waitForPortal, waitUntil } from '../helpers/processes.js';

const JAN = '85092305734';
const db = await createTestDatabase();
// One data directory: both processes know the same development keys, as the processes of one installation do.
const dataDir = mkdtempSync(join(tmpdir(), 'eloket-processes-'));
const children: ReturnType<typeof spawnTs>[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startPortal(env: Record<string, string> = {}): Promise<{ base: string; portal: ReturnType<typeof spawnTs> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const portal = spawnTs('src/server.ts', [], {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    DATABASE_URL: db.url,
    ELOKET_DATA_DIR: dataDir,
    PORT: String(port),
    BASE_URL: base,
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...env,
  });
  children.push(portal);
  await waitForPortal(portal, base, 90_000);
  return { base, portal };
}

/** The session cookie a response set, as a Cookie header. */
function sessionCookie(response: { headers: Record<string, unknown> }): string {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  const session = cookies.find((c) => c.startsWith('eloket='));
  if (!session) throw new Error('no session cookie');
  return session.split(';')[0] ?? '';
}

describe('two portal processes on one database', () => {
  it('a login made through one process is valid in the other, and logging out in one ends it in both', { timeout: 180_000 }, async () => {
    const one = await startPortal();
    const other = await startPortal({ MAIL_WORKER: 'separate' });

    const agent = request.agent(one.base);
    const login = await loginAs(agent, db.prisma, JAN);
    expect(login.status).toBe(303);
    const cookie = sessionCookie(login);
    expect((await agent.get('/mijn-organisatie')).status).toBe(200);

    const elsewhere = await request(other.base).get('/mijn-organisatie').set('Cookie', cookie);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.text).toContain('Jan Claes');

    const loggedOut = await logOut(agent);
    expect([302, 303]).toContain(loggedOut.status);
    const after = await request(other.base).get('/mijn-organisatie').set('Cookie', cookie);
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/\/auth\/login/);
    expect((await request(one.base).get('/mijn-organisatie').set('Cookie', cookie)).status).toBe(302);

    // A confirmation link opened through one process and confirmed through the other (its CSRF token in the shared session).
    const facility = await db.prisma.facility.findFirstOrThrow({ where: { hcoNumber: '3634' } });
    const contact = await createContact(db.prisma, { facilityId: facility.id, themeSlugs: ['prijzen'], email: 'processen@sint-jozef.example', confirmed: false });
    const token = randomBytes(32).toString('base64url');
    await db.prisma.contactConfirmation.create({
      data: { contactPersonId: contact.id, tokenHash: createHash('sha256').update(token).digest('hex'), email: contact.email, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const page = await request(one.base).get(`/bevestigen/${token}`);
    expect(page.status).toBe(200);
    const confirmed = await request(other.base)
      .post(`/bevestigen/${token}`)
      .set('Cookie', sessionCookie(page))
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(confirmed.status).toBe(200);
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: contact.id } })).confirmedAt).not.toBeNull();

    for (const { portal } of [one, other]) {
      portal.kill('SIGTERM');
      expect(await exitOf(portal)).toBe(0);
    }
  });
});

/** A GET on a new connection (no keep-alive), so that the cluster may hand it to any process. */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('WEB_CONCURRENCY', () => {
  it('runs that many HTTP processes on one port, with the mail worker in exactly one of them', { timeout: 180_000 }, async () => {
    const { base, portal } = await startPortal({ WEB_CONCURRENCY: '2' });
    await waitUntil(() => (portal.output().match(/e-loket is ready/g) ?? []).length === 2, 60_000, () => `two HTTP processes\n${portal.output()}`);
    const lines = portal
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; pid?: number; req?: { url?: string } });
    const ready = lines.filter((l) => l.msg === 'e-loket is ready').map((l) => l.pid);
    expect(new Set(ready).size).toBe(2);
    expect(lines.filter((l) => l.msg === 'mail worker started')).toHaveLength(1);

    // Requests on new connections are spread over both processes.
    for (let i = 0; i < 12; i++) expect(await freshGet(`${base}/hulp`)).toBe(200);
    const answeredBy = () =>
      new Set(
        portal
          .output()
          .split('\n')
          .filter((line) => line.includes('"url":"/hulp"'))
          .map((line) => (JSON.parse(line) as { pid: number }).pid),
      );
    await waitUntil(() => answeredBy().size === 2, 10_000, () => `/hulp answered by both processes\n${portal.output()}`);

    portal.kill('SIGTERM');
    expect(await exitOf(portal)).toBe(0);
  });
});
