// "Prijsmededeling voor nieuwe voorziening" (M35): Team Prijzen keeps the
// facility's new erkenningsnummer and infrastructuurforfait on its directory
// page; only a facility with the one and without the other notifies its free
// prices, at least 30 days ahead, within its erkende capaciteit; the
// department's kennisname writes them into the register from the ingangsdatum.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { text } from '../helpers/html.js';
import { hiddenField, type Agent } from '../helpers/login.js';
import { createPriceDossier, personas, postPriceDossier } from '../helpers/price-dossiers.js';

const AN = '78041215386'; // role "Beheer Financiële gegevens" for WZC Hof ter Linden
const JAN = '85092305734'; // WZC Sint-Jozef, without the role
const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const LOTTE = '93110230219'; // Technische helpdesk
const LINK = 'Aanmaken prijsmededeling voor nieuwe voorziening';
let now = new Date('2026-03-02T10:00:00Z');
const { app, db } = await createTestApp({ deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.update({ where: { hcoNumber: '4085' }, data: { recognizedCapacity: 60 } });
const directoryPage = `/beheer/voorzieningen/${hofTerLinden.id}`;

const agentFor = personas(app, db.prisma);

async function postPriceFields(agent: Agent, fields: Record<string, string>) {
  const page = await agent.get(directoryPage);
  return agent.post(`${directoryPage}/prijsgegevens`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), ...fields });
}

const priceFields = () => db.prisma.facility.findUniqueOrThrow({ where: { id: hofTerLinden.id }, select: { newRecognitionNumber: true, newRecognitionDate: true, receivesInfrastructureForfait: true } });
const setPriceFields = (data: { newRecognitionNumber?: string | null; receivesInfrastructureForfait?: boolean }) => db.prisma.facility.update({ where: { id: hofTerLinden.id }, data });

/** The offer on the theme page: its link text and, when refused, why. */
async function offer(agent: Agent): Promise<{ offered: boolean; text: string }> {
  const theme = await agent.get('/themas/prijzen');
  return { offered: theme.text.includes('value="nieuwe-voorziening"'), text: text(theme.text) };
}

const create = (agent: Agent) => createPriceDossier(agent, 'nieuwe-voorziening');
const post = postPriceDossier;

/** Two kamertypes of `first` and `second` places and one supplement, from the ingangsdatum. */
const complete = (validFrom: string, first = 40, second = 20) => ({
  action: 'confirmSubmit',
  'kamertypes[0][name]': 'WZC éénpersoonskamer',
  'kamertypes[0][description]': 'Kamer met eigen badkamer',
  'kamertypes[0][unit]': 'dag',
  'kamertypes[0][capacity]': String(first),
  'kamertypes[0][price]': '68,50',
  'kamertypes[1][name]': 'WZC tweepersoonskamer',
  'kamertypes[1][description]': '',
  'kamertypes[1][unit]': 'dag',
  'kamertypes[1][capacity]': String(second),
  'kamertypes[1][price]': '61,25',
  'supplementen[0][name]': 'Televisie',
  'supplementen[0][description]': 'Aansluiting en toestel',
  'supplementen[0][unit]': 'maand',
  'supplementen[0][price]': '15,00',
  validFrom,
});

/** The text of the Kamertypes table of a register page (not its history). */
const kamertypesOf = (html: string) => text(html.slice(html.indexOf('id="kamertypes"'), html.indexOf('id="supplementen"')));

