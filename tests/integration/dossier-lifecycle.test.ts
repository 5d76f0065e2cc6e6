// The one lifecycle of every dossier (M31): each transition once (a conditional
// update on status and version), its history row, its trail row and its e-mail
// in one transaction, and "Status en vooruitgang" on the facility's page.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { logins } from '../helpers/login.js';
import { PORTAL_ACTOR, termEnd, transition } from '../../src/modules/dossier-core/index.js';
import { text } from '../helpers/html.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';

const AN = '78041215386'; // role "Beheer Financiële gegevens" for WZC Hof ter Linden
const config = { baseUrl: 'https://eloket.example.be' };
let now = new Date('2026-05-10T10:00:00Z');
const { app, db } = await createTestApp({ env: { BASE_URL: config.baseUrl }, deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
const campaign = await metingDagprijzen2026(db.prisma);
const els = await db.prisma.user.findUniqueOrThrow({ where: { insz: '80012724649' } });
const elsActor = { userId: els.id, name: `${els.givenName} ${els.surname}`, teamCode: 'team-prijzen' };
await db.prisma.contactPerson.create({
  data: { facilityId: hofTerLinden.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@hofterlinden.example', phone: '016 12 34 57', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
});
const dossier = await db.prisma.dossier.create({
  data: {
    facilityId: hofTerLinden.id,
    campaignId: campaign.id,
    reference: 'MD-2026-004085',
    lines: { create: [{ luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: '', capaciteit: 72, priceCents: 6250 }, { luik: 2, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: '', capaciteit: 24, priceCents: 6629 }] },
  },
});

const login = logins(app, db.prisma);
const facilityAgent = () => login.as(AN, { facilityId: hofTerLinden.id });
const run = (name: Parameters<typeof transition>[2]['name'], extra: Partial<Parameters<typeof transition>[2]> = {}) =>
  db.prisma.$transaction((tx) => transition(tx, config, { dossierId: dossier.id, name, actor: elsActor, at: now, ...extra }));
const status = async () => (await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).status;

describe('the lifecycle of a dossier (M31)', () => {
  it('is submitted once when two tabs submit the same version; the history names the submitter', async () => {
    const { version } = await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } });
    const an = await db.prisma.user.findUniqueOrThrow({ where: { insz: AN } });
    const actor = { userId: an.id, name: `${an.givenName} ${an.surname}` };
    const results = await Promise.all([1, 2].map(() => db.prisma.$transaction((tx) => transition(tx, config, { dossierId: dossier.id, name: 'submit', version, actor, at: now }))));
    expect(results.map((r) => r.kind).sort()).toEqual(['done', 'stale']);
    expect(await status()).toBe('ingediend');
    // The lifecycle itself stamps the submission (no type passed it here): the queue's "Alle ingediende dossiers" reads it.
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).submittedAt).toEqual(now);
    const events = await db.prisma.dossierEvent.findMany({ where: { dossierId: dossier.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ fromStatus: 'opmaak', toStatus: 'ingediend', actorName: 'An Peeters', facilityId: hofTerLinden.id });
    expect(await db.prisma.auditEvent.count({ where: { kind: 'dossier.submitted', recordId: String(dossier.id) } })).toBe(1);
  });

  it('refuses a transition from a status it does not start from, and changes nothing', async () => {
    expect(await run('submit')).toEqual({ kind: 'stale', status: 'ingediend' });
    expect(await db.prisma.dossierEvent.count({ where: { dossierId: dossier.id } })).toBe(1);
  });

  it('is taken in behandeling by one of two colleagues clicking at once, who becomes its handler', async () => {
    now = new Date('2026-06-02T08:00:00Z');
    const results = await Promise.all([run('take'), run('take')]);
    expect(results.map((r) => r.kind).sort()).toEqual(['done', 'stale']);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } });
    expect(row.status).toBe('in_behandeling');
    expect(row.handlerId).toBe(els.id);
  });

  it('is reopened with its reason: the contacts get an e-mail, the facility edits it again and Mijn taken says what to correct', async () => {
    now = new Date('2026-06-03T08:00:00Z');
    const { submittedAt } = await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } });
    expect((await run('reopen', { reason: 'Capaciteit van Luik 2 klopt niet' })).kind).toBe('done');
    expect(await status()).toBe('heropend');
    // Submitted once, it stays so: a reopening keeps the submission's date.
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).submittedAt).toEqual(submittedAt);
    expect(submittedAt).not.toBeNull();
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(dossier.id) }, orderBy: { id: 'desc' } });
    expect(mail.recipients).toEqual(['lies.wouters@hofterlinden.example']);
    expect(mail.subject).toContain('werd heropend');
    expect(mail.text).toContain('Reden: Capaciteit van Luik 2 klopt niet');
    const an = await facilityAgent();
    const home = text((await an.get('/')).text);
    expect(home).toContain('Het Departement Zorg heeft het dossier ‘Meting dagprijzen mei 2026’ heropend');
    expect(home).toContain('Reden: Capaciteit van Luik 2 klopt niet');
    const page = await an.get(`/dossiers/${dossier.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="action" value="save"');
  });

  it('needs an outcome to be decided, and is decided once: geweigerd with the motivation, in the history, the trail and the e-mail', async () => {
    await db.prisma.dossier.update({ where: { id: dossier.id }, data: { status: 'ingediend' } });
    await expect(run('decide')).rejects.toThrow('a decision needs an outcome');
    now = new Date('2026-06-04T08:00:00Z');
    // Two colleagues deciding the same at once: one decision, one e-mail.
    const decision = { outcome: 'geweigerd', reason: 'De prijzen van Luik 2 ontbreken.' } as const;
    const results = await Promise.all([run('decide', decision), run('decide', decision)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['done', 'stale']);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } });
    expect(row).toMatchObject({ status: 'afgehandeld', outcome: 'geweigerd', motivation: 'De prijzen van Luik 2 ontbreken.', decidedAt: now });
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(dossier.id) }, orderBy: { id: 'desc' } });
    expect(mail.subject).toBe('Uw dossier Meting dagprijzen werd afgehandeld: geweigerd (MD-2026-004085)');
    expect(mail.text).toContain('Motivering: De prijzen van Luik 2 ontbreken.');
    expect(await db.prisma.outboxMail.count({ where: { causeType: 'dossier', causeId: String(dossier.id), subject: { contains: 'afgehandeld' } } })).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { kind: 'dossier.decided', recordId: String(dossier.id) } })).toBe(1);
  });

  it('shows "Status en vooruitgang" on the facility\'s page: every step with its date, who, and the reasons', async () => {
    const an = await facilityAgent();
    const page = text((await an.get(`/dossiers/${dossier.id}`)).text);
    expect(page).toContain('Status en vooruitgang');
    expect(page).toContain('Status afgehandeld: geweigerd');
    for (const step of ['ingediend An Peeters', 'in behandeling Els Willems', 'heropend Els Willems Capaciteit van Luik 2 klopt niet', 'afgehandeld: geweigerd Els Willems De prijzen van Luik 2 ontbreken.']) {
      expect(page).toContain(step);
    }
    expect(page).toContain('02/06/2026 10:00');
  });

  it('keeps another facility out of the history: the scope hides the rows', async () => {
    const other = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
    const { createFacilityScope } = await import('../../src/auth/facility-scope.js');
    expect(await createFacilityScope(db.prisma, other.id).dossierEvent.count({ where: { dossierId: dossier.id } })).toBe(0);
    expect(await createFacilityScope(db.prisma, hofTerLinden.id).dossierEvent.count({ where: { dossierId: dossier.id } })).toBe(4);
  });

  it('records the portal as the actor of a decision by the term', async () => {
    await db.prisma.dossier.update({ where: { id: dossier.id }, data: { status: 'ingediend', outcome: null } });
    expect((await run('term', { actor: PORTAL_ACTOR, outcome: 'aanvaard' })).kind).toBe('done');
    const last = await db.prisma.dossierEvent.findFirstOrThrow({ where: { dossierId: dossier.id }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ actorUserId: null, actorName: 'het e-loket', toStatus: 'afgehandeld', outcome: 'aanvaard' });
  });
});

describe('a term (stilzwijgende goedkeuring)', () => {
  it('ends on the calendar day N days after the submission in Brussels, across the change to summer time', () => {
    const type = { termDays: 30 };
    // 23:30 UTC on 3 March is already 4 March in Brussels.
    expect(termEnd(type, new Date('2026-03-03T23:30:00Z'))).toEqual(new Date('2026-04-03T00:00:00Z'));
    expect(termEnd(type, new Date('2026-03-03T22:59:59Z'))).toEqual(new Date('2026-04-02T00:00:00Z'));
    expect(termEnd({}, new Date('2026-03-03T10:00:00Z'))).toBeNull();
  });
});
