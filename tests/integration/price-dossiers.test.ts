// The price dossiers (M34-M38) on the dossier core: created from the theme
// page's "Nieuw dossier", edited on the editable-lines form without
// JavaScript, submitted through the lifecycle; shown here with the
// "Prijsmededeling voor nieuwe supplementen (bestaande voorziening)" (M36).
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { text } from '../helpers/html.js';
import { hiddenField, type Agent } from '../helpers/login.js';
import { createPriceDossier, personas, postPriceDossier } from '../helpers/price-dossiers.js';

const AN = '78041215386'; // role "Beheer Financiële gegevens" for WZC Hof ter Linden
const JAN = '85092305734'; // WZC Sint-Jozef, without the role
const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
let now = new Date('2026-03-02T10:00:00Z');
const { app, db } = await createTestApp({ deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
await db.prisma.contactPerson.create({
  data: { facilityId: hofTerLinden.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@hofterlinden.example', phone: '016 12 34 57', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
});
const LINK = 'Aanmaken prijsmededeling voor nieuwe supplementen (bestaande voorziening)';

const agentFor = personas(app, db.prisma);

const create = (agent: Agent) => createPriceDossier(agent, 'nieuwe-supplementen');
const post = postPriceDossier;

describe('a price dossier from "Nieuw dossier" to ingediend (M32, M36)', () => {
  let id = 0;

  it('is offered on the theme page to a user with the role, and created with a reference', async () => {
    const an = await agentFor(AN, '4085');
    const theme = await an.get('/themas/prijzen');
    expect(text(theme.text)).toContain(LINK);
    const created = await create(an);
    expect(created.response.status).toBe(303);
    id = created.id;
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ typeCode: 'nieuwe-supplementen', status: 'opmaak', campaignId: null, facilityId: hofTerLinden.id });
    expect(row.reference).toBe(`NS-2026-${String(id).padStart(6, '0')}`);
    expect(await db.prisma.auditEvent.count({ where: { kind: 'dossier.created', recordId: String(id) } })).toBe(1);
    const list = text((await an.get('/themas/prijzen')).text);
    expect(list).toContain(`Prijsmededeling voor nieuwe supplementen (bestaande voorziening) (${row.reference}) in opmaak`);
  });

  it('adds a line without JavaScript and keeps what was typed', async () => {
    const an = await agentFor(AN, '4085');
    const page = await post(an, id, { add: 'supplementen', validFrom: '15/04/2026' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="supplementen[0][name]"');
    expect(page.text).toContain('value="15/04/2026"');
  });

  it('refuses an incomplete submission with Dutch errors beside the fields, and stores nothing', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, id, { action: 'confirmSubmit', 'supplementen[0][name]': '', 'supplementen[0][unit]': 'dag', 'supplementen[0][price]': '12,5x', validFrom: '' });
    expect(response.status).toBe(400);
    const t = text(response.text);
    expect(t).toContain('Nieuwe supplementen, lijn 1, naam: Vul een naam in.');
    expect(t).toContain('Vul een bedrag in euro in, met een komma voor de centen');
    expect(t).toContain('Vul de ingangsdatum in.');
    expect(await db.prisma.priceDossierLine.count({ where: { dossierId: id } })).toBe(0);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('refuses an ingangsdatum less than 30 days ahead and a name twice (M36), naming the first day allowed', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, id, {
      action: 'confirmSubmit',
      'supplementen[0][name]': 'Kapper',
      'supplementen[0][unit]': 'prestatie',
      'supplementen[0][price]': '18,00',
      'supplementen[1][name]': 'kapper',
      'supplementen[1][unit]': 'prestatie',
      'supplementen[1][price]': '19,00',
      validFrom: '31/03/2026',
    });
    expect(response.status).toBe(400);
    const t = text(response.text);
    expect(t).toContain('kies 01/04/2026 of later');
    expect(t).toContain('‘kapper’ staat al op een vorige lijn.');
  });

  it('saves a draft with an incomplete line, then submits: status, lines, e-mail and receipt', async () => {
    const an = await agentFor(AN, '4085');
    const saved = await post(an, id, { action: 'save', 'supplementen[0][name]': 'Kapper', 'supplementen[0][unit]': 'prestatie', 'supplementen[0][price]': '', validFrom: '' });
    expect(saved.status).toBe(303);
    expect(await db.prisma.priceDossierLine.findMany({ where: { dossierId: id }, select: { name: true, priceCents: true } })).toEqual([{ name: 'Kapper', priceCents: null }]);
    const submitted = await post(an, id, {
      action: 'confirmSubmit',
      'supplementen[0][name]': 'Kapper',
      'supplementen[0][description]': 'Knippen en brushen',
      'supplementen[0][unit]': 'prestatie',
      'supplementen[0][price]': '18,50',
      validFrom: '01/04/2026',
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.location).toBe(`/dossiers/prijzen/${id}?ingediend=1`);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id }, include: { priceLines: true, priceDossier: true } });
    expect(row.status).toBe('ingediend');
    expect(row.priceLines.map((l) => [l.name, l.unit, l.priceCents])).toEqual([['Kapper', 'prestatie', 1850]]);
    expect(row.priceDossier?.validFrom?.toISOString().slice(0, 10)).toBe('2026-04-01');
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(id) } });
    expect(mail.subject).toBe(`Uw dossier Prijsmededeling voor nieuwe supplementen (bestaande voorziening) werd ingediend (${row.reference})`);
    expect(mail.recipients).toContain('lies.wouters@hofterlinden.example');
    // The same sentence as the Meting's (tests/integration/dossiers.test.ts): the core writes both, naming the type.
    expect(mail.text).toMatch(new RegExp(`An Peeters heeft op \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d het dossier ‘Prijsmededeling voor nieuwe supplementen \\(bestaande voorziening\\)’ van WZC Hof ter Linden ingediend \\(referentie ${row.reference}\\)\\.`));
    expect(mail.text).toMatch(new RegExp(`Ontvangstbewijs \\(PDF\\): http\\S+/dossiers/prijzen/${id}/ontvangstbewijs\\.pdf`));
    const page = text((await an.get(`/dossiers/prijzen/${id}`)).text);
    expect(page).toContain('Status en vooruitgang');
    expect(page).toContain('Kapper');
    expect(page).toContain('18,50');
    const receipt = await an.get(`/dossiers/prijzen/${id}/ontvangstbewijs.pdf`);
    expect(receipt.status).toBe(200);
    expect(receipt.headers['content-type']).toContain('application/pdf');
  });

  it('is read-only once submitted: a late post changes nothing', async () => {
    const an = await agentFor(AN, '4085');
    const page = await an.get(`/dossiers/prijzen/${id}`);
    expect(page.text).not.toContain('name="action" value="save"');
    const response = await an.post(`/dossiers/prijzen/${id}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), version: '0', action: 'save', 'supplementen[0][name]': 'Anders', validFrom: '01/05/2026' });
    expect(response.status).toBe(303);
    expect((await db.prisma.priceDossierLine.findFirstOrThrow({ where: { dossierId: id } })).name).toBe('Kapper');
  });

  it('is not reachable for another facility, and a user without the role cannot create one', async () => {
    const jan = await agentFor(JAN);
    expect((await jan.get(`/dossiers/prijzen/${id}`)).status).toBe(404);
    expect((await jan.get(`/dossiers/prijzen/${id}/ontvangstbewijs.pdf`)).status).toBe(404);
    const theme = await jan.get('/themas/prijzen');
    expect(text(theme.text)).not.toContain(`value="nieuwe-supplementen"`);
    const refused = await jan.post('/dossiers/prijzen/nieuw').type('form').send({ _csrf: hiddenField(theme.text, '_csrf'), type: 'nieuwe-supplementen' });
    expect(refused.status).toBe(403);
    // The note names the type the user asked for, its role and the way back to its theme.
    expect(text(refused.text)).toContain('U kan de dossiers ‘Prijsmededeling voor nieuwe supplementen (bestaande voorziening)’ bekijken, maar niet aanmaken, wijzigen of indienen. Daarvoor hebt u de rol ‘e-loket - Beheer Financiële gegevens’ nodig');
    expect(refused.text).toContain('<a href="/themas/prijzen">Terug naar het thema</a>');
    expect(await db.prisma.dossier.count({ where: { typeCode: 'nieuwe-supplementen', facility: { hcoNumber: '3634' } } })).toBe(0);
  });

  it('refuses an unknown type and more open dossiers of a type than it allows', async () => {
    const an = await agentFor(AN, '4085');
    const theme = await an.get('/themas/prijzen');
    expect((await an.post('/dossiers/prijzen/nieuw').type('form').send({ _csrf: hiddenField(theme.text, '_csrf'), type: 'meting-dagprijzen' })).status).toBe(404);
    // One is open (ingediend); the type allows three at once. Two clicks at once for the third make one.
    await create(an);
    const both = await Promise.all([create(an), create(an)]);
    expect(both.map((b) => b.response.status).sort()).toEqual([303, 409]);
    expect(await db.prisma.dossier.count({ where: { typeCode: 'nieuwe-supplementen', facilityId: hofTerLinden.id } })).toBe(3);
    const full = await an.get('/themas/prijzen');
    expect(text(full.text)).toContain('uw voorziening heeft al 3 dossiers van dit type die nog niet afgehandeld zijn.');
  });

  it('waits in Team Prijzen\'s queue with its content, is not opened by another team, and is decided with a letter the facility downloads', async () => {
    const els = await agentFor(ELS);
    const queue = text((await els.get('/beheer/dossiers?type=nieuwe-supplementen')).text);
    const { reference } = await db.prisma.dossier.findUniqueOrThrow({ where: { id } });
    expect(queue).toContain(reference);
    const page = await els.get(`/beheer/dossiers/${id}`);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('Inhoud van het dossier');
    expect(text(page.text)).toMatch(/Kapper: Knippen en brushen per prestatie 18,50/);
    const pieter = await agentFor(PIETER);
    expect((await pieter.get(`/beheer/dossiers/${id}`)).status).toBe(404);
    const decided = await els.post(`/beheer/dossiers/${id}/beslissen`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), outcome: 'aanvaard' });
    expect(decided.status).toBe(303);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard' });
    const an = await agentFor(AN, '4085');
    const own = text((await an.get(`/dossiers/prijzen/${id}`)).text);
    expect(own).toContain('afgehandeld: kennis genomen');
    const letter = await an.get(`/dossiers/${id}/beslissing.pdf`);
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toContain('application/pdf');
    // The acceptance wrote the register (M33) in its transaction, from the ingangsdatum, naming the dossier.
    const entries = await db.prisma.priceEntry.findMany({ where: { facilityId: hofTerLinden.id, dossierId: id } });
    expect(entries.map((e) => [e.kind, e.name, e.priceCents, e.validFrom.toISOString().slice(0, 10)])).toEqual([['supplement', 'Kapper', 1850, '2026-04-01']]);
  });

  it('refuses a new supplement the register already has: that is a price change (M37)', async () => {
    now = new Date('2026-04-02T10:00:00Z');
    const an = await agentFor(AN, '4085');
    const open = await db.prisma.dossier.findFirstOrThrow({ where: { typeCode: 'nieuwe-supplementen', facilityId: hofTerLinden.id, status: 'opmaak' } });
    const response = await post(an, open.id, { action: 'confirmSubmit', 'supplementen[0][name]': 'kapper', 'supplementen[0][unit]': 'prestatie', 'supplementen[0][price]': '20,00', validFrom: '15/05/2026' });
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('Uw voorziening rekent ‘kapper’ al aan');
    const mine = text((await an.get('/themas/prijzen/mijn-prijzen')).text);
    expect(mine).toContain('Kapper');
    // Mijn taken lists the draft of a type started at any time, linked to its own page.
    const home = await an.get('/');
    expect(text(home.text)).toContain(`Het dossier ‘Prijsmededeling voor nieuwe supplementen (bestaande voorziening) (${open.reference})’ is nog in opmaak: vul het aan en dien het in.`);
    expect(home.text).toContain(`href="/dossiers/prijzen/${open.id}"`);
  });
});