describe('the facility fields the price rules read, kept by Team Prijzen (M35)', () => {
  it('lets Team Prijzen set a new erkenningsnummer with its date and the infrastructuurforfait, audited', async () => {
    const els = await agentFor(ELS);
    const page = await els.get(directoryPage);
    expect(page.text).toContain(`action="${directoryPage}/prijsgegevens"`);
    const saved = await postPriceFields(els, { erkenningsnummer: 'PE 3012', erkenningsdatum: '15/01/2026', infrastructuurforfait: 'ja' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${directoryPage}?prijsgegevens=bewaard#prijsgegevens`);
    expect(await priceFields()).toEqual({ newRecognitionNumber: 'PE 3012', newRecognitionDate: new Date('2026-01-15T00:00:00Z'), receivesInfrastructureForfait: true });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'facility.price-fields', facilityId: hofTerLinden.id } });
    expect(audit).toMatchObject({ recordType: 'Facility', recordId: String(hofTerLinden.id), teamCode: 'team-prijzen', actorName: 'Els Willems' });
    expect(audit.summary).toBe('Prijsgegevens gewijzigd: nieuw erkenningsnummer PE 3012 van 15/01/2026, ontvangt infrastructuurforfait (was: geen nieuw erkenningsnummer, ontvangt geen infrastructuurforfait).');
    const after = text((await els.get(`${directoryPage}?prijsgegevens=bewaard`)).text);
    expect(after).toContain('De prijsgegevens zijn bewaard.');
    expect(after).toContain('Prijsgegevens van de voorziening gewijzigd');
  });

  it('refuses a number without its date, or a malformed date, with Dutch errors and the typed values kept, and stores nothing', async () => {
    const els = await agentFor(ELS);
    const audits = await db.prisma.auditEvent.count({ where: { kind: 'facility.price-fields' } });
    const noDate = await postPriceFields(els, { erkenningsnummer: 'PE 4000', erkenningsdatum: '' });
    expect(noDate.status).toBe(400);
    expect(text(noDate.text)).toContain('Vul de datum in waarop het nieuwe erkenningsnummer toegekend werd.');
    expect(noDate.text).toContain('value="PE 4000"');
    const badDate = await postPriceFields(els, { erkenningsnummer: 'PE 4000', erkenningsdatum: '31/02/2026' });
    expect(badDate.status).toBe(400);
    expect(text(badDate.text)).toContain('Vul de datum van de erkenning in als dd/mm/jjjj');
    expect((await priceFields()).newRecognitionNumber).toBe('PE 3012');
    expect(await db.prisma.auditEvent.count({ where: { kind: 'facility.price-fields' } })).toBe(audits);
  });

  it('shows the fields to other teams and the helpdesk without a form, and refuses their post', async () => {
    for (const insz of [PIETER, LOTTE]) {
      const agent = await agentFor(insz);
      const page = await agent.get(directoryPage);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('/prijsgegevens"');
      expect(text(page.text)).toContain('PE 3012 (van 15/01/2026)');
      expect(text(page.text)).toContain('Ontvangt het infrastructuurforfait');
      const refused = await postPriceFields(agent, { erkenningsnummer: '', erkenningsdatum: '' });
      expect(refused.status).toBe(403);
    }
    expect((await priceFields()).newRecognitionNumber).toBe('PE 3012');
  });
});

