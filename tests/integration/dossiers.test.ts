// The Meting dagprijzen as seed 002 describes it (M22-M24): the theme page,
// the form with its two Luiken, the role, every rule at its boundary, the
// deadline in Brussels time, concurrency, the e-mail and the receipt.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { binary, pdfText } from '../helpers/pdf.js';
import { fieldValue, text, textsOf } from '../helpers/html.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';

const AN = '78041215386'; // role for WZC Hof ter Linden, not for WZC De Wingerd
const JAN = '85092305734'; // WZC Sint-Jozef, without the role

let now = new Date('2026-05-10T10:00:00Z');
const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' }, deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });

// The campaigns with explicit dates: 2025 closed (with the demo's submitted dossiers), 2026 open in May.
await db.prisma.campaign.update({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2025 } }, data: { openingDate: dbDateOf({ year: 2025, month: 4, day: 15 }), deadline: dbDateOf({ year: 2025, month: 5, day: 31 }) } });
const campaign = await metingDagprijzen2026(db.prisma);
await db.prisma.contactPerson.create({
  data: {
    facilityId: hofTerLinden.id,
    surname: 'Wouters',
    givenName: 'Lies',
    email: 'lies.wouters@hofterlinden.example',
    phone: '016 12 34 57',
    confirmedAt: new Date(),
    themes: { create: [{ themeId: prijzen.id }] },
  },
});

type Agent = ReturnType<typeof request.agent>;

const login = logins(app, db.prisma);

interface Line {
  kamertype?: string;
  beschrijving?: string;
  capaciteit: string;
  prijs: string;
}

function body(luik1: Line[], luik2: Line[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [group, lines] of [['luik1', luik1], ['luik2', luik2]] as const) {
    lines.forEach((l, i) => {
      result[`${group}[${i}][kamertype]`] = l.kamertype ?? 'WZC éénpersoonskamer';
      result[`${group}[${i}][beschrijving]`] = l.beschrijving ?? '';
      result[`${group}[${i}][capaciteit]`] = l.capaciteit;
      result[`${group}[${i}][prijs]`] = l.prijs;
    });
  }
  return result;
}

async function post(agent: Agent, id: number, fields: Record<string, string>, page?: string) {
  const form = page ?? (await agent.get(`/dossiers/${id}`)).text;
  return agent
    .post(`/dossiers/${id}`)
    .type('form')
    .send({ _csrf: hiddenField(form, '_csrf'), version: hiddenField(form, 'version'), ...fields });
}

async function createDossier(agent: Agent): Promise<number> {
  const theme = await agent.get('/themas/prijzen');
  const created = await agent.post('/dossiers').type('form').send({ _csrf: hiddenField(theme.text, '_csrf') });
  expect(created.status).toBe(303);
  return Number(/\/dossiers\/(\d+)$/.exec(created.headers.location ?? '')?.[1]);
}


async function resetDossiers() {
  await db.prisma.dossier.deleteMany({ where: { campaignId: campaign.id } });
  await db.prisma.outboxMail.deleteMany({});
  await db.prisma.campaignCapacity.update({ where: { campaignId_facilityId: { campaignId: campaign.id, facilityId: hofTerLinden.id } }, data: { recognizedCapacity: 96 } });
  now = new Date('2026-05-10T10:00:00Z');
}

beforeEach(resetDossiers);

