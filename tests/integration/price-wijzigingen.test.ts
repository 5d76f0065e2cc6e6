// The price changes that need the minister's approval for an increase (M37,
// M38): the approval's PDF through the upload pipeline, the rules at their
// boundaries, Team Prijzen's decision and the register it writes; shown here
// with the "Prijswijziging van bestaande supplementen (bestaande voorziening)".
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { text } from '../helpers/html.js';
import { createPriceDossier, personas } from '../helpers/price-dossiers.js';
import { hiddenField } from '../helpers/login.js';
import { binary } from '../helpers/pdf.js';
import { pdf, png } from '../helpers/sample-files.js';
import { kamertypeEntry, supplementEntry } from '../helpers/price-register.js';

const AN = '78041215386'; // role "Beheer Financiële gegevens" for WZC Hof ter Linden
const JAN = '85092305734'; // WZC Sint-Jozef
const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
let now = new Date('2026-03-02T10:00:00Z');
const { app, db } = await createTestApp({ deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
await db.prisma.priceEntry.createMany({ data: [supplementEntry(hofTerLinden.id, 'Kapper', 'prestatie', 1800), supplementEntry(hofTerLinden.id, 'Televisie', 'maand', 1500)] });
const LINK = 'Aanmaken prijswijziging van bestaande supplementen (bestaande voorziening)';

const agentFor = personas(app, db.prisma);

async function create(agent: request.Agent): Promise<number> {
  const { id, response } = await createPriceDossier(agent, 'prijswijziging-supplementen');
  expect(response.status).toBe(303);
  return id;
}

/** Posts the form as the browser does (multipart, the token first), with an optional file. */
async function post(agent: request.Agent, id: number, fields: Record<string, string>, file?: { content: Buffer; name: string }) {
  const page = await agent.get(`/dossiers/prijzen/${id}`);
  expect(page.text).toContain(`action="/dossiers/prijzen/${id}/formulier"`);
  let req = agent.post(`/dossiers/prijzen/${id}/formulier`).field('_csrf', hiddenField(page.text, '_csrf') ?? '').field('version', hiddenField(page.text, 'version') ?? '');
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  if (file) req = req.attach('approval', file.content, { filename: file.name, contentType: 'application/pdf' });
  return req;
}

async function decide(agent: request.Agent, id: number, path: string, fields: Record<string, string>) {
  const page = await agent.get(`/beheer/dossiers/${id}`);
  return agent.post(`/beheer/dossiers/${id}/${path}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), ...fields });
}

const registerPrices = async () =>
  (await db.prisma.priceEntry.findMany({ where: { facilityId: hofTerLinden.id }, orderBy: { id: 'asc' } })).map((e) => [e.name, e.priceCents, e.validFrom.toISOString().slice(0, 10), e.dossierId]);

describe('a price change of existing supplements (M37)', () => {
  let increase = 0;
  let decrease = 0;

  it('is offered on the theme page and starts with the supplements of the register, new prices empty', async () => {
    const an = await agentFor(AN, '4085');
    expect(text((await an.get('/themas/prijzen')).text)).toContain(LINK);
    increase = await create(an);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id: increase }, include: { priceLines: { orderBy: { position: 'asc' } } } });
    expect(row.reference).toBe(`PS-2026-${String(increase).padStart(6, '0')}`);
    expect(row.priceLines.map((l) => [l.name, l.currentPriceCents, l.priceCents])).toEqual([
      ['Kapper', 1800, null],
      ['Televisie', 1500, null],
    ]);
    const page = await an.get(`/dossiers/prijzen/${increase}`);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(text(page.text)).toContain('Goedkeuring van de minister (PDF)');
  });

  it('refuses a submission that changes no price, and an ingangsdatum less than 30 days ahead', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, increase, { action: 'confirmSubmit', validFrom: '31/03/2026' });
    expect(response.status).toBe(400);
    const t = text(response.text);
    expect(t).toContain('Vul de nieuwe prijs in van minstens één supplement dat wijzigt.');
    expect(t).toContain('kies 01/04/2026 of later');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: increase } })).status).toBe('opmaak');
  });

  it('refuses an increase without the minister\'s approval: date, reference and PDF', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, increase, { action: 'confirmSubmit', 'supplementen[0][price]': '19,00', validFrom: '01/04/2026' });
    expect(response.status).toBe(400);
    const t = text(response.text);
    expect(t).toContain('Een prijsverhoging heeft de goedkeuring van de minister nodig: vul de datum van de goedkeuring in.');
    expect(t).toContain('vul de referentie van de goedkeuring in.');
    expect(t).toContain('voeg de goedkeuring toe als PDF-bestand.');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: increase } })).status).toBe('opmaak');
  });

  it('refuses a file that is not a PDF by its content, even named .pdf, and keeps nothing of it', async () => {
    const an = await agentFor(AN, '4085');
    const files = await db.prisma.storedFile.count();
    const response = await post(an, increase, { action: 'confirmSubmit', 'supplementen[0][price]': '19,00', validFrom: '01/04/2026', approvalDate: '15/02/2026', approvalReference: 'KAB/2026/17' }, { content: png(), name: 'goedkeuring.pdf' });
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('Het bestand ‘goedkeuring.pdf’ is geen toegelaten type. Toegelaten is pdf.');
    expect(response.text).toContain('value="KAB/2026/17"');
    expect(await db.prisma.storedFile.count()).toBe(files);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: increase } })).status).toBe('opmaak');
  });

  it('keeps the PDF when the form comes back with another error, and submits the increase with it', async () => {
    const an = await agentFor(AN, '4085');
    const first = await post(an, increase, { action: 'confirmSubmit', 'supplementen[0][price]': '19,00', validFrom: '01/04/2026', approvalDate: '15/02/2026', approvalReference: '' }, { content: pdf(), name: 'goedkeuring minister.pdf' });
    expect(first.status).toBe(400);
    expect(text(first.text)).toContain('vul de referentie van de goedkeuring in.');
    // The staged file comes back as a checked checkbox carrying its id: no need to choose it again.
    const keptId = /name="approvalKept" type="checkbox" value="(\d+)" checked/.exec(first.text)?.[1] ?? 'missing';
    expect(text(first.text)).toContain('goedkeuring minister.pdf');
    const submitted = await post(an, increase, { action: 'confirmSubmit', 'supplementen[0][price]': '19,00', validFrom: '01/04/2026', approvalDate: '15/02/2026', approvalReference: 'KAB/2026/17', approvalKept: keptId });
    expect(submitted.status).toBe(303);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id: increase }, include: { priceDossier: { include: { approvalFile: true } } } });
    expect(row.status).toBe('ingediend');
    expect(row.priceDossier?.approvalFile).toMatchObject({ id: Number(keptId), name: 'goedkeuring minister.pdf', mediaType: 'application/pdf' });
    expect(row.priceDossier?.approvalFile?.claimedAt).not.toBeNull();
    expect(row.priceDossier?.approvalReference).toBe('KAB/2026/17');
  });

  it('lets the facility download its approval; another facility gets 404', async () => {
    const an = await agentFor(AN, '4085');
    const page = await an.get(`/dossiers/prijzen/${increase}`);
    expect(page.text).toContain(`href="/dossiers/prijzen/${increase}/goedkeuring.pdf"`);
    const download = await an.get(`/dossiers/prijzen/${increase}/goedkeuring.pdf`).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const jan = await agentFor(JAN);
    expect((await jan.get(`/dossiers/prijzen/${increase}/goedkeuring.pdf`)).status).toBe(404);
  });

  it('shows Team Prijzen the approval to check, not another team', async () => {
    const els = await agentFor(ELS);
    const page = await els.get(`/beheer/dossiers/${increase}`);
    const fileId = (await db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId: increase } })).approvalFileId;
    expect(page.text).toContain(`href="/beheer/dossiers/${increase}/bijlagen/${fileId}"`);
    expect(text(page.text)).toContain('Goedkeuring door de minister: KAB/2026/17 van 15/02/2026.');
    const download = await els.get(`/beheer/dossiers/${increase}/bijlagen/${fileId}`).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // A file that is not this dossier's attachment is not served through it.
    expect((await els.get(`/beheer/dossiers/${increase}/bijlagen/${(fileId ?? 0) + 1000}`)).status).toBe(404);
    const pieter = await agentFor(PIETER);
    expect((await pieter.get(`/beheer/dossiers/${increase}/bijlagen/${fileId}`)).status).toBe(404);
  });

  it('is reopened by Team Prijzen, corrected by the facility, and accepted: the register gets the new price from the ingangsdatum', async () => {
    const els = await agentFor(ELS);
    const reopened = await decide(els, increase, 'heropenen', { reason: 'De prijs in de goedkeuring is 18,90 euro.' });
    expect(reopened.status).toBe(303);
    const an = await agentFor(AN, '4085');
    expect(text((await an.get(`/dossiers/prijzen/${increase}`)).text)).toContain('De prijs in de goedkeuring is 18,90 euro.');
    const corrected = await post(an, increase, { action: 'confirmSubmit', 'supplementen[0][price]': '18,90', validFrom: '01/04/2026', approvalDate: '15/02/2026', approvalReference: 'KAB/2026/17' });
    expect(corrected.status).toBe(303);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: increase } })).status).toBe('ingediend');
    const accepted = await decide(els, increase, 'beslissen', { outcome: 'aanvaard' });
    expect(accepted.status).toBe(303);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id: increase } })).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard' });
    // Only the supplement that changed is written, naming the dossier.
    expect((await registerPrices()).filter((e) => e[3] === increase)).toEqual([['Kapper', 1890, '2026-04-01', increase]]);
    expect(text((await an.get(`/dossiers/prijzen/${increase}`)).text)).toContain('afgehandeld: goedgekeurd');
  });

  it('takes a decrease without approval; refused by Team Prijzen, the facility reads the motivation and the register stays', async () => {
    const an = await agentFor(AN, '4085');
    decrease = await create(an);
    const submitted = await post(an, decrease, { action: 'confirmSubmit', 'supplementen[1][price]': '14,00', validFrom: '01/04/2026' });
    expect(submitted.status).toBe(303);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: decrease } })).status).toBe('ingediend');
    const before = await registerPrices();
    const els = await agentFor(ELS);
    const refused = await decide(els, decrease, 'beslissen', { outcome: 'geweigerd', motivation: 'De televisie is in de dagprijs inbegrepen.' });
    expect(refused.status).toBe(303);
    const page = text((await an.get(`/dossiers/prijzen/${decrease}`)).text);
    expect(page).toContain('afgehandeld: geweigerd');
    expect(page).toContain('De televisie is in de dagprijs inbegrepen.');
    expect(await registerPrices()).toEqual(before);
    // Another dossier's approval is not served through this one.
    const { approvalFileId } = await db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId: increase } });
    expect((await els.get(`/beheer/dossiers/${decrease}/bijlagen/${approvalFileId}`)).status).toBe(404);
  });
});

describe('a change of dagprijzen or capacity per kamertype (M38)', () => {
  const M38_LINK = 'Aanmaken wijziging van dagprijzen/uurprijzen of van capaciteit per type (bestaande voorziening)';
  let id = 0;
  const kamertype = (name: string, description: string, capacity: number, priceCents: number) => kamertypeEntry(hofTerLinden.id, name, description, capacity, priceCents);

  it('starts with the kamertypes of the register, current values filled in', async () => {
    await db.prisma.facility.update({ where: { id: hofTerLinden.id }, data: { recognizedCapacity: 60 } });
    await db.prisma.priceEntry.createMany({ data: [kamertype('WZC éénpersoonskamer', 'standaardkamer', 40, 6250), kamertype('WZC tweepersoonskamer', '', 16, 5800)] });
    const an = await agentFor(AN, '4085');
    expect(text((await an.get('/themas/prijzen')).text)).toContain(M38_LINK);
    const theme = await an.get('/themas/prijzen');
    const created = await an.post('/dossiers/prijzen/nieuw').type('form').send({ _csrf: hiddenField(theme.text, '_csrf'), type: 'wijziging-dagprijzen' });
    id = Number(/\/dossiers\/prijzen\/(\d+)$/.exec(created.headers.location ?? '')?.[1]);
    const lines = await db.prisma.priceDossierLine.findMany({ where: { dossierId: id }, orderBy: { position: 'asc' } });
    expect(lines.map((l) => [l.name, l.currentCapacity, l.capacity, l.currentPriceCents, l.priceCents])).toEqual([
      ['WZC éénpersoonskamer', 40, 40, 6250, 6250],
      ['WZC tweepersoonskamer', 16, 16, 5800, 5800],
    ]);
  });

  const form = (capacity: string, secondPrice: string, extra: Record<string, string> = {}) => ({
    action: 'confirmSubmit',
    'kamertypes[0][capacity]': capacity,
    'kamertypes[0][price]': '62,50',
    'kamertypes[1][capacity]': '16',
    'kamertypes[1][price]': secondPrice,
    validFrom: '01/04/2026',
    motivation: 'Vier kamers werden eenpersoonskamers na de verbouwing.',
    ...extra,
  });

  it('refuses a capacity above the erkende capaciteit (one over), an empty motivation and an increase without approval', async () => {
    const an = await agentFor(AN, '4085');
    const over = await post(an, id, form('45', '56,00'));
    expect(over.status).toBe(400);
    expect(text(over.text)).toContain('De capaciteit na de wijziging (61) is hoger dan de erkende capaciteit van uw voorziening (60).');
    const bare = await post(an, id, form('44', '59,00', { motivation: '' }));
    expect(bare.status).toBe(400);
    const t = text(bare.text);
    expect(t).toContain('Vul de motivering in.');
    const raised = await post(an, id, form('44', '59,00'));
    expect(text(raised.text)).toContain('voeg de goedkeuring toe als PDF-bestand.');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('takes a capacity at the erkende capaciteit exactly with a price decrease, without approval; accepted, it writes the register', async () => {
    const an = await agentFor(AN, '4085');
    const submitted = await post(an, id, form('44', '56,00'));
    expect(submitted.status).toBe(303);
    const els = await agentFor(ELS);
    expect((await decide(els, id, 'beslissen', { outcome: 'aanvaard' })).status).toBe(303);
    const written = await db.prisma.priceEntry.findMany({ where: { dossierId: id }, orderBy: { id: 'asc' } });
    expect(written.map((e) => [e.name, e.capacity, e.priceCents, e.validFrom.toISOString().slice(0, 10)])).toEqual([
      ['WZC éénpersoonskamer', 44, 6250, '2026-04-01'],
      ['WZC tweepersoonskamer', 16, 5600, '2026-04-01'],
    ]);
  });

  it('strikes a kamertype off: its capacity no longer counts, and the register ends it', async () => {
    now = new Date('2026-04-02T10:00:00Z');
    const an = await agentFor(AN, '4085');
    const theme = await an.get('/themas/prijzen');
    const created = await an.post('/dossiers/prijzen/nieuw').type('form').send({ _csrf: hiddenField(theme.text, '_csrf'), type: 'wijziging-dagprijzen' });
    const second = Number(/\/dossiers\/prijzen\/(\d+)$/.exec(created.headers.location ?? '')?.[1]);
    const submitted = await post(an, second, { action: 'confirmSubmit', 'kamertypes[0][capacity]': '58', 'kamertypes[0][price]': '62,50', 'kamertypes[1][removed]': 'ja', validFrom: '01/06/2026', motivation: 'De tweepersoonskamers worden eenpersoonskamers.' });
    expect(submitted.status).toBe(303);
    const els = await agentFor(ELS);
    expect((await decide(els, second, 'beslissen', { outcome: 'aanvaard' })).status).toBe(303);
    const written = await db.prisma.priceEntry.findMany({ where: { dossierId: second }, orderBy: { id: 'asc' } });
    expect(written.map((e) => [e.name, e.capacity, e.priceCents, e.removed])).toEqual([
      ['WZC éénpersoonskamer', 58, 6250, false],
      ['WZC tweepersoonskamer', null, null, true],
    ]);
  });
});
