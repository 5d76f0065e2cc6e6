// The document generators (the receipt and decision letter PDFs, the XLSX exports) run in worker
// threads within memory and time limits (issue 23 item 3): one over its limit
// is ended, the user gets a Dutch page, and the portal keeps answering others.
// The limits are lowered here through the app's dependencies, as a test would
// feed a hostile input: the worker is the real one.
import { createServer } from 'node:http';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins, memoryLogger } from '../helpers/login.js';
import { text } from '../helpers/html.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';

const AN = '78041215386'; // role for WZC Hof ter Linden
const ELS = '80012724649'; // Team Prijzen

const { logger, lines } = memoryLogger();
const { app, db } = await createTestApp({
  logger,
  deps: {
    clock: () => new Date('2026-05-20T10:00:00Z'),
    generatorLimits: {
      receipt: { maxOldGenerationSizeMb: 4, timeoutMs: 20_000 },
      letter: { maxOldGenerationSizeMb: 4, timeoutMs: 20_000 },
      export: { maxOldGenerationSizeMb: 128, timeoutMs: 1 },
    },
  },
});
const server = createServer(app).listen(0);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const campaign = await metingDagprijzen2026(db.prisma);
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const an = await db.prisma.user.findUniqueOrThrow({ where: { insz: AN } });
const dossier = await db.prisma.dossier.create({
  data: {
    facilityId: hofTerLinden.id,
    campaignId: campaign.id,
    reference: 'MD-2026-004085',
    status: 'ingediend',
    submittedAt: new Date('2026-05-12T08:00:00Z'),
    submittedById: an.id,
    lines: { create: [{ luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Standaard', capaciteit: 96, priceCents: 6250 }] },
  },
});

const login = logins(server, db.prisma);
const ended = (reason: string) => lines().filter((l) => l.msg === 'document generator ended' && l.reason === reason);

describe('a generator over its limit', () => {
  it('receipt over its memory limit: the Dutch error page, nothing changed, /health answering meanwhile', async () => {
    const agent = await login.as(AN, { facilityId: hofTerLinden.id });
    const before = await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } });
    let done = false;
    const receipt = agent
      .get(`/dossiers/${dossier.id}/ontvangstbewijs.pdf`)
      .then((response) => response)
      .finally(() => {
        done = true;
      });
    // While the worker runs into its limit, the portal's own loop keeps answering.
    const health: number[] = [];
    while (!done) {
      health.push((await request(server).get('/health')).status);
    }
    const response = await receipt;
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((status) => status === 200)).toBe(true);
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-disposition']).toBeUndefined();
    const t = text(response.text);
    expect(t).toContain('Het bestand kon niet worden gemaakt');
    expect(t).toContain('duurde te lang of vroeg te veel geheugen');
    expect(t).toContain('Er werd niets bewaard of gewijzigd.');
    expect(ended('memory')).toHaveLength(1);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).toEqual(before);
  });

  it('decision letter over its memory limit: the Dutch error page, and the decision is not stored either', async () => {
    const els = await login.as(ELS);
    const before = await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } });
    const page = await els.get(`/beheer/dossiers/${dossier.id}`);
    const response = await els
      .post(`/beheer/dossiers/${dossier.id}/beslissen`)
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf'), outcome: 'aanvaard', motivation: 'Volledig.' });
    expect(response.status).toBe(503);
    const t = text(response.text);
    expect(t).toContain('Het bestand kon niet worden gemaakt');
    expect(t).toContain('Er werd niets bewaard of gewijzigd.');
    // Nothing half-done: no decision, no letter, no history, no e-mail.
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).toEqual(before);
    expect(await db.prisma.dossierLetter.count({ where: { dossierId: dossier.id } })).toBe(0);
    expect(await db.prisma.dossierEvent.count({ where: { dossierId: dossier.id } })).toBe(0);
    expect(await db.prisma.outboxMail.count({ where: { causeType: 'dossier', causeId: String(dossier.id) } })).toBe(0);
  });

  it('export over its time limit: the Dutch error page instead of a broken file', async () => {
    const els = await login.as(ELS);
    const response = await els.get('/beheer/campagnes/2026/export.xlsx');
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(text(response.text)).toContain('Het bestand kon niet worden gemaakt');
    expect(ended('time').length).toBeGreaterThan(0);
    expect((await request(server).get('/health')).status).toBe(200);
  });

  it('the CSV export needs no worker and is unaffected', async () => {
    const els = await login.as(ELS);
    const response = await els.get('/beheer/campagnes/2026/export.csv');
    expect(response.status).toBe(200);
    expect(response.text).toContain('MD-2026-004085');
  });
});
