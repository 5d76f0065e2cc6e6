// A bulk message "per campagnestatus" (M39): Team Prijzen writes to exactly the
// facilities that have not started or are still editing their dossier of a
// Meting dagprijzen campaign; the preview counts them and the worker makes one
// thread for each of them and for nobody else.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { createServices } from '../../src/services.js';
import { createLogger } from '../../src/logger.js';
import { createBulkWorker, type BulkWorker } from '../../src/modules/outbound/worker.js';
import { text } from '../helpers/html.js';

const { app, db, config, identity } = await createTestApp();
const silent = createLogger({ level: 'silent' });
const { messages } = createServices({ prisma: db.prisma, pool: db.pool, config, logger: silent, identity });

const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn


const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } } });
// Two more facilities in scope, so that some have not started next to one of each other state.
const model = await db.prisma.facility.findFirstOrThrow({ where: { facilityType: { code: { in: campaign.facilityTypeCodes } } } });
for (const n of [1, 2]) {
  await db.prisma.facility.create({ data: { hcoNumber: `99000${n}`, name: `WZC Laatkomer ${n}`, enterpriseId: model.enterpriseId, facilityTypeId: model.facilityTypeId, street: 'Straat 1', postalCode: '3000', municipality: 'Leuven' } });
}
const inScope = await db.prisma.facility.findMany({ where: { facilityType: { code: { in: campaign.facilityTypeCodes } } }, orderBy: { id: 'asc' }, select: { id: true, name: true } });
// One facility per state: editing (opmaak), sent back (heropend), submitted, submitted and taken in hand; the rest has not started.
const [draft, reopened, submitted, handled] = inScope;
if (!draft || !reopened || !submitted || !handled || inScope.length < 6) throw new Error('the seed has too few facilities in the campaign’s scope');
for (const [f, status] of [[draft, 'opmaak'], [reopened, 'heropend'], [submitted, 'ingediend'], [handled, 'in_behandeling']] as const) {
  await db.prisma.dossier.create({ data: { facilityId: f.id, campaignId: campaign.id, reference: `MD-2026-T${f.id}`, status, submittedAt: status === 'opmaak' || status === 'heropend' ? null : new Date() } });
}
const notStarted = inScope.filter((f) => ![draft, reopened, submitted, handled].includes(f));
const ids = (list: { id: number }[]) => list.map((f) => f.id).sort((a, b) => a - b);

const login = logins(app, db.prisma);
let els: TestAgent;
let pieter: TestAgent;
const workers: BulkWorker[] = [];
beforeAll(async () => {
  els = await login.as(ELS);
  pieter = await login.as(PIETER);
});
afterAll(async () => {
  for (const w of workers) await w.stop();
});

const late = { type: campaign.facilityTypeCodes[0] ?? '', gemeente: '', naam: '', campagne: '2026', theme: 'prijzen', title: 'Uw dagprijzen 2026', body: 'U diende nog niet in.' };

async function preview(agent: TestAgent, fields: Record<string, string | string[]>) {
  const form = await agent.get('/beheer/berichten/bulk');
  return agent.post('/beheer/berichten/bulk').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), ...fields });
}

describe('a bulk message per campagnestatus', () => {
  it('offers the campaign and its states to Team Prijzen only', async () => {
    const form = text((await els.get('/beheer/berichten/bulk')).text);
    expect(form).toContain('Meting dagprijzen 2026');
    expect(form).toContain('Nog niet gestart');
    expect(form).toContain('In opmaak (of heropend)');
    expect(text((await pieter.get('/beheer/berichten/bulk')).text)).not.toContain('Status in de campagne');
    // Team Eerstelijn on its own type and theme: the campaign's states are not theirs to select by.
    const refused = await preview(pieter, { ...late, type: 'huisartsenkring', theme: 'zorgaanbod', campagnestatus: ['niet-gestart'] });
    expect(refused.status).toBe(400);
    expect(text(refused.text)).toContain('Alleen Team Prijzen kiest voorzieningen per campagnestatus.');
    expect(await db.prisma.bulkSend.count()).toBe(0);
  });

  it('asks for a state when a campaign is chosen, and for a campaign when a state is', async () => {
    const noState = await preview(els, late);
    expect(noState.status).toBe(400);
    expect(text(noState.text)).toContain('Kies minstens één status van de campagne.');
    const noCampaign = await preview(els, { ...late, campagne: '', campagnestatus: ['ingediend'] });
    expect(noCampaign.status).toBe(400);
    const unknown = await preview(els, { ...late, campagne: '2031', campagnestatus: ['ingediend'] });
    expect(unknown.status).toBe(400);
    expect(text(unknown.text)).toContain('Kies een campagne uit de lijst.');
  });

  it('counts the submitted ones (ingediend and in behandeling) when asked for them', async () => {
    const shown = await preview(els, { ...late, campagnestatus: ['ingediend'] });
    expect(shown.status).toBe(200);
    expect(hiddenField(shown.text, 'aantal')).toBe('2');
    expect(text(shown.text)).toContain('Meting dagprijzen 2026: ingediend');
  });

  it('previews exactly the facilities not started or in opmaak, and makes a thread for each of them only', async () => {
    const expected = [...notStarted, draft, reopened];
    const shown = await preview(els, { ...late, campagnestatus: ['niet-gestart', 'in-opmaak'] });
    expect(shown.status).toBe(200);
    expect(text(shown.text)).toContain(`Dit bericht gaat naar ${expected.length} voorzieningen`);
    expect(text(shown.text)).toContain('Meting dagprijzen 2026: niet gestart of in opmaak');
    expect(hiddenField(shown.text, 'aantal')).toBe(String(expected.length));

    const confirmed = await els
      .post('/beheer/berichten/bulk/bevestigen')
      .type('form')
      .send({ _csrf: hiddenField(shown.text, '_csrf'), ...late, campagnestatus: ['niet-gestart', 'in-opmaak'], aantal: hiddenField(shown.text, 'aantal'), sleutel: hiddenField(shown.text, 'sleutel') });
    expect(confirmed.status).toBe(303);
    const id = Number(/\/beheer\/berichten\/bulk\/(\d+)$/.exec(confirmed.headers.location ?? '')?.[1]);
    expect(text((await els.get(`/beheer/berichten/bulk/${id}`)).text)).toContain('Meting dagprijzen 2026: niet gestart of in opmaak');

    const worker = createBulkWorker({ prisma: db.prisma, messages, logger: silent, pollMs: 20 });
    workers.push(worker);
    expect(await worker.runOnce(1000)).toBe(expected.length);
    const threads = await db.prisma.thread.findMany({ where: { title: 'Uw dagprijzen 2026' }, select: { facilityId: true } });
    expect(ids(threads.map((t) => ({ id: t.facilityId })))).toEqual(ids(expected));
  });
});
