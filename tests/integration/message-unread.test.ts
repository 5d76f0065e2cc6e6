// Unread markers (issue 24 item 12): a received message is bold with a hidden
// "ongelezen" in Mijn berichten › Ontvangen berichten and on the startpagina,
// until this user opens it; the list says how many are unread. Per user: a
// colleague of the same facility keeps their own markers.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { logins } from '../helpers/login.js';
import { clearThreads, createThread, daysBefore } from '../helpers/messages.js';

const JAN = '85092305734'; // WZC Sint-Jozef
const TOM = '72061808952'; // given the e-loket right at WZC Sint-Jozef below: Jan's colleague
const { app, db } = await createTestApp();
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const tom = await db.prisma.devIdpPerson.findUniqueOrThrow({ where: { insz: TOM } });
await db.prisma.devIdpAccess.updateMany({ where: { personId: tom.id }, data: { eloketRight: true } });

type Agent = ReturnType<typeof request.agent>;
let ids: { first: number; second: number; third: number; sent: number };

const login = logins(app, db.prisma);

/** The received list's section of /berichten. */
async function receivedSection(agent: Agent): Promise<string> {
  const page = await agent.get('/berichten');
  expect(page.status).toBe(200);
  return /<section class="message-list" id="ontvangen"[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? page.text;
}

const unreadLink = (id: number, title: string) => `<a href="/berichten/${id}">${title}<span class="visually-hidden"> (ongelezen)</span></a>`;
const readLink = (id: number, title: string) => `<a href="/berichten/${id}">${title}</a>`;

beforeEach(async () => {
  await clearThreads(db.prisma, sintJozef.id);
  const a = await createThread(db.prisma, {
    facilityId: sintJozef.id,
    themeSlug: 'prijzen',
    title: 'Vraag over de dagprijzen',
    messages: [
      { direction: 'outgoing', sentAt: daysBefore(5) },
      { direction: 'incoming', sentAt: daysBefore(4) },
    ],
  });
  const b = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Nieuwe campagne', messages: [{ direction: 'incoming', sentAt: daysBefore(3) }] });
  const c = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Herinnering', messages: [{ direction: 'incoming', sentAt: daysBefore(2) }] });
  ids = { sent: a.messageIds[0] ?? 0, first: a.messageIds[1] ?? 0, second: b.messageIds[0] ?? 0, third: c.messageIds[0] ?? 0 };
});

describe('unread markers on received messages', () => {
  it('shows every new received message bold with a hidden "ongelezen" and the count, until the user opens it', async () => {
    const jan = await login.as(JAN);
    const before = await receivedSection(jan);
    expect(before).toContain('Ontvangen berichten <span class="message-list__unread">(3 ongelezen)</span></h2>');
    expect(before).toContain(unreadLink(ids.first, 'Vraag over de dagprijzen'));
    expect(before).toContain(unreadLink(ids.second, 'Nieuwe campagne'));
    expect(before).toMatch(/<td class="table__cell table__cell--unread">DZ-/);

    const opened = await jan.get(`/berichten/${ids.second}`);
    expect(opened.status).toBe(200);
    const after = await receivedSection(jan);
    expect(after).toContain('(2 ongelezen)');
    expect(after).toContain(readLink(ids.second, 'Nieuwe campagne'));
    expect(after).toContain(unreadLink(ids.first, 'Vraag over de dagprijzen'));
    // Opening it again changes nothing; the sent message never counts.
    await jan.get(`/berichten/${ids.second}`);
    await jan.get(`/berichten/${ids.sent}`);
    expect(await receivedSection(jan)).toContain('(2 ongelezen)');
    expect(await db.prisma.messageRead.count()).toBe(1);

    for (const id of [ids.first, ids.third]) await jan.get(`/berichten/${id}`);
    const allRead = await receivedSection(jan);
    expect(allRead).not.toContain('ongelezen');
    expect(allRead).not.toContain('table__cell--unread');
  });

  it('marks the startpagina\'s latest messages the same way', async () => {
    const jan = await login.as(JAN);
    await jan.get(`/berichten/${ids.third}`);
    const start = (await jan.get('/')).text;
    expect(start).toContain(`<li class="received-list__item received-list__item--unread">${unreadLink(ids.second, 'Nieuwe campagne')}`);
    expect(start).toContain(`<li class="received-list__item">${readLink(ids.third, 'Herinnering')}`);
  });

  it('keeps markers per user: what Jan opened is still unread for his colleague', async () => {
    const jan = await login.as(JAN);
    await jan.get(`/berichten/${ids.second}`);
    const colleague = await login.as(TOM);
    const section = await receivedSection(colleague);
    expect(section).toContain('(3 ongelezen)');
    expect(section).toContain(unreadLink(ids.second, 'Nieuwe campagne'));
    expect(await receivedSection(jan)).toContain('(2 ongelezen)');
  });

  it('marks nothing for a message of another facility', async () => {
    const linden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
    const other = await createThread(db.prisma, { facilityId: linden.id, themeSlug: 'prijzen', title: 'Van Hof ter Linden', messages: [{ direction: 'incoming', sentAt: daysBefore(1) }] });
    const jan = await login.as(JAN);
    const response = await jan.get(`/berichten/${other.messageIds[0]}`);
    expect(response.status).toBe(404);
    expect(await db.prisma.messageRead.count({ where: { messageId: other.messageIds[0] } })).toBe(0);
  });
});
