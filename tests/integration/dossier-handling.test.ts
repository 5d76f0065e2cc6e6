// The department's handling of dossiers (M31): the queue of the team's types
// with its filters and pages in SQL, and one dossier assigned, taken in
// behandeling, refused with a motivation and reopened, each once, by Team
// Prijzen only; other teams see nothing, the helpdesk reads.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { PORTAL_ACTOR, transition } from '../../src/modules/dossier-core/index.js';
import { page as parse, rowsOf, text } from '../helpers/html.js';

const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
let now = new Date('2026-06-02T08:00:00Z');
const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' }, deps: { clock: () => now } });
const campaign = await db.prisma.campaign.update({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } }, data: { openingDate: dbDateOf({ year: 2026, month: 4, day: 15 }), deadline: dbDateOf({ year: 2026, month: 5, day: 31 }) } });
const facility = (hco: string) => db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: hco } });
const hofTerLinden = await facility('4085');
const wingerd = await facility('19555');
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
await db.prisma.contactPerson.create({
  data: { facilityId: hofTerLinden.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@hofterlinden.example', phone: '016 12 34 57', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
});
// The demo's dossiers of last year were taken note of: only this year's wait.
await db.prisma.dossier.updateMany({ where: { status: 'ingediend' }, data: { status: 'afgehandeld', outcome: 'aanvaard' } });
const submitted = await db.prisma.dossier.create({
  data: { facilityId: hofTerLinden.id, campaignId: campaign.id, reference: 'MD-2026-004085', status: 'ingediend', submittedAt: new Date('2026-05-20T08:00:00Z'), termEndsOn: dbDateOf({ year: 2026, month: 6, day: 5 }) },
});
await db.prisma.dossier.create({ data: { facilityId: wingerd.id, campaignId: campaign.id, reference: 'MD-2026-019555' } });

type Agent = ReturnType<typeof request.agent>;
const login = logins(app, db.prisma);
async function post(agent: Agent, path: string, form: Record<string, string>) {
  const page = await agent.get(`/beheer/dossiers/${submitted.id}`);
  return agent.post(path).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), ...form });
}
const row = () => db.prisma.dossier.findUniqueOrThrow({ where: { id: submitted.id } });