describe('Prijsmededeling voor nieuwe voorziening (M35)', () => {
  let id = 0;

  it('is offered only with a new erkenningsnummer and without the infrastructuurforfait', async () => {
    const an = await agentFor(AN, '4085');
    // The number is set, but the facility receives the infrastructuurforfait (the first section set both).
    let seen = await offer(an);
    expect(seen.offered).toBe(false);
    expect(seen.text).toContain(`${LINK}: uw voorziening ontvangt het infrastructuurforfait: vrije prijzen zijn dan niet toegestaan.`);
    await setPriceFields({ newRecognitionNumber: null, receivesInfrastructureForfait: false });
    seen = await offer(an);
    expect(seen.offered).toBe(false);
    expect(seen.text).toContain(`${LINK}: alleen een voorziening met een nieuw erkenningsnummer`);
    // A post that skips the page is refused for the same reason.
    const refused = await create(an);
    expect(refused.response.status).toBe(409);
    expect(text(refused.response.text)).toContain('alleen een voorziening met een nieuw erkenningsnummer');
    await setPriceFields({ newRecognitionNumber: 'PE 3012', receivesInfrastructureForfait: false });
    seen = await offer(an);
    expect(seen.offered).toBe(true);
    expect(seen.text).toContain(LINK);
    expect(await db.prisma.dossier.count({ where: { typeCode: 'nieuwe-voorziening' } })).toBe(0);
  });

  it('needs the role', async () => {
    const jan = await agentFor(JAN);
    await db.prisma.facility.update({ where: { hcoNumber: '3634' }, data: { newRecognitionNumber: 'PE 5000' } });
    expect((await offer(jan)).offered).toBe(false);
    expect((await create(jan)).response.status).toBe(403);
    expect(await db.prisma.dossier.count({ where: { typeCode: 'nieuwe-voorziening' } })).toBe(0);
  });

  it('is created once: a second one waits until the first is handled', async () => {
    const an = await agentFor(AN, '4085');
    const created = await create(an);
    expect(created.response.status).toBe(303);
    id = created.id;
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).reference).toBe(`NV-2026-${String(id).padStart(6, '0')}`);
    const seen = await offer(an);
    expect(seen.offered).toBe(false);
    expect(seen.text).toContain('uw voorziening heeft al een dossier van dit type dat nog niet afgehandeld is.');
  });

  it('needs at least one kamertype but no supplement, and refuses a kamertype per maand', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, id, { action: 'confirmSubmit', validFrom: '01/04/2026' });
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('Voeg minstens één lijn toe bij ‘Kamertypes’.');
    expect(text(response.text)).not.toContain('Voeg minstens één lijn toe bij ‘Supplementen’.');
    const perMonth = await post(an, id, { ...complete('01/04/2026'), 'kamertypes[1][unit]': 'maand' });
    expect(perMonth.status).toBe(400);
    expect(text(perMonth.text)).toContain('Kies een eenheid uit de lijst.');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('refuses an ingangsdatum 29 days after the submission, naming the first day allowed', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, id, complete('31/03/2026'));
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('U meldt de prijzen ten minste 30 dagen vooraf: kies 01/04/2026 of later.');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('refuses more places than the erkende capaciteit (61 of 60)', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, id, complete('01/04/2026', 40, 21));
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('De kamertypes hebben samen 61 woongelegenheden, meer dan de erkende capaciteit van uw voorziening (60).');
  });

  it('checks the facility fields again at submission: the department may have changed them meanwhile', async () => {
    const an = await agentFor(AN, '4085');
    await setPriceFields({ receivesInfrastructureForfait: true });
    const forfait = await post(an, id, complete('01/04/2026'));
    expect(forfait.status).toBe(400);
    expect(text(forfait.text)).toContain('Uw voorziening ontvangt het infrastructuurforfait: vrije prijzen zijn dan niet toegestaan.');
    await setPriceFields({ newRecognitionNumber: null, receivesInfrastructureForfait: false });
    const noNumber = await post(an, id, complete('01/04/2026'));
    expect(noNumber.status).toBe(400);
    expect(text(noNumber.text)).toContain('Alleen een voorziening met een nieuw erkenningsnummer');
    await setPriceFields({ newRecognitionNumber: 'PE 3012' });
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('is submitted 30 days ahead with exactly the erkende capaciteit', async () => {
    const an = await agentFor(AN, '4085');
    const response = await post(an, id, complete('01/04/2026', 40, 20));
    expect(response.status).toBe(303);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id }, include: { priceLines: { orderBy: [{ kind: 'asc' }, { position: 'asc' }] } } });
    expect(row.status).toBe('ingediend');
    expect(row.priceLines.map((l) => [l.kind, l.name, l.unit, l.capacity, l.priceCents])).toEqual([
      ['kamertype', 'WZC éénpersoonskamer', 'dag', 40, 6850],
      ['kamertype', 'WZC tweepersoonskamer', 'dag', 20, 6125],
      ['supplement', 'Televisie', 'maand', null, 1500],
    ]);
  });

  it('on kennisname writes every line into the register, shown in Mijn prijzen from the ingangsdatum', async () => {
    const els = await agentFor(ELS);
    const page = await els.get(`/beheer/dossiers/${id}`);
    expect(page.status).toBe(200);
    expect(text(page.text)).toMatch(/WZC éénpersoonskamer: Kamer met eigen badkamer per dag 40 68,50/);
    const decided = await els.post(`/beheer/dossiers/${id}/beslissen`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), outcome: 'aanvaard' });
    expect(decided.status).toBe(303);
    const entries = await db.prisma.priceEntry.findMany({ where: { facilityId: hofTerLinden.id, dossierId: id }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.kind, e.name, e.capacity, e.priceCents, e.validFrom.toISOString().slice(0, 10)])).toEqual([
      ['kamertype', 'WZC éénpersoonskamer', 40, 6850, '2026-04-01'],
      ['kamertype', 'WZC tweepersoonskamer', 20, 6125, '2026-04-01'],
      ['supplement', 'Televisie', null, 1500, '2026-04-01'],
    ]);
    const an = await agentFor(AN, '4085');
    expect(text((await an.get(`/dossiers/prijzen/${id}`)).text)).toContain('afgehandeld: kennis genomen');
    const before = kamertypesOf((await an.get('/themas/prijzen/mijn-prijzen')).text);
    expect(before).not.toContain('68,50');
    now = new Date('2026-04-01T08:00:00Z');
    const mine = await an.get('/themas/prijzen/mijn-prijzen');
    expect(kamertypesOf(mine.text)).toContain('WZC éénpersoonskamer');
    expect(kamertypesOf(mine.text)).toContain('68,50');
    expect(kamertypesOf(mine.text)).toContain('61,25');
    expect(text(mine.text)).toContain('Televisie');
  });
});
