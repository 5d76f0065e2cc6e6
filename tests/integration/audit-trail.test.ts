// The audit trail (M28): every facility-side change writes exactly one row
// in its own transaction (who, for which facility, what, which record), a
// refused change writes none, a rolled-back change takes its row with it,
// and nothing in the trail can be changed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { facilityScope } from '../../src/auth/facility-scope.js';
import { createLogger } from '../../src/logger.js';
import { createContactsService, type FacilityRef } from '../../src/modules/contacts/service.js';
import { createMessagesService, NotAllowed } from '../../src/modules/messages/service.js';
import { recordAudit } from '../../src/modules/audit/record.js';
import { actorFor } from '../../src/auth/actor.js';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { createContact, createThread } from '../helpers/messages.js';

const { app, db, config } = await createTestApp();
const prisma = db.prisma;
const JAN = '85092305734'; // WZC Sint-Jozef (3634), one facility
const jan = await prisma.user.findUniqueOrThrow({ where: { insz: JAN } });
const sintJozef = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const hofTerLinden = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const acting: FacilityRef = { id: sintJozef.id, name: sintJozef.name, facilityTypeId: sintJozef.facilityTypeId };
const scope = facilityScope(prisma, sintJozef.id);
const contacts = createContactsService({ prisma, config, logger: createLogger({ level: 'silent' }) });
const messages = createMessagesService({ prisma, config, contacts, logger: createLogger({ level: 'silent' }) });
const author = actorFor(jan);

// The trail is append-only, also for the tests: each test counts the rows it adds after a mark.
let mark = 0n;
beforeEach(async () => {
  const last = await prisma.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  mark = last?.id ?? 0n;
});
const newRows = () => prisma.auditEvent.findMany({ where: { id: { gt: mark } }, orderBy: { id: 'asc' } });

async function version() {
  return (await prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } })).contactsVersion;
}