describe('the theme page Prijzen and the startpagina (M22)', () => {
  it('offers "Aanmaken meting dagprijzen mei 2026" once, lists the dossiers and shows the draft under Mijn taken', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const before = text((await an.get('/themas/prijzen')).text);
    expect(before).toContain('Nieuw dossier');
    expect(before).toContain('Aanmaken meting dagprijzen mei 2026');
    expect(before).toContain('Meting dagprijzen mei 2025 ingediend');

    const id = await createDossier(an);
    const after = text((await an.get('/themas/prijzen')).text);
    expect(after).not.toContain('Aanmaken meting dagprijzen');
    expect(after).toContain('Meting dagprijzen mei 2026 in opmaak');
    expect((await an.get('/themas/prijzen')).text).toContain(`href="/dossiers/${id}"`);
    const start = text((await an.get('/')).text);
    expect(start).toContain('Het dossier ‘Meting dagprijzen mei 2026’ is nog in opmaak: dien het in uiterlijk op 31/05/2026');

    // A second "Aanmaken" (another tab) leads to the same dossier.
    expect(await createDossier(an)).toBe(id);
    expect(await db.prisma.dossier.count({ where: { facilityId: hofTerLinden.id, campaignId: campaign.id } })).toBe(1);
  });

  it('offers no Meting dagprijzen outside the campaign window (the price dossiers started at any time stay)', async () => {
    now = new Date('2026-06-01T08:00:00Z');
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const page = text((await an.get('/themas/prijzen')).text);
    expect(page).not.toContain('Aanmaken meting dagprijzen');
    expect(page).toContain('Aanmaken prijsmededeling voor nieuwe supplementen (bestaande voorziening)');
    const theme = await an.get('/themas/prijzen');
    expect((await an.post('/dossiers').type('form').send({ _csrf: hiddenField(theme.text, '_csrf') })).status).toBe(409);
    expect(await db.prisma.dossier.count({ where: { campaignId: campaign.id } })).toBe(0);
  });
});

describe('the role "e-loket - Beheer Financiële gegevens"', () => {
  it('lets a user without the role only read, and says which role a toegangsbeheerder must grant', async () => {
    const jan = await login.as(JAN);
    const theme = await jan.get('/themas/prijzen');
    expect(text(theme.text)).toContain('Daarvoor hebt u de rol ‘e-loket - Beheer Financiële gegevens’ nodig voor WZC Sint-Jozef');
    expect(text(theme.text)).toContain('De toegangsbeheerder van uw voorziening kent die rol toe');
    expect(theme.text).not.toContain('action="/dossiers"');
    const refused = await jan.post('/dossiers').type('form').send({ _csrf: hiddenField(theme.text, '_csrf') });
    expect(refused.status).toBe(403);
    expect(await db.prisma.dossier.count({ where: { facilityId: sintJozef.id, campaignId: campaign.id } })).toBe(0);

    const dossier = await db.prisma.dossier.create({
      data: { facilityId: sintJozef.id, campaignId: campaign.id, reference: 'MD-2026-003634', lines: { create: [{ luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Bestaand', capaciteit: 2, priceCents: 5000 }] } },
    });
    const page = await jan.get(`/dossiers/${dossier.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<form method="post" action="/dossiers/');
    expect(text(page.text)).toContain('Bestaand');
    const save = await jan.post(`/dossiers/${dossier.id}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), version: '0', action: 'save', ...body([{ capaciteit: '4', prijs: '1,00' }], []) });
    expect(save.status).toBe(403);
    expect(await db.prisma.dagprijzenLine.findMany({ where: { dossierId: dossier.id }, select: { capaciteit: true } })).toEqual([{ capaciteit: 2 }]);
  });

  it('holds per facility: An has the role for Hof ter Linden, not for De Wingerd', async () => {
    const an = await login.as(AN, { facilityId: wingerd.id });
    const theme = await an.get('/themas/prijzen');
    expect(text(theme.text)).toContain('nodig voor WZC De Wingerd');
    expect((await an.post('/dossiers').type('form').send({ _csrf: hiddenField(theme.text, '_csrf') })).status).toBe(403);
  });
});

describe('the form (M23)', () => {
  it('shows the sections of seed 002, prefilled with last year\'s submitted lines, each in its Luik, with the netto price', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const page = await an.get(`/dossiers/${id}`);
    const t = text(page.text);
    expect(t).toContain('Meting dagprijzen mei 2026');
    expect(t).toContain('Algemeen');
    expect(t).toContain('Gelieve na te gaan of u al contactpersonen heeft meegedeeld voor het thema Prijzen');
    expect(page.text).toContain('href="/mijn-organisatie/contactpersonen"');
    expect(t).toContain('Gegevens ingediend bij de meting 2025 werden voorafgaandelijk ingevuld');
    expect(t).toContain('De korting van 6,29 euro wordt automatisch verrekend');
    expect(t).toContain('Datum dagprijsmeting: 1 mei 2026');
    expect(t).toContain('Belangrijk!!: U moet het dossier uiterlijk tegen 31 mei 2026 definitief indienen');
    expect(t).toContain('De indieningstermijn loopt tot en met 31 mei 2026');
    expect(fieldValue(page.text, 'luik1[0][beschrijving]')).toBe('Standaardkamer');
    expect(fieldValue(page.text, 'luik1[0][prijs]')).toBe('62,50');
    expect(fieldValue(page.text, 'luik1[1][capaciteit]')).toBe('12');
    expect(fieldValue(page.text, 'luik2[0][prijs]')).toBe('66,29');
    expect(textsOf(page.text, 'output#luik2-0-netto')).toEqual(['60,00']);
  });

  it('adds a line ("WZC éénpersoonskamer") and removes one after the question, without JavaScript, keeping what was typed', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const typed = body([{ beschrijving: 'Getypt', capaciteit: '10', prijs: '50,00' }], [{ capaciteit: '2', prijs: '70,00' }]);
    const added = await post(an, id, { ...typed, add: 'luik2' });
    expect(added.status).toBe(200);
    expect(fieldValue(added.text, 'luik2[1][kamertype]')).toBe('WZC éénpersoonskamer');
    expect(textsOf(added.text, 'output#luik2-0-netto')).toEqual(['63,71']);
    expect(added.text).toContain('value="Getypt"');

    const asked = await post(an, id, { ...typed, remove: 'luik1:0' }, added.text);
    expect(text(asked.text)).toContain('Bent u zeker dat u lijn 1 van Luik 1 wilt verwijderen?');
    expect(asked.text).toContain('value="Getypt"');
    const removed = await post(an, id, { ...typed, confirmRemove: 'luik1:0' }, asked.text);
    expect(removed.text).not.toContain('value="Getypt"');
    expect(removed.text).toContain('Nog geen lijnen in Luik 1');
    // Nothing is stored before "Bewaren".
    expect(await db.prisma.dagprijzenLine.count({ where: { dossierId: id } })).toBe(3);
  });
});

