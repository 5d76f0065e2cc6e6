import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/login.js';

const JAN = '85092305734';
const { app, db } = await createTestApp({ env: { SESSION_IDLE_MINUTES: '20', SESSION_ABSOLUTE_MINUTES: '120' } });

async function loggedInSessionIds(): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<{ sid: string }[]>`SELECT sid FROM session WHERE (sess::jsonb) ? 'userId'`;
  return rows.map((r) => r.sid);
}

describe('sessions', () => {
  it('renews a cookie that lives as long as the configured idle timeout', async () => {
    const agent = request.agent(app);
    const login = await loginAs(agent, db.prisma, JAN);
    expect(String(login.headers['set-cookie'])).toMatch(/Expires=/);
    const page = await agent.get('/mijn-organisatie');
    const cookie = String((page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('eloket=')));
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '');
    expect(Math.abs(expires - Date.now() - 20 * 60_000)).toBeLessThan(5_000);
  });

  it('ends a session idle for longer than the idle timeout', async () => {
    const agent = request.agent(app);
    const before = new Set(await loggedInSessionIds());
    await loginAs(agent, db.prisma, JAN);
    const sid = (await loggedInSessionIds()).find((s) => !before.has(s));
    expect((await agent.get('/mijn-organisatie')).status).toBe(200);
    // As if the last request was 21 minutes ago: the store considers the session expired.
    await db.prisma.session.update({ where: { sid }, data: { expire: new Date(Date.now() - 60_000) } });
    const response = await agent.get('/mijn-organisatie');
    expect(response.status).toBe(302);
    expect(response.headers.location).toMatch(/^\/auth\/login/);
  });

  it('ends a session after the absolute timeout, however active', async () => {
    const agent = request.agent(app);
    const before = new Set(await loggedInSessionIds());
    await loginAs(agent, db.prisma, JAN);
    const sid = (await loggedInSessionIds()).find((s) => !before.has(s)) ?? '';
    const row = await db.prisma.session.findUniqueOrThrow({ where: { sid } });
    const sess = row.sess as Record<string, unknown>;
    await db.prisma.session.update({ where: { sid }, data: { sess: { ...sess, loginAt: Date.now() - 121 * 60_000 } } });
    const response = await agent.get('/mijn-organisatie');
    expect(response.status).toBe(302);
    expect(await db.prisma.session.findUnique({ where: { sid } })).toBeNull();
  });
});

describe('the idle timeout kept with a precision of a minute', () => {
  async function loggedIn(): Promise<{ agent: ReturnType<typeof request.agent>; sid: string }> {
    const agent = request.agent(app);
    const before = new Set(await loggedInSessionIds());
    await loginAs(agent, db.prisma, JAN);
    const sid = (await loggedInSessionIds()).find((s) => !before.has(s)) ?? '';
    await agent.get('/mijn-organisatie');
    return { agent, sid };
  }

  /** As if the session was last renewed `minutes` ago: its row and its stored cookie expire that much earlier. */
  async function age(sid: string, minutes: number): Promise<Date> {
    const row = await db.prisma.session.findUniqueOrThrow({ where: { sid } });
    const expire = new Date(Date.now() + (20 - minutes) * 60_000);
    const sess = row.sess as { cookie: Record<string, unknown> };
    await db.prisma.session.update({ where: { sid }, data: { expire, sess: { ...sess, cookie: { ...sess.cookie, expires: expire.toISOString() } } } });
    return expire;
  }

  it('writes nothing back on a request within a minute of the last renewal: no new cookie, the same expiry', async () => {
    const { agent, sid } = await loggedIn();
    const expire = await age(sid, 0.5);
    const page = await agent.get('/mijn-organisatie');
    expect(page.status).toBe(200);
    expect(String(page.headers['set-cookie'] ?? '')).not.toMatch(/eloket=/);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { sid } });
    expect(row.expire.getTime()).toBe(expire.getTime());
  });

  it('renews the idle timeout on a request more than a minute after the last renewal: the row and the cookie', async () => {
    const { agent, sid } = await loggedIn();
    await age(sid, 2);
    const page = await agent.get('/mijn-organisatie');
    const cookie = String((page.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('eloket=')));
    expect(Math.abs(Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '') - Date.now() - 20 * 60_000)).toBeLessThan(5_000);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { sid } });
    expect(Math.abs(row.expire.getTime() - Date.now() - 20 * 60_000)).toBeLessThan(5_000);
    // The page tells the idle warning the renewed time.
    expect(Number(/data-session-seconds-left="(\d+)"/.exec(page.text)?.[1])).toBeGreaterThan(1190);
  });

  it('tells the idle warning the stored expiry, not a full idle timeout, when no renewal was due', async () => {
    const { agent, sid } = await loggedIn();
    await age(sid, 0.9);
    const page = await agent.get('/mijn-organisatie');
    const left = Number(/data-session-seconds-left="(\d+)"/.exec(page.text)?.[1]);
    expect(left).toBeLessThanOrEqual(20 * 60 - 50);
    expect(left).toBeGreaterThan(20 * 60 - 60);
  });
});