describe('the queue /beheer/dossiers', () => {
  it('lists what waits for the department, with the days left of the term, not the drafts', async () => {
    const els = await login.as(ELS);
    const page = await els.get('/beheer/dossiers');
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain('Dossiers (1)');
    expect(t).toContain('MD-2026-004085 Meting dagprijzen WZC Hof ter Linden (4085) ingediend');
    expect(t).toContain('nog 3 dagen');
    expect(t).not.toContain('MD-2026-019555');
  });

  it('filters on status, facility, handler and term in SQL, and says so in Dutch for a value it does not know', async () => {
    const els = await login.as(ELS);
    expect(text((await els.get('/beheer/dossiers?status=opmaak')).text)).toContain('MD-2026-019555');
    expect(text((await els.get('/beheer/dossiers?voorziening=Wingerd')).text)).toContain('Dossiers (0)');
    expect(text((await els.get('/beheer/dossiers?voorziening=4085')).text)).toContain('Dossiers (1)');
    expect(text((await els.get('/beheer/dossiers?behandelaar=mij')).text)).toContain('Dossiers (0)');
    expect(text((await els.get('/beheer/dossiers?termijn=binnen-7-dagen')).text)).toContain('Dossiers (1)');
    expect(text((await els.get('/beheer/dossiers?termijn=verlopen')).text)).toContain('Dossiers (0)');
    const bad = await els.get('/beheer/dossiers?status=xx&termijn=morgen');
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('Kies een status uit de lijst.');
    expect(text(bad.text)).toContain('Kies een termijn uit de lijst.');
  });

  it('offers "Alle ingediende dossiers" right after the default in the status filter, and keeps it chosen', async () => {
    const els = await login.as(ELS);
    const $ = parse((await els.get('/beheer/dossiers?status=alle')).text);
    const options = $('select[name="status"] option').toArray().map((o) => [$(o).attr('value'), $(o).text().trim()]);
    expect(options.slice(0, 3)).toEqual([['', 'Wacht op het departement'], ['alle', 'Alle ingediende dossiers'], ['opmaak', 'in opmaak']]);
    expect($('select[name="status"] option:checked').attr('value')).toBe('alle');
  });

  it('shows the last page for a page past it, and finds a facility by part of its name', async () => {
    const els = await login.as(ELS);
    const late = text((await els.get('/beheer/dossiers?pagina=9')).text);
    expect(late).toContain('Dossiers (1)');
    expect(late).toContain('MD-2026-004085 Meting dagprijzen WZC Hof ter Linden (4085) ingediend');
    const byName = text((await els.get('/beheer/dossiers?voorziening=ter+linden&pagina=3')).text);
    expect(byName).toContain('Dossiers (1)');
    expect(byName).toContain('MD-2026-004085');
  });

  it('asks a team\'s themes again on every request: a theme given to a team shows its dossiers at once', async () => {
    const pieter = await login.as(PIETER);
    expect(text((await pieter.get('/beheer/dossiers')).text)).toContain('Dossiers (0)');
    const eerstelijn = await db.prisma.team.findFirstOrThrow({ where: { name: { contains: 'Eerstelijn' } } });
    await db.prisma.themeTeam.create({ data: { themeId: prijzen.id, teamId: eerstelijn.id } });
    try {
      expect(text((await pieter.get('/beheer/dossiers')).text)).toContain('Dossiers (1)');
    } finally {
      await db.prisma.themeTeam.delete({ where: { themeId_teamId: { themeId: prijzen.id, teamId: eerstelijn.id } } });
    }
    expect(text((await pieter.get('/beheer/dossiers')).text)).toContain('Dossiers (0)');
  });

  it('shows another team nothing of Team Prijzen\'s types, and 404 on the dossier', async () => {
    const pieter = await login.as(PIETER);
    expect(text((await pieter.get('/beheer/dossiers')).text)).toContain('Dossiers (0)');
    expect((await pieter.get(`/beheer/dossiers/${submitted.id}`)).status).toBe(404);
  });
});