describe('Bewaren (M24)', () => {
  it('stores an incomplete draft, and the form shows it when the user comes back', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const saved = await post(an, id, { ...body([{ beschrijving: 'Half', capaciteit: '', prijs: '' }], [{ kamertype: 'WZC tweepersoonskamer', capaciteit: '6', prijs: '45' }]), action: 'save' });
    expect(saved.status).toBe(303);
    const lines = await db.prisma.dagprijzenLine.findMany({ where: { dossierId: id }, orderBy: [{ luik: 'asc' }, { position: 'asc' }] });
    expect(lines.map((l) => [l.luik, l.kamertype, l.beschrijving, l.capaciteit, l.priceCents])).toEqual([
      [1, 'WZC éénpersoonskamer', 'Half', null, null],
      [2, 'WZC tweepersoonskamer', '', 6, 4500],
    ]);
    const again = await an.get(`/dossiers/${id}?bewaard=1`);
    expect(text(again.text)).toContain('Het dossier is bewaard, maar nog niet ingediend');
    expect(again.text).toMatch(/name="luik2\[0\]\[prijs\]" type="text" value="45,00"/);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it.each([
    ['12,345', 'Luik 1, lijn 1, prijs per bewoner: Gebruik hoogstens twee cijfers na de komma.'],
    ['12.50', 'Luik 1, lijn 1, prijs per bewoner: Vul een bedrag in euro in, met een komma voor de centen'],
    ['-3,00', 'Luik 1, lijn 1, prijs per bewoner: Het bedrag mag niet negatief zijn.'],
  ])('refuses the price %j with a message naming Luik, line and field, and stores nothing', async (price, message) => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const response = await post(an, id, { ...body([{ capaciteit: '2', prijs: price }], []), action: 'save' });
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain(message);
    expect(response.text).toContain('href="#luik1-0-prijs"');
    expect(response.text).toMatch(/id="luik1-0-prijs-error"/);
    expect(response.text).toContain(`value="${price}"`);
    expect(await db.prisma.dagprijzenLine.count({ where: { dossierId: id } })).toBe(3);
  });

  it('refuses a capaciteit that is not a whole number and a kamertype outside the list', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const response = await post(an, id, { ...body([], [{ kamertype: 'Suite', capaciteit: '2,5', prijs: '70,00' }]), action: 'save' });
    expect(response.status).toBe(400);
    const t = text(response.text);
    expect(t).toContain('Luik 2, lijn 1, kamertype: Kies een kamertype uit de lijst.');
    expect(t).toContain('Luik 2, lijn 1, capaciteit: Vul de capaciteit in als een geheel getal, bijvoorbeeld 6.');
  });

  it('never overwrites a colleague\'s save: the second gets a Dutch message with their values kept', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const colleague = await login.as(AN, { facilityId: hofTerLinden.id });
    const pageA = (await an.get(`/dossiers/${id}`)).text;
    const pageB = (await colleague.get(`/dossiers/${id}`)).text;
    expect((await post(an, id, { ...body([{ beschrijving: 'Eerste', capaciteit: '2', prijs: '50,00' }], []), action: 'save' }, pageA)).status).toBe(303);
    const stale = await post(colleague, id, { ...body([{ beschrijving: 'Tweede', capaciteit: '4', prijs: '51,00' }], []), action: 'save' }, pageB);
    expect(stale.status).toBe(409);
    expect(text(stale.text)).toContain('Het dossier werd intussen gewijzigd door iemand anders.');
    expect(stale.text).toContain('value="Tweede"');
    expect((await db.prisma.dagprijzenLine.findMany({ where: { dossierId: id } })).map((l) => l.beschrijving)).toEqual(['Eerste']);
    // Saving again from the refreshed form replaces the colleague's version on purpose.
    expect((await post(colleague, id, { ...body([{ beschrijving: 'Tweede', capaciteit: '4', prijs: '51,00' }], []), action: 'save' }, stale.text)).status).toBe(303);
  });
});

