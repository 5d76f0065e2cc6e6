// The facility directory (M28): staff only, every search filter, pages in
// name order, and a facility's page with its data, contact persons, dossiers,
// the threads of the staff member's teams' themes only, and its audit trail.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { logins } from '../helpers/login.js';
import { createThread } from '../helpers/messages.js';
import { PAGE_SIZE } from '../../src/modules/directory/schemas.js';
import { fieldValue, rowsOf, text } from '../helpers/html.js';

const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const LOTTE = '93110230219'; // Technische helpdesk
const JAN = '85092305734'; // a facility user (WZC Sint-Jozef)

const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' } });
const facility = (hco: string) => db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: hco } });
const sintJozef = await facility('3634');
const theme = (slug: string) => db.prisma.theme.findUniqueOrThrow({ where: { slug } });
const team = (code: string) => db.prisma.team.findUniqueOrThrow({ where: { code } });
const [prijzen, brandveiligheid, teamPrijzen, teamBrand] = await Promise.all([theme('prijzen'), theme('brandveiligheid'), team('team-prijzen'), team('team-brandveiligheid')]);

// Thirty facilities of one enterprise, for the pages.
const enterprise = await db.prisma.enterprise.create({ data: { kboNumber: '0200000127', name: 'vzw Testzorg' } });
const wzcType = await db.prisma.facilityType.findUniqueOrThrow({ where: { code: 'woonzorgcentrum' } });
await db.prisma.facility.createMany({
  data: Array.from({ length: 30 }, (_, i) => ({
    hcoNumber: `T${900 + i}`,
    name: `Testzorg ${String(i + 1).padStart(2, '0')}`,
    enterpriseId: enterprise.id,
    facilityTypeId: wzcType.id,
    street: 'Teststraat 1',
    postalCode: '8000',
    municipality: 'Brugge',
  })),
});

// WZC Sint-Jozef: a thread of Team Prijzen and one of Team Brandveiligheid, contacts, and 25 audit rows.
const ownThread = await db.prisma.thread.create({
  data: { reference: 'DZ-2026-700001', facilityId: sintJozef.id, themeId: prijzen.id, teamId: teamPrijzen.id, title: 'Vraag over de dagprijs van Prijzen', lastActivityAt: new Date() },
});
const otherThread = await db.prisma.thread.create({
  data: { reference: 'DZ-2026-700002', facilityId: sintJozef.id, themeId: brandveiligheid.id, teamId: teamBrand.id, title: 'Brandweerverslag geheim voor Prijzen', lastActivityAt: new Date() },
});
await db.prisma.contactPerson.create({
  data: { facilityId: sintJozef.id, surname: 'Bevestigd', givenName: 'Bart', email: 'bart@sintjozef.example', phone: '015 11 11 11', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }, { themeId: brandveiligheid.id }] } },
});
await db.prisma.contactPerson.create({
  data: { facilityId: sintJozef.id, surname: 'Wachtend', givenName: 'Wim', email: 'wim@sintjozef.example', phone: '015 22 22 22', themes: { create: [{ themeId: prijzen.id }] } },
});
const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } } });
const dossier = await db.prisma.dossier.upsert({
  where: { facilityId_campaignId: { facilityId: sintJozef.id, campaignId: campaign.id } },
  create: { facilityId: sintJozef.id, campaignId: campaign.id, reference: 'MD-2026-003634' },
  update: {},
});
const base = Date.parse('2026-03-01T09:00:00Z');
await db.prisma.auditEvent.createMany({
  data: Array.from({ length: 25 }, (_, i) => ({
    occurredAt: new Date(base + i * 60_000),
    actorName: 'Jan Claes',
    facilityId: sintJozef.id,
    kind: 'contact.updated',
    recordType: 'ContactPerson',
    recordId: String(i),
    summary: `Wijziging nummer ${String(i).padStart(2, '0')}.`,
  })),
});
// A row of another facility never shows on Sint-Jozef's page.
await db.prisma.auditEvent.create({ data: { actorName: 'An Peeters', facilityId: (await facility('4085')).id, kind: 'contact.created', recordType: 'ContactPerson', recordId: '1', summary: 'Wijziging van Hof ter Linden.' } });

type Agent = ReturnType<typeof request.agent>;
const login = logins(app, db.prisma);
/** The names in the result table, in order. */
const names = (html: string) => rowsOf(html, /^Voorzieningen \(\d+\)$/).map((row) => row[0]);

let els: Agent;
beforeAll(async () => {
  els = await login.as(ELS);
});

