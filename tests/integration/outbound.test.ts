// The department's outbound messages (M26): a new thread to one facility
// (only on the themes of the staff member's teams, optionally about one of the
// facility's dossiers, with attachments, its contacts notified through the
// outbox), and a bulk send: a preview with the count, then a job whose targets
// a worker turns into one thread per facility, stopped halfway or run twice at
// once without sending twice or skipping one.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { createContact } from '../helpers/messages.js';
import { pdf } from '../helpers/sample-files.js';
import { createServices } from '../../src/services.js';
import { createLogger } from '../../src/logger.js';
import { createBulkWorker, type BulkWorker } from '../../src/modules/outbound/worker.js';
import { recipientCandidates, type MessagesService } from '../../src/modules/messages/service.js';
import { notifiedContacts } from '../../src/modules/messages/recipients.js';
import { text } from '../helpers/html.js';

const { app, db, config, identity } = await createTestApp();
const smtp = await startMailDelivery(db.pool);
const { messages } = createServices({ prisma: db.prisma, pool: db.pool, config, logger: createLogger({ level: 'silent' }), identity });
const silent = createLogger({ level: 'silent' });

const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const LOTTE = '93110230219'; // helpdesk: a team without themes
const JAN = '85092305734'; // a facility user of WZC Sint-Jozef

const facility = (hco: string) => db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: hco } });
const sintJozef = await facility('3634');
const linden = await facility('4085');
const pajottenland = await facility('52011');
const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } } });
const dossier = await db.prisma.dossier.create({ data: { facilityId: sintJozef.id, campaignId: campaign.id, reference: 'MD-2026-003634' } });
const lindenDossier = await db.prisma.dossier.create({ data: { facilityId: linden.id, campaignId: campaign.id, reference: 'MD-2026-004085' } });
await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example', givenName: 'Greet', surname: 'Prijs' });
await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['kwaliteit'], email: 'kwaliteit@sint-jozef.example' });


const login = logins(app, db.prisma);

let els: TestAgent;
let pieter: TestAgent;
beforeAll(async () => {
  els = await login.as(ELS);
  pieter = await login.as(PIETER);
});

/** Posts the new-thread form of a facility as `agent`, with the token of the form page. */
async function postNewThread(agent: TestAgent, facilityId: number, fields: Record<string, string>, files: { name: string; content: Buffer }[] = []) {
  const form = await agent.get(`/beheer/berichten/nieuw/${facilityId}`);
  const pending = agent.post(`/beheer/berichten/nieuw/${facilityId}`).field('_csrf', hiddenField(form.text, '_csrf') ?? '');
  for (const [name, value] of Object.entries(fields)) pending.field(name, value);
  for (const file of files) pending.attach('bijlagen', file.content, { filename: file.name, contentType: 'application/pdf' });
  return pending;
}