describe('Indienen (M24)', () => {
  const complete = body(
    [
      { beschrijving: 'Standaardkamer', capaciteit: '60', prijs: '62,50' },
      { kamertype: 'WZC tweepersoonskamer', capaciteit: '12', prijs: '55,00' },
    ],
    [{ beschrijving: 'Nieuwbouw', capaciteit: '24', prijs: '66,29' }],
  );

  it('asks OK / Annuleer first (a step without JavaScript), and Annuleer submits nothing', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const asked = await post(an, id, { ...complete, action: 'submit' });
    expect(asked.status).toBe(200);
    expect(text(asked.text)).toContain('Klik ‘OK’ om het dossier in te dienen, ‘Annuleer’ als u de gegevens nog niet wenst in te dienen.');
    const cancelled = await post(an, id, { ...complete, action: 'edit' }, asked.text);
    expect(cancelled.status).toBe(200);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('submits once: read-only afterwards, one e-mail with the lines to the confirmed Prijzen contacts, queued with it', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const page = (await an.get(`/dossiers/${id}`)).text;
    // A double click: two posts of the same form.
    const [first, second] = await Promise.all([post(an, id, { ...complete, action: 'confirmSubmit' }, page), post(an, id, { ...complete, action: 'confirmSubmit' }, page)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const dossier = await db.prisma.dossier.findUniqueOrThrow({ where: { id } });
    expect(dossier.status).toBe('ingediend');
    expect(dossier.submittedAt).toEqual(now);
    const done = await an.get(`/dossiers/${id}?ingediend=1`);
    expect(text(done.text)).toContain('Uw dossier werd succesvol ingediend');
    expect(text(done.text)).toContain('Een bevestiging per e-mail gaat naar uw contactpersoon voor het thema Prijzen: Lies Wouters.');
    expect(text(done.text)).toContain('U krijgt een kopie op an.peeters@zonnehof.example.');
    expect(done.text).not.toContain('Belangrijk!!');
    expect(done.text).not.toContain(`<form method="post" action="/dossiers/${id}"`);
    expect(done.text).toContain(`href="/dossiers/${id}/ontvangstbewijs.pdf"`);
    const mails = await db.prisma.outboxMail.findMany({ where: { causeType: 'dossier', causeId: String(id) } });
    expect(mails).toHaveLength(1);
    // The contacts, and the submitter's copy in the same outbox row.
    expect(mails[0]?.recipients).toEqual(['lies.wouters@hofterlinden.example', 'an.peeters@zonnehof.example']);
    expect(mails[0]?.text).toContain('WZC tweepersoonskamer: capaciteit 12, prijs 55,00 euro per bewoner');
    expect(mails[0]?.text).toContain('WZC éénpersoonskamer (Nieuwbouw): capaciteit 24, brutoprijs 66,29 euro, nettoprijs 60,00 euro per bewoner');
    expect(mails[0]?.text).toContain(`https://eloket.example.be/dossiers/${id}/ontvangstbewijs.pdf`);
    // The core's confirmation, as every type's: the submitter, the time, the type's title, the facility and the reference.
    expect(mails[0]?.subject).toBe(`Uw dossier Meting dagprijzen mei 2026 werd ingediend (${dossier.reference})`);
    expect(mails[0]?.text).toContain(`An Peeters heeft op 10/05/2026 12:00 het dossier ‘Meting dagprijzen mei 2026’ van WZC Hof ter Linden ingediend (referentie ${dossier.reference}).`);
    // A later save of the old form changes nothing.
    expect((await post(an, id, { ...body([], []), action: 'save' }, page)).status).toBe(303);
    expect(await db.prisma.dagprijzenLine.count({ where: { dossierId: id } })).toBe(3);
  });

  it('says that no contact person gets the confirmation when the theme has none, links to Mijn organisatie, and still mails the submitter a copy', async () => {
    await db.prisma.contactPerson.updateMany({ where: { facilityId: hofTerLinden.id }, data: { confirmedAt: null } });
    try {
      const an = await login.as(AN, { facilityId: hofTerLinden.id });
      const id = await createDossier(an);
      expect((await post(an, id, { ...complete, action: 'confirmSubmit' })).status).toBe(303);
      const done = text((await an.get(`/dossiers/${id}?ingediend=1`)).text);
      expect(done).toContain('Uw voorziening heeft geen bevestigde contactpersoon voor het thema Prijzen: geen enkele contactpersoon krijgt een bevestiging.');
      expect(done).not.toContain('Een bevestiging per e-mail gaat naar');
      expect(done).toContain('U krijgt een kopie op an.peeters@zonnehof.example.');
      expect((await an.get(`/dossiers/${id}?ingediend=1`)).text).toContain('<a href="/mijn-organisatie/contactpersonen">Mijn organisatie › Contactpersonen</a>');
      const mails = await db.prisma.outboxMail.findMany({ where: { causeType: 'dossier', causeId: String(id) } });
      expect(mails.map((m) => m.recipients)).toEqual([['an.peeters@zonnehof.example']]);
    } finally {
      await db.prisma.contactPerson.updateMany({ where: { facilityId: hofTerLinden.id }, data: { confirmedAt: new Date() } });
    }
  });

  it.each([
    [body([{ capaciteit: '', prijs: '50,00' }], []), 'Luik 1, lijn 1, capaciteit: Vul de capaciteit in'],
    [body([{ capaciteit: '0', prijs: '50,00' }], []), 'Luik 1, lijn 1, capaciteit: Vul een capaciteit van minstens 1 in.'],
    [body([{ kamertype: 'WZC tweepersoonskamer', capaciteit: '3', prijs: '45,00' }], []), 'Luik 1, lijn 1, capaciteit: Een tweepersoonskamer telt als 2 woongelegenheden'],
    [body([{ capaciteit: '2', prijs: '' }], []), 'Luik 1, lijn 1, prijs per bewoner: Vul de prijs per bewoner in'],
    [body([{ capaciteit: '2', prijs: '0,00' }], []), 'Luik 1, lijn 1, prijs per bewoner: Vul de prijs per bewoner in: een bedrag groter dan 0,00.'],
    [body([], [{ capaciteit: '2', prijs: '6,29' }]), 'Luik 2, lijn 1, brutoprijs per bewoner: De brutoprijs moet hoger zijn dan de korting van 6,29 euro.'],
  ])('refuses an incomplete or wrong line (%#) with Luik, line and field, and stays a draft', async (lines, message) => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const response = await post(an, id, { ...lines, action: 'confirmSubmit' });
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain(message);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('accepts the boundaries: an even capacity for a double room, 0,01 euro and a brutoprijs one cent above the korting', async () => {
    await db.prisma.campaignCapacity.update({ where: { campaignId_facilityId: { campaignId: campaign.id, facilityId: hofTerLinden.id } }, data: { recognizedCapacity: 5 } });
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const lines = body([{ kamertype: 'WZC tweepersoonskamer', capaciteit: '2', prijs: '45,00' }, { capaciteit: '1', prijs: '0,01' }], [{ capaciteit: '2', prijs: '6,30' }]);
    expect((await post(an, id, { ...lines, action: 'confirmSubmit' })).status).toBe(303);
    const stored = await db.prisma.dagprijzenLine.findMany({ where: { dossierId: id, luik: 2 } });
    expect(stored.map((l) => l.priceCents)).toEqual([630]);
    expect(text((await an.get(`/dossiers/${id}`)).text)).toContain('6,30 0,01');
  });

  it('refuses a capacity above the erkende capaciteit, and asks to confirm a lower one naming both numbers', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const above = await post(an, id, { ...body([{ capaciteit: '97', prijs: '50,00' }], []), action: 'confirmSubmit' });
    expect(above.status).toBe(400);
    expect(text(above.text)).toContain('De som van de capaciteit in Luik 1 en Luik 2 (97) is hoger dan de erkende capaciteit van uw woonzorgcentrum op 1 mei 2026 (96).');

    const lower = body([{ capaciteit: '90', prijs: '50,00' }], []);
    const asked = await post(an, id, { ...lower, action: 'confirmSubmit' });
    expect(asked.status).toBe(400);
    expect(text(asked.text)).toContain('De som van de capaciteit in Luik 1 en Luik 2 (90) is lager dan de erkende capaciteit van uw woonzorgcentrum op 1 mei 2026 (96). Klopt dit?');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
    // A confirmation of another number does not count.
    expect((await post(an, id, { ...lower, capacityConfirmed: '91' }, asked.text)).status).toBe(400);
    expect((await post(an, id, { ...lower, capacityConfirmed: '90' }, asked.text)).status).toBe(303);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('ingediend');
  });

  it('submits an exact total without a question', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    expect((await post(an, id, { ...complete, action: 'confirmSubmit' })).status).toBe(303);
  });

  it.each([
    ['31 May 23:59:59 Brussels (summer time)', '2026-05-31T21:59:59Z', 303],
    ['1 June 00:00:00 Brussels', '2026-05-31T22:00:00Z', 400],
  ])('judges the deadline in Brussels time: %s', async (_name, instant, status) => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    now = new Date(instant);
    const response = await post(an, id, { ...complete, action: 'confirmSubmit' });
    expect(response.status).toBe(status);
    if (status === 400) expect(text(response.text)).toContain('De indieningstermijn liep tot en met 31/05/2026: u kan dit dossier niet meer indienen.');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe(status === 303 ? 'ingediend' : 'opmaak');
  });

  it('opens on the opening day in Brussels across the change to summer time', async () => {
    // 29 March 2026: summer time starts at 02:00; the day starts at 00:00 CET = 23:00 UTC the day before.
    await db.prisma.campaign.update({ where: { id: campaign.id }, data: { openingDate: dbDateOf({ year: 2026, month: 3, day: 29 }) } });
    try {
      const an = await login.as(AN, { facilityId: hofTerLinden.id });
      now = new Date('2026-03-28T22:59:59Z');
      expect(text((await an.get('/themas/prijzen')).text)).not.toContain('Aanmaken meting dagprijzen');
      now = new Date('2026-03-28T23:00:00Z');
      expect(text((await an.get('/themas/prijzen')).text)).toContain('Aanmaken meting dagprijzen mei 2026');
    } finally {
      await db.prisma.campaign.update({ where: { id: campaign.id }, data: { openingDate: dbDateOf({ year: 2026, month: 4, day: 15 }) } });
    }
  });
});