describe('who may use the directory', () => {
  it('sends someone not logged in to the login', async () => {
    const response = await request(app).get('/beheer/voorzieningen');
    expect(response.status).toBe(302);
    expect(response.headers.location).toContain('/auth/login');
  });

  it('refuses a facility user with 403, on the search and on a facility page (their own included)', async () => {
    const jan = await login.as(JAN);
    expect((await jan.get('/beheer/voorzieningen')).status).toBe(403);
    expect((await jan.get(`/beheer/voorzieningen/${sintJozef.id}`)).status).toBe(403);
  });

  it('is linked from /beheer for every staff member; the helpdesk tickets only for the helpdesk', async () => {
    const home = await els.get('/beheer');
    expect(home.text).toContain('<a href="/beheer/voorzieningen">Voorzieningen zoeken</a>');
    expect(home.text).not.toContain('href="/beheer/helpdesk"');
    const lotte = await login.as(LOTTE);
    expect((await lotte.get('/beheer')).text).toContain('<a href="/beheer/helpdesk">Helpdesktickets</a>');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await els.get('/beheer/voorzieningen/999999')).status).toBe(404);
    expect((await els.get('/beheer/voorzieningen/abc')).status).toBe(404);
  });
});

describe('searching (M28)', () => {
  it('lists every facility in name order, paged', async () => {
    const total = await db.prisma.facility.count();
    const first = await els.get('/beheer/voorzieningen');
    expect(first.status).toBe(200);
    expect(first.text).toContain(`Voorzieningen (${total})`);
    expect(names(first.text)).toHaveLength(PAGE_SIZE);
    const all = (await db.prisma.facility.findMany({ select: { name: true } })).map((f) => f.name);
    const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // PostgreSQL's collation and the test's may differ on punctuation; the first page's members match.
    expect(new Set(names(first.text))).toEqual(new Set(sorted.slice(0, PAGE_SIZE)));
    expect(first.text).toContain('href="/beheer/voorzieningen?pagina=2"');
  });

  it('finds a facility by any part of its name, case-insensitively', async () => {
    const response = await els.get('/beheer/voorzieningen?naam=jozef');
    expect(names(response.text)).toEqual(['WZC Sint-Jozef']);
    expect(text(response.text)).toContain('Zorgbedrijf Rivierenland (0456.789.034)');
    expect(response.text).toContain(`href="/beheer/voorzieningen/${sintJozef.id}"`);
  });

  it('reads % and _ in a name as themselves, not as wildcards', async () => {
    expect(names((await els.get('/beheer/voorzieningen?naam=%25')).text)).toEqual([]);
    expect(names((await els.get('/beheer/voorzieningen?naam=W_C')).text)).toEqual([]);
    expect((await els.get('/beheer/voorzieningen?naam=%25')).text).toContain('Geen voorzieningen gevonden.');
  });

  it('finds a facility by its HCO number, also written as eHealth shows it', async () => {
    expect(names((await els.get('/beheer/voorzieningen?hco=4085')).text)).toEqual(['WZC Hof ter Linden']);
    expect(names((await els.get(`/beheer/voorzieningen?hco=${encodeURIComponent('HCO-nummer: 4085')}`)).text)).toEqual(['WZC Hof ter Linden']);
    // Exact: no facility whose number merely contains it.
    expect(names((await els.get('/beheer/voorzieningen?hco=408')).text)).toEqual([]);
  });

  it('finds the facilities of an enterprise by its KBO number, with or without dots, with nine digits too', async () => {
    for (const kbo of ['0412345614', '0412.345.614', '412.345.614']) {
      expect(names((await els.get(`/beheer/voorzieningen?kbo=${encodeURIComponent(kbo)}`)).text)).toEqual(['WZC De Wingerd', 'WZC Hof ter Linden']);
    }
  });

  it('filters on the type of facility, offered as a list of the types', async () => {
    const response = await els.get('/beheer/voorzieningen?type=huisartsenkring');
    expect(names(response.text)).toEqual(['Huisartsenkring Pajottenland', 'Huisartsenvereniging Gent']);
    expect(fieldValue(response.text, 'type')).toBe('huisartsenkring');
    // An unknown type filters nothing out rather than failing.
    expect((await els.get('/beheer/voorzieningen?type=%3Cscript%3E')).status).toBe(200);
  });

  it('finds facilities by (part of) the gemeente or by postcode', async () => {
    expect(names((await els.get('/beheer/voorzieningen?gemeente=mechel')).text)).toEqual(['WZC Sint-Jozef']);
    expect(names((await els.get('/beheer/voorzieningen?gemeente=3010')).text)).toEqual(['WZC De Wingerd']);
    expect(names((await els.get('/beheer/voorzieningen?gemeente=GENT')).text)).toEqual(['Huisartsenvereniging Gent']);
  });

  it('combines the filters', async () => {
    expect(names((await els.get('/beheer/voorzieningen?kbo=0412345614&gemeente=Leuven')).text)).toEqual(['WZC Hof ter Linden']);
    expect(names((await els.get('/beheer/voorzieningen?naam=WZC&type=huisartsenkring')).text)).toEqual([]);
  });

  it('pages a search in name order and keeps the filters in the links', async () => {
    const first = await els.get('/beheer/voorzieningen?naam=testzorg&gemeente=Brugge');
    expect(first.text).toContain('Voorzieningen (30)');
    expect(names(first.text)).toEqual(Array.from({ length: 25 }, (_, i) => `Testzorg ${String(i + 1).padStart(2, '0')}`));
    expect(first.text).toContain('Pagina 1 van 2');
    expect(first.text).toContain('href="/beheer/voorzieningen?naam=testzorg&amp;gemeente=Brugge&amp;pagina=2"');
    const second = await els.get('/beheer/voorzieningen?naam=testzorg&gemeente=Brugge&pagina=2');
    expect(names(second.text)).toEqual(['Testzorg 26', 'Testzorg 27', 'Testzorg 28', 'Testzorg 29', 'Testzorg 30']);
    expect(second.text).toContain('href="/beheer/voorzieningen?naam=testzorg&amp;gemeente=Brugge" rel="prev"');
    // A page past the end shows the last page.
    expect(names((await els.get('/beheer/voorzieningen?naam=testzorg&pagina=9')).text)).toHaveLength(5);
  });

  it('keeps what was typed in the search fields', async () => {
    const response = await els.get('/beheer/voorzieningen?naam=%3Cb%3Ejozef&gemeente=Mechelen');
    expect(response.text).toContain('value="&lt;b&gt;jozef"');
    expect(response.text).toContain('value="Mechelen"');
    expect(response.text).not.toContain('<b>jozef');
  });
});