describe('handling one dossier', () => {
  it('refuses every action by another team, and changes nothing', async () => {
    const pieter = await login.as(PIETER);
    const page = await pieter.get('/beheer/berichten');
    const csrf = hiddenField(page.text, '_csrf');
    for (const [path, form] of [['in-behandeling', {}], ['beslissen', { outcome: 'aanvaard' }], ['heropenen', { reason: 'x' }], ['toewijzen', { handler: '' }]] as const) {
      const res = await pieter.post(`/beheer/dossiers/${submitted.id}/${path}`).type('form').send({ _csrf: csrf, ...form });
      expect(res.status).toBe(404);
    }
    expect((await row()).status).toBe('ingediend');
  });

  it('assigns it to a colleague of the team, never to someone outside it', async () => {
    const els = await login.as(ELS);
    const pieterUser = await db.prisma.user.findUniqueOrThrow({ where: { insz: PIETER } });
    const refused = await post(els, `/beheer/dossiers/${submitted.id}/toewijzen`, { handler: String(pieterUser.id) });
    expect(refused.status).toBe(409);
    expect(text(refused.text)).toContain('Kies een dossierbehandelaar van het team van dit thema.');
    const elsUser = await db.prisma.user.findUniqueOrThrow({ where: { insz: ELS } });
    expect((await post(els, `/beheer/dossiers/${submitted.id}/toewijzen`, { handler: String(elsUser.id) })).status).toBe(303);
    expect((await row()).handlerId).toBe(elsUser.id);
    expect(text((await els.get('/beheer/dossiers?behandelaar=mij')).text)).toContain('Dossiers (1)');
    expect(await db.prisma.auditEvent.count({ where: { kind: 'dossier.assigned', recordId: String(submitted.id) } })).toBe(1);
  });

  it('is taken in behandeling once, and a second click says the dossier changed', async () => {
    const els = await login.as(ELS);
    expect((await post(els, `/beheer/dossiers/${submitted.id}/in-behandeling`, {})).status).toBe(303);
    expect((await row()).status).toBe('in_behandeling');
    const again = await post(els, `/beheer/dossiers/${submitted.id}/in-behandeling`, {});
    expect(again.status).toBe(409);
    expect(text(again.text)).toContain('Het dossier is intussen gewijzigd');
  });

  it('needs a motivation to refuse; then the facility\'s contacts read it in the e-mail', async () => {
    const els = await login.as(ELS);
    const missing = await post(els, `/beheer/dossiers/${submitted.id}/beslissen`, { outcome: 'geweigerd', motivation: ' ' });
    expect(missing.status).toBe(400);
    expect(text(missing.text)).toContain('Vul de motivering in: een weigering wordt altijd gemotiveerd.');
    expect((await row()).status).toBe('in_behandeling');
    now = new Date('2026-06-03T09:00:00Z');
    const done = await post(els, `/beheer/dossiers/${submitted.id}/beslissen`, { outcome: 'geweigerd', motivation: 'De capaciteit van Luik 2 ontbreekt.' });
    expect(done.status).toBe(303);
    expect(await row()).toMatchObject({ status: 'afgehandeld', outcome: 'geweigerd', motivation: 'De capaciteit van Luik 2 ontbreekt.' });
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(submitted.id) }, orderBy: { id: 'desc' } });
    expect(mail.recipients).toEqual(['lies.wouters@hofterlinden.example']);
    expect(mail.text).toContain('Motivering: De capaciteit van Luik 2 ontbreekt.');
    const page = text((await els.get(`/beheer/dossiers/${submitted.id}`)).text);
    expect(page).toContain('afgehandeld: geweigerd');
    expect(page).not.toContain('Beslissing bewaren');
  });

  it('keeps the decided dossier and, once the facility reopens it, the heropend one under "Alle ingediende dossiers", never a draft', async () => {
    const els = await login.as(ELS);
    const rows = async () => rowsOf((await els.get('/beheer/dossiers?status=alle&type=meting-dagprijzen')).text, /^Dossiers \(\d+\)$/);
    const references = async () => (await rows()).map((r) => `${r[0]} ${r[3]}`);
    expect(await references()).toContain('MD-2026-004085 afgehandeld');
    // Its term (to 5 June) no longer runs once decided: the Termijn column stays empty.
    expect((await rows()).find((r) => r[0] === 'MD-2026-004085')?.[6]).toBe('');
    expect((await references()).join(' ')).not.toContain('MD-2026-019555');
    // The facility takes its refused dossier back to correct it (the lifecycle's own transition): heropend, submitted before.
    const corrected = await db.prisma.$transaction((tx) => transition(tx, { baseUrl: 'https://eloket.example.be' }, { dossierId: submitted.id, name: 'correct', actor: PORTAL_ACTOR, at: now }));
    expect(corrected.kind).toBe('done');
    expect(await row()).toMatchObject({ status: 'heropend', submittedAt: new Date('2026-05-20T08:00:00Z') });
    expect(await references()).toContain('MD-2026-004085 heropend');
    expect(text((await els.get('/beheer/dossiers?type=meting-dagprijzen')).text)).not.toContain('MD-2026-004085');
  });

  it('lets the helpdesk read a dossier but not act on it', async () => {
    const helpdesk = await db.prisma.staffMember.findFirstOrThrow({ where: { teams: { some: { team: { code: 'helpdesk' } } } }, include: { user: true } });
    const agent = await login.as(helpdesk.user.insz);
    const page = await agent.get(`/beheer/dossiers/${submitted.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('/heropenen');
  });
});