describe('login rate limit', () => {
  it('refuses more login attempts per minute than configured, in Dutch', async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    for (let i = 0; i < 3; i++) expect((await request(limited.app).get('/auth/login')).status).toBe(302);
    const refused = await request(limited.app).get('/auth/login');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Te veel pogingen');
    const acs = await request(limited.app).post('/auth/saml/acs').type('form').send({ SAMLResponse: 'x' });
    expect(acs.status).toBe(429);
  });
});

describe('the idle warning', () => {
  const csrfMeta = (html: string) => /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1] ?? '';

  async function loggedInWithSession(): Promise<{ agent: ReturnType<typeof request.agent>; sid: string; page: string }> {
    const agent = request.agent(app);
    const before = new Set(await loggedInSessionIds());
    await loginAs(agent, db.prisma, JAN);
    const sid = (await loggedInSessionIds()).find((s) => !before.has(s)) ?? '';
    const page = (await agent.get('/mijn-organisatie')).text;
    return { agent, sid, page };
  }

  it('tells the page how long the session lasts, for logged-in users only', async () => {
    const { page } = await loggedInWithSession();
    // The idle timeout as stored, renewed at the login a moment ago (a minute's precision).
    const left = Number(/data-session-seconds-left="(\d+)" data-session-extendable="true"/.exec(page)?.[1]);
    expect(left).toBeGreaterThan(1140);
    expect(left).toBeLessThanOrEqual(1200);
    expect(page).toMatch(/<script src="\/public\/js\/session-timeout\.[0-9a-f]{10}\.js"><\/script>/);
    expect(csrfMeta(page)).not.toBe('');
    const anonymous = (await request(app).get('/hulp')).text;
    expect(anonymous).not.toContain('data-session-seconds-left');
    expect(anonymous).not.toContain('session-timeout.');
  });

  it('says when the absolute timeout is nearer than the idle timeout: the session cannot be extended past it', async () => {
    const { agent, sid } = await loggedInWithSession();
    const row = await db.prisma.session.findUniqueOrThrow({ where: { sid } });
    await db.prisma.session.update({ where: { sid }, data: { sess: { ...(row.sess as Record<string, unknown>), loginAt: Date.now() - 110 * 60_000 } } });
    const page = (await agent.get('/mijn-organisatie')).text;
    const left = Number(/data-session-seconds-left="(\d+)"/.exec(page)?.[1]);
    expect(left).toBeGreaterThan(500);
    expect(left).toBeLessThanOrEqual(600);
    expect(page).toContain('data-session-extendable="false"');
    const extended = await agent.post('/sessie/verlengen').set('x-csrf-token', csrfMeta(page));
    expect(extended.body.extendable).toBe(false);
    expect(extended.body.secondsLeft).toBeLessThanOrEqual(600);
  });

  it('"Aangemeld blijven" extends the session: the session row expires an idle timeout later', async () => {
    const { agent, sid, page } = await loggedInWithSession();
    await db.prisma.session.update({ where: { sid }, data: { expire: new Date(Date.now() + 60_000) } });
    const response = await agent.post('/sessie/verlengen').set('x-csrf-token', csrfMeta(page)).set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ secondsLeft: 1200, extendable: true });
    const row = await db.prisma.session.findUniqueOrThrow({ where: { sid } });
    expect(Math.abs(row.expire.getTime() - Date.now() - 20 * 60_000)).toBeLessThan(5_000);
  });

  it('refuses to extend without the CSRF token, or with another session\'s token', async () => {
    const { agent } = await loggedInWithSession();
    const other = await loggedInWithSession();
    for (const refused of [await agent.post('/sessie/verlengen'), await agent.post('/sessie/verlengen').set('x-csrf-token', csrfMeta(other.page))]) {
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Uw formulier is verlopen');
      expect(refused.text).not.toContain('secondsLeft');
    }
  });
});