describe('a facility\'s page (M28)', () => {
  it('shows its data, its contact persons (confirmed or not, per theme) and its dossiers', async () => {
    const response = await els.get(`/beheer/voorzieningen/${sintJozef.id}`);
    expect(response.status).toBe(200);
    const t = text(response.text);
    expect(response.text).toContain('<h1>WZC Sint-Jozef</h1>');
    expect(t).toContain('HCO-nummer 3634');
    expect(t).toContain('Zorgbedrijf Rivierenland (ondernemingsnummer 0456.789.034)');
    expect(t).toContain(`${sintJozef.street}, 2800 Mechelen`);
    expect(t).toMatch(/Bart Bevestigd bart@sintjozef\.example 015 11 11 11 Brandveiligheid, Prijzen Bevestigd/);
    expect(t).toMatch(/Wim Wachtend wim@sintjozef\.example 015 22 22 22 Prijzen Niet bevestigd/);
    expect(response.text).toContain(`href="/beheer/dossiers/${dossier.id}"`);
    expect(t).toContain("Meting dagprijzen mei 2026");
    expect(t).toContain('MD-2026-003634');
  });

  it('lists the threads of the themes of the staff member\'s teams, and never another team\'s', async () => {
    const asEls = await els.get(`/beheer/voorzieningen/${sintJozef.id}`);
    expect(asEls.text).toContain(`href="/beheer/berichten/${ownThread.id}"`);
    expect(asEls.text).toContain('Vraag over de dagprijs van Prijzen');
    expect(asEls.text).not.toContain(`href="/beheer/berichten/${otherThread.id}"`);
    expect(asEls.text).not.toContain('Brandweerverslag geheim voor Prijzen');
    expect(asEls.text).not.toContain('DZ-2026-700002');

    // Team Eerstelijn has no theme of a woonzorgcentrum: neither thread.
    const pieter = await login.as(PIETER);
    const asPieter = await pieter.get(`/beheer/voorzieningen/${sintJozef.id}`);
    expect(asPieter.status).toBe(200);
    expect(asPieter.text).not.toContain('DZ-2026-700001');
    expect(asPieter.text).not.toContain('DZ-2026-700002');
    expect(asPieter.text).toContain('Er zijn geen berichten over de thema’s van uw team.');
  });

  it('shows the newest 20 rows of its own audit trail, newest first', async () => {
    const response = await els.get(`/beheer/voorzieningen/${sintJozef.id}`);
    const t = text(response.text);
    expect(t).toContain('Wijziging nummer 24.');
    expect(t).toContain('Wijziging nummer 05.');
    expect(t).not.toContain('Wijziging nummer 04.');
    expect(t).not.toContain('Wijziging van Hof ter Linden.');
    expect(t.indexOf('Wijziging nummer 24.')).toBeLessThan(t.indexOf('Wijziging nummer 23.'));
    expect(t).toContain('Contactpersoon gewijzigd');
  });

  it('links to the whole trail of the facility for the helpdesk, which reads it', async () => {
    expect((await els.get(`/beheer/voorzieningen/${sintJozef.id}`)).text).not.toContain('/beheer/audit?voorziening=');
    const lotte = await login.as(LOTTE);
    expect((await lotte.get(`/beheer/voorzieningen/${sintJozef.id}`)).text).toContain(`href="/beheer/audit?voorziening=${sintJozef.id}"`);
  });
});