describe('the audit trail of a dossier (M28)', () => {
  const trail = (id: number) => db.prisma.auditEvent.findMany({ where: { recordType: 'Dossier', recordId: String(id) }, orderBy: { id: 'asc' } });
  const complete = body([{ beschrijving: 'Standaardkamer', capaciteit: '72', prijs: '62,50' }], [{ beschrijving: 'Nieuwbouw', capaciteit: '24', prijs: '66,29' }]);

  it('records the creation, each save and the submission, as the user of the acting facility, with the change', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { insz: AN } });
    const id = await createDossier(an);
    expect((await post(an, id, { ...body([{ capaciteit: '', prijs: '' }], []), action: 'save' })).status).toBe(303);
    expect((await post(an, id, { ...complete, action: 'confirmSubmit' })).status).toBe(303);
    const rows = await trail(id);
    expect(rows.map((r) => r.kind)).toEqual(['dossier.created', 'dossier.saved', 'dossier.submitted']);
    for (const row of rows) {
      expect(row).toMatchObject({ actorUserId: user.id, actorName: `${user.givenName} ${user.surname}`, facilityId: hofTerLinden.id, teamCode: null });
      expect(row.details).toMatchObject({ reference: 'MD-2026-004085' });
    }
    expect(rows[1]?.details).toMatchObject({ lines: 1 });
    expect(rows[2]?.details).toMatchObject({ lines: 2, capacity: 96, recognizedCapacity: 96 });
  });

  it('writes nothing for a change that did not happen: a submission refused by a rule, a save of an outdated form, a second click', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    const outdated = (await an.get(`/dossiers/${id}`)).text;
    expect((await post(an, id, { ...body([{ capaciteit: '0', prijs: '50,00' }], []), action: 'confirmSubmit' })).status).toBe(400);
    expect((await post(an, id, { ...body([{ capaciteit: '97', prijs: '50,00' }], []), action: 'confirmSubmit' })).status).toBe(400);
    expect((await trail(id)).map((r) => r.kind)).toEqual(['dossier.created']);
    expect((await post(an, id, { ...complete, action: 'save' })).status).toBe(303);
    expect((await post(an, id, { ...complete, action: 'save' }, outdated)).status).toBe(409);
    const page = (await an.get(`/dossiers/${id}`)).text;
    await Promise.all([post(an, id, { ...complete, action: 'confirmSubmit' }, page), post(an, id, { ...complete, action: 'confirmSubmit' }, page)]);
    expect((await trail(id)).map((r) => r.kind)).toEqual(['dossier.created', 'dossier.saved', 'dossier.submitted']);
  });
});