describe('the audit trail cannot be changed', () => {
  it('refuses UPDATE and DELETE in the database itself (its trigger), also in raw SQL', async () => {
    await recordAudit(prisma, { actor: { userId: null, name: 'Test' }, kind: 'organisation.updated', record: { type: 'Facility', id: 1 }, summary: 'Proef.' });
    const [row] = await newRows();
    if (!row) throw new Error('no row recorded');
    await expect(prisma.$executeRawUnsafe(`UPDATE audit_event SET summary = 'vervalst' WHERE id = ${row.id}`)).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM audit_event WHERE id = ${row.id}`)).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(prisma.auditEvent.update({ where: { id: row.id }, data: { actorName: 'Iemand anders' } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ summary: 'Proef.', actorName: 'Test' });
  });

  it('has no code that updates or deletes it: only recordAudit writes, and only inserts', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'generated') walk(path);
        } else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(new URL('../../src', import.meta.url).pathname);
    const offending = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /auditEvent\s*\.\s*(update|upsert|delete)/i.test(text) || /(UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?audit_event/i.test(text);
    });
    expect(offending).toEqual([]);
    const writers = files.filter((file) => /auditEvent\s*\.\s*create/.test(readFileSync(file, 'utf8')));
    expect(writers.map((f) => f.replace(/.*\/src\//, 'src/'))).toEqual(['src/modules/audit/record.ts']);
  });

  it('has no route that changes it: /beheer/audit answers only GET', async () => {
    const agent = request.agent(app);
    await loginAs(agent, prisma, '93110230219'); // Lotte Janssens, Technische helpdesk
    const page = await agent.get('/beheer/audit');
    expect(page.status).toBe(200);
    const token = hiddenField((await agent.get('/auth/logout')).text, '_csrf') ?? '';
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const response = await agent[method]('/beheer/audit').type('form').send({ _csrf: token });
      expect(response.status, method).toBe(404);
    }
  });

  it('keeps a facility page to its own facility: a scoped write is recorded for the acting facility whatever it names', async () => {
    await scope.$transaction((tx) =>
      recordAudit(tx, { actor: { userId: jan.id, name: 'Jan Claes' }, kind: 'organisation.updated', record: { type: 'Facility', id: hofTerLinden.id }, facilityId: hofTerLinden.id, summary: 'Poging.' }),
    );
    expect((await newRows()).map((r) => r.facilityId)).toEqual([sintJozef.id]);
  });
});

describe('contact persons', () => {
  it('records a contact created, updated and removed: one row each, with who, facility, kind and record', async () => {
    await contacts.save(scope, acting, author, await version(), {
      lines: [{ surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@sintjozef.example', phone: '016 12 34 57', themes: ['prijzen'] }],
      remove: [],
    });
    const created = await prisma.contactPerson.findFirstOrThrow({ where: { email: 'lies.wouters@sintjozef.example' } });
    let rows = await newRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorUserId: jan.id,
      actorName: 'Jan Claes',
      facilityId: sintJozef.id,
      kind: 'contact.created',
      recordType: 'ContactPerson',
      recordId: String(created.id),
    });
    expect(rows[0]?.summary).toContain('Lies Wouters');
    expect(rows[0]?.occurredAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    mark = rows[0]?.id ?? mark;
    await contacts.save(scope, acting, author, await version(), {
      lines: [{ id: created.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@sintjozef.example', phone: '016 99 99 99', themes: ['prijzen'] }],
      remove: [],
    });
    rows = await newRows();
    expect(rows.map((r) => [r.kind, r.recordId, r.facilityId, r.actorUserId])).toEqual([['contact.updated', String(created.id), sintJozef.id, jan.id]]);
    expect(rows[0]?.summary).toContain('016 99 99 99');

    mark = rows[0]?.id ?? mark;
    // Saving without any change records nothing.
    await contacts.save(scope, acting, author, await version(), {
      lines: [{ id: created.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@sintjozef.example', phone: '016 99 99 99', themes: ['prijzen'] }],
      remove: [],
    });
    expect(await newRows()).toEqual([]);

    await contacts.save(scope, acting, author, await version(), { lines: [], remove: [created.id] });
    rows = await newRows();
    expect(rows.map((r) => [r.kind, r.recordId, r.facilityId, r.actorName])).toEqual([['contact.removed', String(created.id), sintJozef.id, 'Jan Claes']]);
  });

  it('records nothing when the save is refused (someone saved meanwhile), and nothing of a refused form', async () => {
    const stale = (await version()) - 1;
    await expect(
      contacts.save(scope, acting, author, stale, {
        lines: [{ surname: 'Peeters', givenName: 'Karel', email: 'karel.peeters@sintjozef.example', phone: '016 12 34 58', themes: ['prijzen'] }],
        remove: [],
      }),
    ).rejects.toThrow();
    expect(await newRows()).toEqual([]);
    expect(await prisma.contactPerson.count({ where: { email: 'karel.peeters@sintjozef.example' } })).toBe(0);
  });

  it('records the confirmation through the link, as the contact person, for their facility', async () => {
    await contacts.save(scope, acting, author, await version(), {
      lines: [{ surname: 'Janssens', givenName: 'Mieke', email: 'mieke.janssens@sintjozef.example', phone: '016 12 34 59', themes: ['kwaliteit'] }],
      remove: [],
    });
    const contact = await prisma.contactPerson.findFirstOrThrow({ where: { email: 'mieke.janssens@sintjozef.example' } });
    const mail = await prisma.outboxMail.findFirstOrThrow({ where: { recipients: { has: contact.email }, causeId: String(contact.id) }, orderBy: { id: 'desc' } });
    const token = Object.values((mail.secrets ?? {}) as Record<string, string>)[0] ?? '';
    mark = (await newRows()).at(-1)?.id ?? mark;

    const agent = request.agent(app);
    const page = await agent.get(`/bevestigen/${token}`);
    expect(page.status).toBe(200);
    expect(await newRows()).toEqual([]); // opening the link changes nothing
    const confirmed = await agent.post(`/bevestigen/${token}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(confirmed.status).toBe(200);
    const rows = await newRows();
    expect(rows.map((r) => [r.kind, r.recordType, r.recordId, r.facilityId, r.actorUserId])).toEqual([['contact.confirmed', 'ContactPerson', String(contact.id), sintJozef.id, null]]);
    expect(rows[0]?.actorName).toBe('Mieke Janssens (bevestigingslink)');
    // A second use of the link is refused and records nothing.
    mark = rows[0]?.id ?? mark;
    await agent.post(`/bevestigen/${token}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(await newRows()).toEqual([]);
  });
});

describe('organisation data', () => {
  const agent = request.agent(app);

  async function post(fields: Record<string, string>) {
    const form = await agent.get('/mijn-organisatie?bewerken=1');
    return agent
      .post('/mijn-organisatie')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), facilityId: String(sintJozef.id), phone: '016 12 34 56', email: 'info@sintjozef.example', website: 'https://www.sintjozef.example', ...fields });
  }

  it('records a change of the organisation data once, naming the fields; an invalid form and a save without change record nothing', async () => {
    await loginAs(agent, prisma, JAN);
    expect((await post({ phone: '016 11 11 11' })).status).toBe(303);
    let rows = await newRows();
    expect(rows.map((r) => [r.kind, r.recordType, r.recordId, r.facilityId, r.actorUserId])).toEqual([['organisation.updated', 'Facility', String(sintJozef.id), sintJozef.id, jan.id]]);
    mark = rows.at(-1)?.id ?? mark;

    expect((await post({ phone: '016 11 11 11', email: 'geen-adres' })).status).toBe(400);
    expect(await newRows()).toEqual([]);

    expect((await post({ phone: '016 11 11 11' })).status).toBe(303);
    expect(await newRows()).toEqual([]);

    expect((await post({ phone: '016 11 11 11', website: 'https://www.sint-jozef.example' })).status).toBe(303);
    rows = await newRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).toEqual({ fields: ['website'] });
  });
});

describe('messages', () => {
  const newMessage = { theme: 'prijzen', addressee: { kind: 'team' as const, code: 'team-prijzen' }, title: 'Vraag over de korting', body: 'Beste,\n\nHoe zit het?' };
  const none = { muted: [], addThreadOnly: [], addDefault: [], updateDefault: [], updateThreadOnly: [], removeThreadOnly: [] };

  it('rolls the row back with the message when nobody would be notified of the answer', async () => {
    await prisma.contactPerson.deleteMany({ where: { facilityId: sintJozef.id, themes: { some: { theme: { slug: 'subsidies' } } } } });
    const before = await prisma.message.count({ where: { facilityId: sintJozef.id } });
    await expect(messages.sendNewMessage(scope, acting, author, { ...newMessage, theme: 'subsidies', addressee: { kind: 'team', code: 'team-subsidies' } })).rejects.toMatchObject({ field: 'recipients' });
    expect(await prisma.message.count({ where: { facilityId: sintJozef.id } })).toBe(before);
    expect(await newRows()).toEqual([]);
  });

  it('records a new message and a reply: one row each, for the message', async () => {
    await createContact(prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen.contact@sintjozef.example' });
    const sent = await messages.sendNewMessage(scope, acting, author, newMessage, [], none);
    let rows = await newRows();
    expect(rows.map((r) => [r.kind, r.recordType, r.recordId, r.facilityId, r.actorUserId, r.actorName])).toEqual([
      ['message.sent', 'Message', String(sent.messageId), sintJozef.id, jan.id, 'Jan Claes'],
    ]);
    expect(rows[0]?.summary).toContain(sent.reference);
    expect(JSON.stringify(rows[0]?.details)).not.toContain('Hoe zit het');
    mark = rows.at(-1)?.id ?? mark;

    const replied = await messages.reply(scope, acting, author, sent.messageId, { body: 'Nog een vraag.' }, [], none);
    rows = await newRows();
    expect(rows.map((r) => [r.kind, r.recordId])).toEqual([['message.sent', String(replied.messageId)]]);
  });

  it("records a change of a thread's contacts, and the facility contact it adds", async () => {
    const { messageIds } = await createThread(prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Dagprijs', messages: [{ direction: 'incoming', sentAt: new Date() }] });
    const original = messageIds[0] ?? 0;
    const newContact = { surname: 'Maes', givenName: 'Ilse', email: 'ilse.maes@sintjozef.example', phone: '016 12 34 60' };
    const replied = await messages.reply(scope, acting, author, original, { body: 'Met een extra ontvanger.' }, [], { ...none, addThreadOnly: [newContact] });
    let rows = await newRows();
    const thread = await prisma.message.findUniqueOrThrow({ where: { id: replied.messageId } });
    expect(rows.map((r) => [r.kind, r.recordType, r.recordId])).toEqual([
      ['message.sent', 'Message', String(replied.messageId)],
      ['thread.contacts', 'Thread', String(thread.threadId)],
    ]);
    mark = rows.at(-1)?.id ?? mark;

    const standing = { surname: 'Claes', givenName: 'Ruth', email: 'ruth.claes@sintjozef.example', phone: '016 12 34 61' };
    const again = await messages.reply(scope, acting, author, original, { body: 'Ruth volgt dit voortaan op.' }, [], { ...none, addDefault: [standing] });
    rows = await newRows();
    const ruth = await prisma.contactPerson.findFirstOrThrow({ where: { email: standing.email } });
    expect(rows.map((r) => [r.kind, r.recordId, r.facilityId])).toEqual([
      ['message.sent', String(again.messageId), sintJozef.id],
      ['contact.created', String(ruth.id), sintJozef.id],
      ['thread.contacts', String(thread.threadId), sintJozef.id],
    ]);
  });

  it('records nothing for a message that is refused', async () => {
    await expect(messages.sendNewMessage(scope, acting, author, { ...newMessage, theme: 'zorgaanbod' })).rejects.toBeInstanceOf(NotAllowed);
    expect(await newRows()).toEqual([]);
  });
});