describe('the audit rows of a facility\'s page keep to the staff member\'s teams', () => {
  const SECRET = 'Brandweerverslag Linden geheim';
  const VISIBLE = 'Dagprijs Linden zichtbaar';
  const WITHHELD = 'Over een bericht van een thema van een ander team.';
  let linden: { id: number };
  let karel: Agent;

  beforeAll(async () => {
    linden = await facility('4085');
    const own = await createThread(db.prisma, { facilityId: linden.id, themeSlug: 'prijzen', title: VISIBLE, messages: [{ direction: 'outgoing', sentAt: new Date() }] });
    const other = await createThread(db.prisma, { facilityId: linden.id, themeSlug: 'brandveiligheid', title: SECRET, messages: [{ direction: 'outgoing', sentAt: new Date() }] });
    const row = (i: number, kind: string, recordType: string, recordId: number, summary: string) => ({
      occurredAt: new Date(Date.now() + i * 1000),
      actorName: 'Karel De Smet',
      facilityId: linden.id,
      kind,
      recordType,
      recordId: String(recordId),
      summary,
    });
    // As the services write them: the thread's title, reference and theme are in the summary.
    await db.prisma.auditEvent.createMany({
      data: [
        row(1, 'message.sent', 'Thread', other.threadId, `Nieuw bericht ${other.reference} ‘${SECRET}’ aan Hof ter Linden verstuurd (thema Brandveiligheid).`),
        row(2, 'message.sent', 'Message', other.messageIds[0] ?? 0, `Antwoord op bericht ${other.reference} ‘${SECRET}’ verstuurd.`),
        row(3, 'thread.assigned', 'Thread', other.threadId, `Bericht ${other.reference} ‘${SECRET}’ toegewezen aan Karel De Smet.`),
        row(4, 'message.sent', 'Message', own.messageIds[0] ?? 0, `Antwoord op bericht ‘${VISIBLE}’ verstuurd.`),
      ],
    });
    // A member of Team Brandveiligheid, as the identity provider knows them.
    await db.prisma.devIdpPerson.create({
      data: { insz: '90020199704', givenName: 'Karel', surname: 'De Smet', email: 'karel@departementzorg.example', staff: { create: { staffId: 'DZ19998', teams: [teamBrand.code] } } },
    });
    karel = await login.as('90020199704');
  });

  /** The text of the page's Wijzigingen section only. */
  const auditSection = async (agent: Agent) => {
    const page = await agent.get(`/beheer/voorzieningen/${linden.id}`);
    expect(page.status).toBe(200);
    return text(page.text.slice(page.text.indexOf('id="audit"')));
  };

  it('withholds the summary of rows about another team\'s thread or message, keeping when and what', async () => {
    const rows = await auditSection(els);
    expect(rows).not.toContain(SECRET);
    expect(rows).toContain(`Antwoord op bericht ‘${VISIBLE}’ verstuurd.`);
    expect(rows.split(WITHHELD).length - 1).toBe(3);
    expect(rows).toContain('Bericht toegewezen');
  });

  it('shows them to a member of the thread\'s team', async () => {
    const rows = await auditSection(karel);
    expect(rows).toContain(`‘${SECRET}’ toegewezen aan Karel De Smet.`);
    expect(rows).not.toContain(`‘${VISIBLE}’`);
    expect(rows.split(WITHHELD).length - 1).toBe(1);
  });

  it('shows every summary to the helpdesk, which reads the whole trail', async () => {
    const rows = await auditSection(await login.as(LOTTE));
    expect(rows).toContain(SECRET);
    expect(rows).toContain(VISIBLE);
    expect(rows).not.toContain(WITHHELD);
  });
});
