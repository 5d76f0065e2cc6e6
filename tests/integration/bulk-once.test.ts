// A bulk send happens once (issue 23 item 5): the confirmation form carries a
// one-time key made with the preview, stored on the job under a unique
// constraint per staff member. Five parallel posts of the same form, or the
// same form posted again later, make one job and show its progress; another
// staff member's copy of the key never shows them someone else's job.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { createServices } from '../../src/services.js';
import { createLogger } from '../../src/logger.js';
import { createBulkWorker } from '../../src/modules/outbound/worker.js';
import { text } from '../helpers/html.js';

const { app, db, config, identity } = await createTestApp();
const smtp = await startMailDelivery(db.pool);
const silent = createLogger({ level: 'silent' });
const { messages } = createServices({ prisma: db.prisma, pool: db.pool, config, logger: silent, identity });
const worker = createBulkWorker({ prisma: db.prisma, messages, logger: silent, pollMs: 20 });
afterAll(() => worker.stop());

const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn


const login = logins(app, db.prisma);

/** The preview's confirmation form as the browser would post it. */
async function confirmationForm(agent: TestAgent, fields: Record<string, string>) {
  const form = await agent.get('/beheer/berichten/bulk');
  const shown = await agent.post('/beheer/berichten/bulk').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), ...fields });
  expect(shown.status).toBe(200);
  return { _csrf: hiddenField(shown.text, '_csrf') ?? '', ...fields, aantal: hiddenField(shown.text, 'aantal') ?? '', sleutel: hiddenField(shown.text, 'sleutel') ?? '' };
}

const post = (agent: TestAgent, body: Record<string, string>) => agent.post('/beheer/berichten/bulk/bevestigen').type('form').send(body);
const jobOf = (location: string | undefined) => Number(/^\/beheer\/berichten\/bulk\/(\d+)$/.exec(location ?? '')?.[1]);

const woonzorgcentra = await db.prisma.facility.findMany({ where: { facilityType: { code: 'woonzorgcentrum' } }, select: { id: true } });
// One confirmed Prijzen contact per woonzorgcentrum: each thread mails exactly one address.
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
await db.prisma.$executeRaw`
  INSERT INTO contact_person (facility_id, surname, given_name, email, phone, confirmed_at, updated_at)
  SELECT f.id, 'Eenmaal', 'Contact', 'eenmaal-' || f.id || '@test.example', '016 00 00 00', now(), now()
    FROM facility f JOIN facility_type ft ON ft.id = f.facility_type_id WHERE ft.code = 'woonzorgcentrum'`;
await db.prisma.$executeRaw`
  INSERT INTO contact_person_theme (contact_person_id, theme_id)
  SELECT c.id, ${prijzen.id} FROM contact_person c WHERE c.email LIKE 'eenmaal-%@test.example'`;

const FIELDS = { type: 'woonzorgcentrum', gemeente: '', naam: '', theme: 'prijzen', title: 'Eenmaal verstuurd', body: 'Dit bericht komt één keer aan.' };

describe('a bulk send confirmed more than once', () => {
  let firstJob = 0;

  it('makes exactly one job of five parallel posts of the same form: one thread per facility, one e-mail per contact', async () => {
    const els = await login.as(ELS);
    const form = await confirmationForm(els, FIELDS);
    expect(form.sleutel).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(els, form)));
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    const jobs = await db.prisma.bulkSend.findMany({ where: { title: FIELDS.title } });
    expect(jobs).toHaveLength(1);
    firstJob = jobs[0]?.id ?? 0;
    expect(new Set(responses.map((r) => jobOf(r.headers.location)))).toEqual(new Set([firstJob]));
    expect(await db.prisma.auditEvent.count({ where: { kind: 'thread.bulk' } })).toBe(1);

    while ((await worker.runOnce(100)) > 0);
    const perFacility = await db.prisma.thread.groupBy({ by: ['facilityId'], where: { title: FIELDS.title }, _count: { _all: true } });
    expect(perFacility).toHaveLength(woonzorgcentra.length);
    expect(perFacility.every((g) => g._count._all === 1)).toBe(true);
    await smtp.waitFor(woonzorgcentra.length);
    await sleep(300); // time for any duplicate to arrive
    const mailed = smtp.received.flatMap((m) => m.to).filter((to) => to.startsWith('eenmaal-'));
    expect(mailed).toHaveLength(woonzorgcentra.length);
    expect(new Set(mailed).size).toBe(woonzorgcentra.length);
  });

  it('shows the existing job when the same form is posted again later', async () => {
    const els = await login.as(ELS);
    const form = await confirmationForm(els, FIELDS);
    const job = await db.prisma.bulkSend.findUniqueOrThrow({ where: { id: firstJob } });
    // The same key as the first confirmation, in a new session (a replayed request).
    const replay = await post(els, { ...form, sleutel: job.confirmKey ?? '' });
    expect(replay.status).toBe(303);
    expect(jobOf(replay.headers.location)).toBe(firstJob);
    expect(text((await els.get(replay.headers.location ?? '')).text)).toContain(`Klaar: ${woonzorgcentra.length} van ${woonzorgcentra.length} voorzieningen`);
    expect(await db.prisma.bulkSend.count()).toBe(1);
  });

  it('refuses a confirmation without a valid key: the preview again, nothing sent', async () => {
    const els = await login.as(ELS);
    const form = await confirmationForm(els, { ...FIELDS, title: 'Zonder sleutel' });
    for (const sleutel of ['', 'te-kort', '<script>']) {
      const response = await post(els, { ...form, sleutel });
      expect(response.status).toBe(400);
      expect(text(response.text)).toContain('Controleer het bericht en klik opnieuw op ‘Versturen’. Er werd nog niets verstuurd.');
      expect(hiddenField(response.text, 'sleutel')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(await db.prisma.bulkSend.count({ where: { title: 'Zonder sleutel' } })).toBe(0);
  });

  it('never shows another staff member’s job for their key: the key only finds the poster’s own jobs', async () => {
    const pieter = await login.as(PIETER);
    const job = await db.prisma.bulkSend.findUniqueOrThrow({ where: { id: firstJob } });
    const form = await confirmationForm(pieter, { type: 'huisartsenkring', gemeente: '', naam: '', theme: 'zorgaanbod', title: 'Van Pieter', body: 'Tekst' });
    const response = await post(pieter, { ...form, sleutel: job.confirmKey ?? '' });
    expect(response.status).toBe(303);
    const own = jobOf(response.headers.location);
    expect(own).not.toBe(firstJob);
    expect(await db.prisma.bulkSend.findUniqueOrThrow({ where: { id: own } })).toMatchObject({ title: 'Van Pieter' });
    expect((await pieter.get(`/beheer/berichten/bulk/${firstJob}`)).status).toBe(404);
  });
});
