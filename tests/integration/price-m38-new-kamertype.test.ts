// M38 "Wijziging van dagprijzen/uurprijzen of van capaciteit per type
// (bestaande voorziening)": a new kamertype beside those of the register. Its
// name is not the register's nor another new line's; it counts in the capacity
// against the erkende capaciteit; alone it is a change; it needs the
// minister's approval; accepted, the register has it from the ingangsdatum.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { fieldValue, rowsOf, text } from '../helpers/html.js';
import { hiddenField, logins, type Agent } from '../helpers/login.js';
import { binary, pdfText } from '../helpers/pdf.js';
import { pdf } from '../helpers/sample-files.js';
import { kamertypeEntry } from '../helpers/price-register.js';

const AN = '78041215386'; // role "Beheer Financiële gegevens" for WZC Hof ter Linden
const ELS = '80012724649'; // Team Prijzen
let now = new Date('2026-03-02T10:00:00Z');
const { app, db } = await createTestApp({ deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.update({ where: { hcoNumber: '4085' }, data: { recognizedCapacity: 60 } });
const kamertype = (name: string, description: string, capacity: number, priceCents: number) => kamertypeEntry(hofTerLinden.id, name, description, capacity, priceCents);
// 56 of the 60 recognised places: a new kamertype may have 4.
await db.prisma.priceEntry.createMany({ data: [kamertype('WZC éénpersoonskamer', 'standaardkamer', 40, 6250), kamertype('WZC tweepersoonskamer', '', 16, 5800)] });

const login = logins(app, db.prisma);
const agentFor = async (insz: string, hco?: string): Promise<Agent> => {
  if (!hco) return login.as(insz);
  return login.as(insz, { facilityId: hofTerLinden.id });
};

/** Posts the form as the browser does (multipart, the token first), with the approval's PDF when given. */
async function post(agent: request.Agent, id: number, fields: Record<string, string>, withApproval = false) {
  const page = await agent.get(`/dossiers/prijzen/${id}`);
  let req = agent.post(`/dossiers/prijzen/${id}/formulier`).field('_csrf', hiddenField(page.text, '_csrf') ?? '').field('version', hiddenField(page.text, 'version') ?? '');
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  if (withApproval) req = req.attach('approval', pdf(), { filename: 'goedkeuring.pdf', contentType: 'application/pdf' });
  return req;
}

/** The register's kamertypes unchanged, one new kamertype, and the facts a submission needs. */
const adding = (name: string, capacity: string, extra: Record<string, string> = {}) => ({
  action: 'confirmSubmit',
  'kamertypes[0][capacity]': '40',
  'kamertypes[0][price]': '62,50',
  'kamertypes[1][capacity]': '16',
  'kamertypes[1][price]': '58,00',
  'nieuwekamertypes[0][name]': name,
  'nieuwekamertypes[0][description]': 'met terras',
  'nieuwekamertypes[0][unit]': 'dag',
  'nieuwekamertypes[0][capacity]': capacity,
  'nieuwekamertypes[0][price]': '71,00',
  validFrom: '01/04/2026',
  motivation: 'De nieuwe vleugel heeft kamers met terras.',
  approvalDate: '15/02/2026',
  approvalReference: 'KAB/2026/31',
  ...extra,
});

const storedLines = async (id: number) => (await db.prisma.priceDossierLine.findMany({ where: { dossierId: id }, orderBy: { position: 'asc' } })).map((l) => [l.name, l.capacity, l.priceCents]);
const REGISTER_LINES = [
  ['WZC éénpersoonskamer', 40, 6250],
  ['WZC tweepersoonskamer', 16, 5800],
];
const registerKamertypes = async (agent: Agent) => rowsOf((await agent.get('/themas/prijzen/mijn-prijzen')).text, /^Kamertypes op /).map((row) => row[0]);

describe('a new kamertype in a change of dagprijzen (M38)', () => {
  let id = 0;

  it('offers an empty group of new kamertypes beside the register\'s, and adds a line without JavaScript keeping what was typed', async () => {
    const an = await agentFor(AN, '4085');
    const theme = await an.get('/themas/prijzen');
    const created = await an.post('/dossiers/prijzen/nieuw').type('form').send({ _csrf: hiddenField(theme.text, '_csrf'), type: 'wijziging-dagprijzen' });
    expect(created.status).toBe(303);
    id = Number(/\/dossiers\/prijzen\/(\d+)$/.exec(created.headers.location ?? '')?.[1]);
    const empty = await an.get(`/dossiers/prijzen/${id}`);
    expect(text(empty.text)).toContain('Nieuwe kamertypes');
    expect(text(empty.text)).toContain('Alleen voor een prijsverhoging of een nieuw kamertype, als dd/mm/jjjj.');
    expect(empty.text).not.toContain('name="nieuwekamertypes[0][name]"');

    const added = await post(an, id, { add: 'nieuwekamertypes', 'kamertypes[0][capacity]': '39', 'nieuwekamertypes[0][name]': 'Studio', 'nieuwekamertypes[0][capacity]': '2', motivation: 'Nieuwe vleugel.' });
    expect(added.status).toBe(200);
    expect(fieldValue(added.text, 'nieuwekamertypes[0][name]')).toBe('Studio');
    expect(fieldValue(added.text, 'nieuwekamertypes[0][capacity]')).toBe('2');
    expect(fieldValue(added.text, 'nieuwekamertypes[1][name]')).toBe('');
    expect(fieldValue(added.text, 'kamertypes[0][capacity]')).toBe('39');
    expect(fieldValue(added.text, 'motivation')).toBe('Nieuwe vleugel.');
    // Adding a line only redraws the form: nothing is stored until Bewaren or Indienen.
    expect(await storedLines(id)).toEqual(REGISTER_LINES);
  });

  it('keeps a new line of a draft in its own group, apart from the register\'s kamertypes', async () => {
    const an = await agentFor(AN, '4085');
    const saved = await post(an, id, { action: 'save', 'kamertypes[0][capacity]': '40', 'kamertypes[0][price]': '62,50', 'kamertypes[1][capacity]': '16', 'kamertypes[1][price]': '58,00', 'nieuwekamertypes[0][name]': 'Studio', 'nieuwekamertypes[0][unit]': 'uur', 'nieuwekamertypes[0][capacity]': '2' });
    expect(saved.status).toBe(303);
    expect(await storedLines(id)).toEqual([...REGISTER_LINES, ['Studio', 2, null]]);
    const page = await an.get(`/dossiers/prijzen/${id}`);
    expect(fieldValue(page.text, 'nieuwekamertypes[0][name]')).toBe('Studio');
    expect(fieldValue(page.text, 'nieuwekamertypes[0][unit]')).toBe('uur');
    expect(page.text).not.toContain('name="nieuwekamertypes[1][name]"');
    expect(page.text).not.toContain('name="kamertypes[2][capacity]"');
    // Saved without it, the draft is back to the register's kamertypes.
    expect((await post(an, id, { action: 'save', 'kamertypes[0][capacity]': '40', 'kamertypes[0][price]': '62,50', 'kamertypes[1][capacity]': '16', 'kamertypes[1][price]': '58,00' })).status).toBe(303);
    expect(await storedLines(id)).toEqual(REGISTER_LINES);
  });

  it('refuses a new kamertype named as one of the register (case and spaces aside) or as another new line, and stores nothing', async () => {
    const an = await agentFor(AN, '4085');
    const ofRegister = await post(an, id, adding('  wzc   ÉÉNPERSOONSKAMER ', '2'), true);
    expect(ofRegister.status).toBe(400);
    expect(text(ofRegister.text)).toContain('Nieuwe kamertypes, lijn 1, naam: Uw prijzenregister heeft al een kamertype ‘wzc ÉÉNPERSOONSKAMER’');

    const twice = await post(an, id, adding('Studio', '2', { 'nieuwekamertypes[1][name]': ' studio', 'nieuwekamertypes[1][unit]': 'dag', 'nieuwekamertypes[1][capacity]': '1', 'nieuwekamertypes[1][price]': '70,00' }), true);
    expect(twice.status).toBe(400);
    const t = text(twice.text);
    expect(t).toContain('Nieuwe kamertypes, lijn 2, naam: ‘studio’ staat al op een vorige lijn.');
    expect(t).not.toContain('lijn 1, naam');
    expect(fieldValue(twice.text, 'nieuwekamertypes[1][name]')).toBe(' studio');

    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
    expect(await storedLines(id)).toEqual(REGISTER_LINES);
    expect((await db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId: id } })).approvalFileId).toBeNull();
  });

  it('counts a new kamertype in the capacity: one place over the erkende capaciteit is refused', async () => {
    const an = await agentFor(AN, '4085');
    const over = await post(an, id, adding('Studio', '5'), true);
    expect(over.status).toBe(400);
    expect(text(over.text)).toContain('De capaciteit na de wijziging (61) is hoger dan de erkende capaciteit van uw voorziening (60).');
    expect(await storedLines(id)).toEqual(REGISTER_LINES);
  });

  it('needs the minister\'s approval for a new kamertype: it is a new price', async () => {
    const an = await agentFor(AN, '4085');
    const bare = await post(an, id, adding('Studio', '4', { approvalDate: '', approvalReference: '' }));
    expect(bare.status).toBe(400);
    const t = text(bare.text);
    expect(t).toContain('Een nieuw kamertype heeft de goedkeuring van de minister nodig: vul de datum van de goedkeuring in.');
    expect(t).toContain('voeg de goedkeuring toe als PDF-bestand.');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('takes one new kamertype as the only change, at the erkende capaciteit exactly; the receipt shows it as new', async () => {
    const an = await agentFor(AN, '4085');
    const submitted = await post(an, id, adding('Studio', '4'), true);
    expect(submitted.status).toBe(303);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('ingediend');
    expect(await storedLines(id)).toEqual([...REGISTER_LINES, ['Studio', 4, 7100]]);
    const page = await an.get(`/dossiers/prijzen/${id}`);
    expect(rowsOf(page.text, 'Nieuwe kamertypes').map((row) => row.slice(0, 4))).toEqual([['Studio', 'met terras', 'per dag', '4']]);
    expect(rowsOf(page.text, 'Kamertypes').map((row) => row[0])).toEqual(['WZC éénpersoonskamer', 'WZC tweepersoonskamer']);
    const receipt = await an.get(`/dossiers/prijzen/${id}/ontvangstbewijs.pdf`).buffer(true).parse(binary);
    expect(receipt.status).toBe(200);
    const receiptText = pdfText(receipt.body as Buffer).replace(/\s+/g, ' ');
    expect(receiptText).toContain('Nieuwe kamertypes');
    expect(receiptText).toContain('Studio: met terras');
  });

  it('accepted by Team Prijzen, the register has the new kamertype from the ingangsdatum and not the day before', async () => {
    const els = await agentFor(ELS);
    const handling = await els.get(`/beheer/dossiers/${id}`);
    expect(handling.status).toBe(200);
    expect(text(handling.text)).toMatch(/Nieuwe kamertypes .*Studio: met terras per dag 4 71,00/);
    const decided = await els.post(`/beheer/dossiers/${id}/beslissen`).type('form').send({ _csrf: hiddenField(handling.text, '_csrf'), outcome: 'aanvaard' });
    expect(decided.status).toBe(303);
    const written = await db.prisma.priceEntry.findMany({ where: { dossierId: id } });
    expect(written.map((e) => [e.name, e.description, e.unit, e.capacity, e.priceCents, e.validFrom.toISOString().slice(0, 10), e.removed])).toEqual([['Studio', 'met terras', 'dag', 4, 7100, '2026-04-01', false]]);

    const an = await agentFor(AN, '4085');
    const letter = await an.get(`/dossiers/${id}/beslissing.pdf`).buffer(true).parse(binary);
    expect(letter.status).toBe(200);
    const letterText = pdfText(letter.body as Buffer).replace(/\s+/g, ' ');
    expect(letterText).toContain('Nieuwe kamertypes');
    expect(letterText).toContain('Studio: met terras');
    now = new Date('2026-03-31T21:59:00Z'); // 23:59 on 31 March in Brussels
    expect(await registerKamertypes(an)).not.toContain('Studio');
    now = new Date('2026-03-31T22:00:00Z'); // midnight, 1 April in Brussels
    expect(await registerKamertypes(an)).toEqual(expect.arrayContaining(['Studio', 'WZC éénpersoonskamer', 'WZC tweepersoonskamer']));
  });
});