describe('a dossier the department reopened', () => {
  const complete = body([{ capaciteit: '72', prijs: '62,50' }], [{ capaciteit: '24', prijs: '66,29' }]);

  // Decided: a reopened dossier may be submitted again after the deadline (see
  // the comment in DossierService.submit): the department reopens on the
  // facility's request, and until it is submitted again its lines are in no export.
  it('may be submitted again after the deadline; a dossier never submitted may not', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    expect((await post(an, id, { ...complete, action: 'confirmSubmit' })).status).toBe(303);
    now = new Date('2026-06-05T09:00:00Z');
    await db.prisma.dossier.update({ where: { id }, data: { status: 'heropend', version: { increment: 1 }, reopenedAt: now, reopenReason: 'Op vraag van de voorziening' } });
    now = new Date('2026-06-08T09:00:00Z');
    const resubmitted = await post(an, id, { ...complete, action: 'confirmSubmit' });
    expect(resubmitted.status).toBe(303);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('ingediend');

    // The same moment, a draft that was never reopened is refused.
    await db.prisma.dossier.update({ where: { id }, data: { status: 'opmaak', reopenedAt: null } });
    const refused = await post(an, id, { ...complete, action: 'confirmSubmit' });
    expect(refused.status).toBe(400);
    expect(text(refused.text)).toContain('De indieningstermijn liep tot en met 31/05/2026: u kan dit dossier niet meer indienen.');
  });
});