describe('who may write', () => {
  it('refuses facility users every page of it (403)', async () => {
    const jan = await login.as(JAN);
    for (const path of ['/beheer/berichten/nieuw', `/beheer/berichten/nieuw/${sintJozef.id}`, '/beheer/berichten/bulk', '/beheer/berichten/bulk/1']) {
      expect((await jan.get(path)).status, path).toBe(403);
    }
    const token = hiddenField((await jan.get('/berichten/nieuw')).text, '_csrf') ?? '';
    expect((await jan.post('/beheer/berichten/bulk').type('form').send({ _csrf: token, type: 'woonzorgcentrum', theme: 'prijzen', title: 'x', body: 'y' })).status).toBe(403);
    expect((await jan.post('/beheer/berichten/bulk/bevestigen').type('form').send({ _csrf: token, type: 'woonzorgcentrum', theme: 'prijzen', title: 'x', body: 'y', aantal: '4' })).status).toBe(403);
    expect(await db.prisma.bulkSend.count()).toBe(0);
  });

  it('finds facilities by name or HCO-nummer, only those with a theme of the staff member’s teams', async () => {
    const byName = text((await els.get('/beheer/berichten/nieuw?zoek=sint-jozef')).text);
    expect(byName).toContain('WZC Sint-Jozef (HCO-nummer 3634');
    const byHco = text((await els.get('/beheer/berichten/nieuw?zoek=HCO-4085')).text);
    expect(byHco).toContain('WZC Hof ter Linden (HCO-nummer 4085');
    // A huisartsenkring has no theme of Team Prijzen.
    expect(text((await els.get('/beheer/berichten/nieuw?zoek=52011')).text)).toContain('Geen voorziening gevonden');
    expect(text((await pieter.get('/beheer/berichten/nieuw?zoek=52011')).text)).toContain('Huisartsenkring Pajottenland (HCO-nummer 52011');
    const chosen = await els.get(`/beheer/berichten/nieuw?zoek=sint&voorziening=${sintJozef.id}`);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe(`/beheer/berichten/nieuw/${sintJozef.id}`);
  });

  it('offers only the themes of the staff member’s teams, and refuses another team’s member the facility (403)', async () => {
    const form = await els.get(`/beheer/berichten/nieuw/${sintJozef.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<option value="prijzen"');
    expect(form.text).not.toContain('<option value="kwaliteit"');
    expect(form.text).toContain(`<option value="${dossier.id}"`);
    // Team Eerstelijn has no theme of woonzorgcentra; the helpdesk has none at all.
    expect((await pieter.get(`/beheer/berichten/nieuw/${sintJozef.id}`)).status).toBe(403);
    expect((await (await login.as(LOTTE)).get(`/beheer/berichten/nieuw/${sintJozef.id}`)).status).toBe(403);
    expect((await els.get('/beheer/berichten/nieuw/999999')).status).toBe(404);
  });

  it('refuses a theme of the facility that is not of the staff member’s teams, and another facility’s dossier (400), writing nothing', async () => {
    const before = await db.prisma.thread.count({ where: { facilityId: sintJozef.id } });
    const otherTheme = await postNewThread(els, sintJozef.id, { theme: 'kwaliteit', title: 'Kwaliteit', body: 'Tekst' });
    expect(otherTheme.status).toBe(400);
    expect(text(otherTheme.text)).toContain('Kies een thema van uw team uit de lijst.');
    const otherDossier = await postNewThread(els, sintJozef.id, { theme: 'prijzen', dossier: String(lindenDossier.id), title: 'Dossier', body: 'Tekst' });
    expect(otherDossier.status).toBe(400);
    expect(text(otherDossier.text)).toContain('Kies een dossier van deze voorziening uit de lijst');
    expect(await db.prisma.thread.count({ where: { facilityId: sintJozef.id } })).toBe(before);
    expect(await db.prisma.auditEvent.count({ where: { kind: 'message.sent' } })).toBe(0);
  });

  it('keeps every typed value and the attached file when the title is missing', async () => {
    const response = await postNewThread(els, sintJozef.id, { theme: 'prijzen', title: '', body: 'Mijn tekst' }, [{ name: 'bewaard.pdf', content: pdf() }]);
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('Vul de titel van het bericht in.');
    expect(response.text).toContain('Mijn tekst');
    expect(response.text).toContain('bewaard.pdf');
  });
});

describe('a new thread to one facility', () => {
  let threadId = 0;
  let reference = '';

  it('creates the thread about the dossier with its attachment, notifies the theme’s contacts and records it in the audit trail', async () => {
    const response = await postNewThread(els, sintJozef.id, { theme: 'prijzen', dossier: String(dossier.id), title: 'Vraag over uw dagprijzen', body: 'Wilt u de prijs van kamer 12 nakijken?' }, [
      { name: 'Overzicht.pdf', content: pdf() },
    ]);
    expect(response.status).toBe(303);
    threadId = Number(/\/beheer\/berichten\/verstuurd\/(\d+)$/.exec(response.headers.location ?? '')?.[1]);
    const thread = await db.prisma.thread.findUniqueOrThrow({ where: { id: threadId }, include: { messages: { include: { attachments: { include: { storedFile: true } } } }, team: true } });
    reference = thread.reference;
    expect(reference).toMatch(/^DZ-\d{4}-\d{6}$/);
    expect(thread).toMatchObject({ facilityId: sintJozef.id, dossierId: dossier.id, title: 'Vraag over uw dagprijzen' });
    expect(thread.team.code).toBe('team-prijzen');
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ direction: 'incoming', authorName: 'Els Willems', counterpart: 'Els Willems (Team Prijzen)' });
    expect(thread.messages[0]?.attachments.map((a) => a.storedFile.name)).toEqual(['Overzicht.pdf']);

    const confirmation = text((await els.get(response.headers.location ?? '')).text);
    expect(confirmation).toContain(`met referentienummer ${reference}`);
    expect(confirmation).toContain('Greet Prijs (prijzen@sint-jozef.example)');

    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'message.sent', recordId: String(threadId) } });
    expect(audit).toMatchObject({ actorName: 'Els Willems', facilityId: sintJozef.id, teamCode: 'team-prijzen', recordType: 'Thread' });

    await expect.poll(() => smtp.received.some((m) => m.text.includes(reference)), { timeout: 10_000 }).toBe(true);
    const mails = smtp.received.filter((m) => m.text.includes(reference));
    const mail = mails.find((m) => m.to.includes('prijzen@sint-jozef.example'));
    expect(mail?.subject).toBe('Er staat een nieuw bericht voor WZC Sint-Jozef klaar in het e-loket');
    expect(mail?.text).toContain(reference);
    expect(mails.some((m) => m.to.includes('kwaliteit@sint-jozef.example'))).toBe(false);
  });

  it('shows the thread in the facility’s “Ontvangen berichten” and on its dossier page', async () => {
    const jan = await login.as(JAN);
    const received = text((await jan.get('/berichten')).text);
    expect(received).toContain('Vraag over uw dagprijzen');
    expect(received).toContain(reference);
    const dossierPage = await jan.get(`/dossiers/${dossier.id}`);
    expect(text(dossierPage.text)).toContain('Berichten over dit dossier');
    expect(text(dossierPage.text)).toContain(`${reference}: Vraag over uw dagprijzen`);
    const message = await db.prisma.message.findFirstOrThrow({ where: { threadId } });
    expect(dossierPage.text).toContain(`href="/berichten/${message.id}"`);
    expect((await jan.get(`/berichten/${message.id}`)).text).toContain('Wilt u de prijs van kamer 12 nakijken?');
  });

  it('lists it under the dossier on the department’s side, for the team’s themes only', async () => {
    const page = await els.get(`/beheer/campagnes/2026/dossiers/${dossier.id}`);
    expect(text(page.text)).toContain(`${reference}: Vraag over uw dagprijzen`);
    expect(page.text).toContain(`href="/beheer/berichten/${threadId}"`);
    expect(text((await pieter.get(`/beheer/campagnes/2026/dossiers/${dossier.id}`)).text)).not.toContain(reference);
  });

  it('shows its confirmation to the team’s members only (another team: 404)', async () => {
    expect((await pieter.get(`/beheer/berichten/verstuurd/${threadId}`)).status).toBe(404);
    expect((await els.get(`/beheer/berichten/verstuurd/${threadId}`)).status).toBe(200);
  });
});

describe('a bulk send', () => {
  const workers: BulkWorker[] = [];
  afterAll(async () => {
    for (const w of workers) await w.stop();
  });
  const worker = (options: { messages?: Pick<MessagesService, 'startDepartmentThreads'>; lanes?: number; batchSize?: number } = {}) => {
    const created = createBulkWorker({ prisma: db.prisma, messages: options.messages ?? messages, logger: silent, pollMs: 20, ...options });
    workers.push(created);
    return created;
  };
  const woonzorgcentra = () => db.prisma.facility.findMany({ where: { facilityType: { code: 'woonzorgcentrum' } }, select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });

  async function preview(agent: TestAgent, fields: Record<string, string>) {
    const form = await agent.get('/beheer/berichten/bulk');
    return agent.post('/beheer/berichten/bulk').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), ...fields });
  }
  async function confirm(agent: TestAgent, fields: Record<string, string>) {
    const shown = await preview(agent, fields);
    return agent
      .post('/beheer/berichten/bulk/bevestigen')
      .type('form')
      .send({ _csrf: hiddenField(shown.text, '_csrf'), ...fields, aantal: hiddenField(shown.text, 'aantal'), sleutel: hiddenField(shown.text, 'sleutel') });
  }
  const threadsTitled = (title: string) => db.prisma.thread.groupBy({ by: ['facilityId'], where: { title }, _count: { _all: true } });

  it('previews the number of facilities of the chosen type and filters, and the first names', async () => {
    const all = await woonzorgcentra();
    const response = await preview(els, { type: 'woonzorgcentrum', gemeente: '', naam: '', theme: 'prijzen', title: 'Meting 2026', body: 'Tekst' });
    expect(response.status).toBe(200);
    expect(text(response.text)).toContain(`Dit bericht gaat naar ${all.length} voorzieningen (Woonzorgcentrum`);
    expect(hiddenField(response.text, 'aantal')).toBe(String(all.length));
    for (const f of all.slice(0, 4)) expect(text(response.text)).toContain(f.name);
    const filtered = await preview(els, { type: 'woonzorgcentrum', gemeente: '', naam: 'linden', theme: 'prijzen', title: 'Meting 2026', body: 'Tekst' });
    expect(text(filtered.text)).toContain('Dit bericht gaat naar 1 voorziening (');
    expect(await db.prisma.bulkSend.count()).toBe(0);
  });

  it('refuses a theme of another team, or one the type lacks (400)', async () => {
    const other = await preview(pieter, { type: 'woonzorgcentrum', theme: 'prijzen', title: 'x', body: 'y' });
    expect(other.status).toBe(400);
    expect(text(other.text)).toContain('Kies een thema van uw team uit de lijst.');
    const lacking = await preview(pieter, { type: 'woonzorgcentrum', theme: 'zorgaanbod', title: 'x', body: 'y' });
    expect(lacking.status).toBe(400);
    const confirmOther = await confirm(pieter, { type: 'woonzorgcentrum', theme: 'prijzen', title: 'x', body: 'y' });
    expect(confirmOther.status).toBe(400);
    expect(await db.prisma.bulkSend.count()).toBe(0);
  });

  it('does not send when the selection changed since the preview, and shows the new count (409)', async () => {
    const shown = await preview(els, { type: 'woonzorgcentrum', theme: 'prijzen', title: 'x', body: 'y' });
    const response = await els
      .post('/beheer/berichten/bulk/bevestigen')
      .type('form')
      .send({ _csrf: hiddenField(shown.text, '_csrf'), type: 'woonzorgcentrum', theme: 'prijzen', title: 'x', body: 'y', aantal: '99', sleutel: hiddenField(shown.text, 'sleutel') });
    expect(response.status).toBe(409);
    expect(text(response.text)).toContain('De selectie is intussen gewijzigd');
    expect(await db.prisma.bulkSend.count()).toBe(0);
    expect(await db.prisma.bulkSendTarget.count()).toBe(0);
  });

  it('delivers exactly one thread per facility when the worker stops halfway and a new one finishes', async () => {
    const all = await woonzorgcentra();
    const response = await confirm(els, { type: 'woonzorgcentrum', gemeente: '', naam: '', theme: 'prijzen', title: 'Meting dagprijzen 2026 start', body: 'De meting start op 1 mei.' });
    expect(response.status).toBe(303);
    const id = Number(/\/beheer\/berichten\/bulk\/(\d+)$/.exec(response.headers.location ?? '')?.[1]);
    expect(await db.prisma.bulkSendTarget.count({ where: { bulkSendId: id } })).toBe(all.length);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'thread.bulk', recordId: String(id) } });
    expect(audit).toMatchObject({ actorName: 'Els Willems', teamCode: 'team-prijzen', details: expect.objectContaining({ total: all.length }) });
    expect(text((await els.get(`/beheer/berichten/bulk/${id}`)).text)).toContain(`0 van ${all.length} voorzieningen`);
    expect((await pieter.get(`/beheer/berichten/bulk/${id}`)).status).toBe(404);

    // Every woonzorgcentrum gets a confirmed contact of its own for Prijzen, so that a batch mixing up whose contacts are whose shows.
    const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
    await db.prisma.$executeRaw`
      INSERT INTO contact_person (facility_id, surname, given_name, email, phone, confirmed_at, updated_at)
      SELECT f.id, 'Batch', 'Contact', 'batch-' || f.id || '@test.example', '016 00 00 00', now(), now()
        FROM facility f JOIN facility_type ft ON ft.id = f.facility_type_id WHERE ft.code = 'woonzorgcentrum'`;
    await db.prisma.$executeRaw`
      INSERT INTO contact_person_theme (contact_person_id, theme_id)
      SELECT c.id, ${prijzen.id} FROM contact_person c WHERE c.email LIKE 'batch-%@test.example'`;
    // The first worker sends a batch of two targets, then crashes in its next batch: after its threads were made, before the targets were marked.
    let calls = 0;
    const crashing = worker({
      messages: {
        startDepartmentThreads: async (tx, job, facilityIds) => {
          const made = await messages.startDepartmentThreads(tx, job, facilityIds);
          if (++calls === 2) throw new Error('the process died here');
          return made;
        },
      },
    });
    expect(await crashing.runOnce(2)).toBe(2);
    await expect(crashing.runOnce(3)).rejects.toThrow('the process died here');
    await crashing.stop();
    expect(await db.prisma.bulkSendTarget.count({ where: { bulkSendId: id, doneAt: { not: null } } })).toBe(2);
    expect((await threadsTitled('Meting dagprijzen 2026 start')).length).toBe(2);
    expect(text((await els.get(`/beheer/berichten/bulk/${id}`)).text)).toContain(`2 van ${all.length} voorzieningen`);

    expect(await worker().runOnce(100)).toBe(all.length - 2);
    const perFacility = await threadsTitled('Meting dagprijzen 2026 start');
    expect(perFacility.map((g) => g.facilityId).sort((a, b) => a - b)).toEqual(all.map((f) => f.id).sort((a, b) => a - b));
    expect(perFacility.every((g) => g._count._all === 1)).toBe(true);
    const references = await db.prisma.thread.findMany({ where: { title: 'Meting dagprijzen 2026 start' }, select: { reference: true } });
    expect(new Set(references.map((r) => r.reference)).size).toBe(all.length);
    const job = await db.prisma.bulkSend.findUniqueOrThrow({ where: { id } });
    expect(job.finishedAt).not.toBeNull();
    expect(text((await els.get(`/beheer/berichten/bulk/${id}`)).text)).toContain(`Klaar: ${all.length} van ${all.length} voorzieningen`);

    // Each thread's e-mails, queued for the batch at once, go to the contacts the one rule names for that thread alone.
    const batchThreads = await db.prisma.thread.findMany({ where: { title: 'Meting dagprijzen 2026 start' }, select: { id: true, facilityId: true, themeId: true, reference: true, messages: { select: { id: true } } } });
    let notifications = 0;
    for (const t of batchThreads) {
      const expected = notifiedContacts(await recipientCandidates(db.prisma, t.facilityId, t.themeId, t.id)).map((r) => r.email);
      const queued = await db.prisma.outboxMail.findMany({ where: { causeType: 'message', causeId: String(t.messages[0]?.id) }, select: { recipients: true, facilityId: true, text: true } });
      expect(queued.flatMap((m) => m.recipients).sort()).toEqual([...expected].sort());
      expect(queued.every((m) => m.facilityId === t.facilityId && m.text.includes(t.reference))).toBe(true);
      notifications += queued.length;
    }
    expect(notifications).toBeGreaterThanOrEqual(all.length);

    // Sint-Jozef's contact for Prijzen is notified of its thread; the facility sees it.
    const ownThread = await db.prisma.thread.findFirstOrThrow({ where: { title: 'Meting dagprijzen 2026 start', facilityId: sintJozef.id } });
    await expect
      .poll(() => smtp.received.some((m) => m.to.includes('prijzen@sint-jozef.example') && m.text.includes(ownThread.reference)), { timeout: 10_000 })
      .toBe(true);
    expect(text((await (await login.as(JAN)).get('/berichten')).text)).toContain('Meting dagprijzen 2026 start');
  });

  it('never sends a target twice when two workers run at once', async () => {
    const enterprise = await db.prisma.enterprise.create({ data: { kboNumber: '0999999999', name: 'Testgroep' } });
    const type = await db.prisma.facilityType.findUniqueOrThrow({ where: { code: 'woonzorgcentrum' } });
    await db.prisma.facility.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        hcoNumber: `T${String(i).padStart(5, '0')}`,
        name: `Testcentrum ${String(i).padStart(2, '0')}`,
        enterpriseId: enterprise.id,
        facilityTypeId: type.id,
        street: 'Teststraat 1',
        postalCode: '1000',
        municipality: 'Testgem',
      })),
    });
    const response = await confirm(els, { type: 'woonzorgcentrum', gemeente: 'testgem', naam: '', theme: 'prijzen', title: 'Gelijktijdig', body: 'Twee werkers.' });
    expect(response.status).toBe(303);
    const first = worker({ lanes: 3, batchSize: 5 });
    const second = worker({ lanes: 3, batchSize: 5 });
    first.start();
    second.start();
    const deadline = Date.now() + 30_000;
    while ((await db.prisma.bulkSendTarget.count({ where: { doneAt: null } })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all([first.stop(), second.stop()]);
    const perFacility = await threadsTitled('Gelijktijdig');
    expect(perFacility).toHaveLength(60);
    expect(perFacility.every((g) => g._count._all === 1)).toBe(true);
    expect(await db.prisma.message.count({ where: { thread: { title: 'Gelijktijdig' } } })).toBe(60);
  });

  it('rolls a failing batch back as a whole, retries its targets alone and gives up a poison target after 3 attempts', async () => {
    const enterprise = await db.prisma.enterprise.create({ data: { kboNumber: '0999999998', name: 'Gifgroep' } });
    const type = await db.prisma.facilityType.findUniqueOrThrow({ where: { code: 'woonzorgcentrum' } });
    await db.prisma.facility.createMany({
      data: Array.from({ length: 6 }, (_, i) => ({
        hcoNumber: `G${String(i).padStart(5, '0')}`,
        name: `Gifcentrum ${i}`,
        enterpriseId: enterprise.id,
        facilityTypeId: type.id,
        street: 'Gifstraat 1',
        postalCode: '1000',
        municipality: 'Gifgem',
      })),
    });
    const poison = await db.prisma.facility.findFirstOrThrow({ where: { name: 'Gifcentrum 2' } });
    const response = await confirm(els, { type: 'woonzorgcentrum', gemeente: 'gifgem', naam: '', theme: 'prijzen', title: 'Alles of niets', body: 'Per batch.' });
    expect(response.status).toBe(303);
    const id = Number(/\/beheer\/berichten\/bulk\/(\d+)$/.exec(response.headers.location ?? '')?.[1]);
    const mailsBefore = await db.prisma.outboxMail.count();
    // Any batch with the poison facility fails after its threads, messages and e-mails were written.
    const poisoned = worker({
      batchSize: 10,
      messages: {
        startDepartmentThreads: async (tx, job, facilityIds) => {
          const made = await messages.startDepartmentThreads(tx, job, facilityIds);
          if (facilityIds.includes(poison.id)) throw new Error('poison');
          return made;
        },
      },
    });
    await expect(poisoned.runOnce(10)).rejects.toThrow('poison');
    // All or nothing: none of the batch's six targets is done, none has a thread, a message or an e-mail.
    expect(await db.prisma.bulkSendTarget.count({ where: { bulkSendId: id, doneAt: null, attempts: 1 } })).toBe(6);
    expect(await db.prisma.thread.count({ where: { title: 'Alles of niets' } })).toBe(0);
    expect(await db.prisma.message.count({ where: { body: 'Per batch.' } })).toBe(0);
    expect(await db.prisma.outboxMail.count()).toBe(mailsBefore);

    // Retries: each target that failed goes alone, so the five others get through; the poison target fails twice more and is given up.
    let failures = 0;
    for (let round = 0; round < 10 && (await db.prisma.bulkSendTarget.count({ where: { bulkSendId: id, doneAt: null } })) > 0; round++) {
      await poisoned.runOnce(10).catch(() => (failures += 1));
    }
    expect(failures).toBe(2);
    const perFacility = await threadsTitled('Alles of niets');
    expect(perFacility).toHaveLength(5);
    expect(perFacility.every((g) => g._count._all === 1 && g.facilityId !== poison.id)).toBe(true);
    const given = await db.prisma.bulkSendTarget.findFirstOrThrow({ where: { bulkSendId: id, facilityId: poison.id } });
    expect(given).toMatchObject({ attempts: 3, threadId: null });
    expect(given.failedAt).not.toBeNull();
    expect(given.doneAt).not.toBeNull();
    expect((await db.prisma.bulkSend.findUniqueOrThrow({ where: { id } })).finishedAt).not.toBeNull();
    const progress = text((await els.get(`/beheer/berichten/bulk/${id}`)).text);
    expect(progress).toContain('Klaar: 5 van 6 voorzieningen');
    expect(progress).toContain('Niet verstuurd naar 1 voorziening');
    expect(progress).toContain('Gifcentrum 2 (HCO G00002, Gifgem)');
  });

  it('has no bulk send without themes of one’s own: the helpdesk gets an empty choice and a 400', async () => {
    const lotte = await login.as(LOTTE);
    const form = await lotte.get('/beheer/berichten/bulk');
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('<option value="woonzorgcentrum"');
    const response = await preview(lotte, { type: 'woonzorgcentrum', theme: 'prijzen', title: 'x', body: 'y' });
    expect(response.status).toBe(400);
    expect(pajottenland.id).toBeGreaterThan(0);
  });
});