describe('Ontvangstbewijs (PDF)', () => {
  it('is a tagged Dutch PDF with the facility, HCO, KBO, every line with its netto price, the totals, the submitter and the time', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    expect(
      (await post(an, id, { ...body([{ beschrijving: 'Standaardkamer', capaciteit: '72', prijs: '62,50' }], [{ beschrijving: 'Nieuwbouw', capaciteit: '24', prijs: '66,29' }]), action: 'confirmSubmit' })).status,
    ).toBe(303);
    const response = await an.get(`/dossiers/${id}/ontvangstbewijs.pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/MarkInfo');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/Lang \(nl-BE\)/);
    const t = pdfText(pdf);
    expect(t).toContain('Ontvangstbewijs Meting dagprijzen mei 2026');
    expect(t).toContain('Voorziening: WZC Hof ter Linden');
    expect(t).toContain('HCO-nummer: 4085');
    expect(t).toContain('KBO-nummer 0412.345.614');
    expect(t).toContain('Referentie: MD-2026-004085');
    expect(t).toContain('Ingediend op 10/05/2026 12:00 (Brussel) door An Peeters');
    expect(t).toContain('Totale capaciteit (Luik 1 en Luik 2): 96 van 96 erkende woongelegenheden');
  });

  it("is a document: the department's heading, the facility block, the reference and time first, each Luik a table with its total", async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    expect(
      (await post(an, id, { ...body([{ beschrijving: 'Standaardkamer', capaciteit: '72', prijs: '62,50' }], [{ beschrijving: 'Nieuwbouw', capaciteit: '24', prijs: '66,29' }]), action: 'confirmSubmit' })).status,
    ).toBe(303);
    const response = await an.get(`/dossiers/${id}/ontvangstbewijs.pdf`).buffer(true).parse(binary);
    expect(response.status).toBe(200);
    const pdf = response.body as Buffer;
    const t = pdfText(pdf);
    // The heading, then the title, then the reference and the time before anything else.
    expect(t.startsWith('Vlaamse overheid\nDepartement Zorg\nOntvangstbewijs Meting dagprijzen mei 2026\nReferentie: MD-2026-004085\nIngediend op 10/05/2026 12:00 (Brussel) door An Peeters\n')).toBe(true);
    expect(t).toContain('Voorziening: WZC Hof ter Linden\nHCO-nummer: 4085\nOrganisatie: ');
    expect(t).toContain('Adres: Lindenlaan 12, 3000 Leuven');
    // Luik 2 as a table: header cells, the line, the total row.
    expect(t).toContain(
      ['Nr.', 'Kamertype', 'Beschrijving', 'Capaciteit', 'Brutoprijs (euro)', 'Nettoprijs (euro)', '1', 'WZC éénpersoonskamer', 'Nieuwbouw', '24', '66,29', '60,00', 'Totaal Luik 2', '24'].join('\n'),
    );
    expect(t).toContain(['Prijs (euro)', '1', 'WZC éénpersoonskamer', 'Standaardkamer', '72', '62,50', 'Totaal Luik 1', '72'].join('\n'));
    // Still tagged: the tables are Table/TR/TH/TD structure elements.
    const raw = pdf.toString('latin1');
    for (const tag of ['Table', 'TR', 'TH', 'TD', 'H1', 'H2']) expect(raw).toContain(`/S /${tag}`);
  });

  it('does not exist for a draft', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const id = await createDossier(an);
    expect((await an.get(`/dossiers/${id}/ontvangstbewijs.pdf`)).status).toBe(404);
  });
});
