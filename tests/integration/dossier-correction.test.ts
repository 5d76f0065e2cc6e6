// "Corrigeren en opnieuw indienen" (M31, issue 25 item 8): the facility takes a
// refused dossier back (heropend), corrects it and submits it again; the
// department then accepts it. Only a refusal is corrected, only by a holder of
// the type's role, only for the acting facility.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { text } from '../helpers/html.js';
import { hiddenField, logins, type Agent } from '../helpers/login.js';
import { transition } from '../../src/modules/dossier-core/index.js';

const AN = '78041215386'; // role for WZC Hof ter Linden
const JAN = '85092305734'; // WZC Sint-Jozef, without the role
const ELS = '80012724649'; // Team Prijzen
let now = new Date('2026-03-02T10:00:00Z');
const config = { baseUrl: 'https://eloket.example.be' };
const { app, db } = await createTestApp({ env: { BASE_URL: config.baseUrl }, deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const els = await db.prisma.user.findUniqueOrThrow({ where: { insz: ELS } });
const elsActor = { userId: els.id, name: `${els.givenName} ${els.surname}`, teamCode: 'team-prijzen' };
const login = logins(app, db.prisma);
const an = (): Promise<Agent> => login.as(AN, { facilityId: hofTerLinden.id });

/** A submitted "Prijsmededeling voor nieuwe supplementen" of Hof ter Linden, decided as asked. */
async function decidedDossier(reference: string, outcome: 'aanvaard' | 'geweigerd') {
  const dossier = await db.prisma.dossier.create({
    data: {
      facilityId: hofTerLinden.id,
      typeCode: 'nieuwe-supplementen',
      reference,
      status: 'ingediend',
      submittedAt: now,
      priceDossier: { create: { facilityId: hofTerLinden.id, validFrom: new Date('2026-05-01') } },
      priceLines: { create: [{ facilityId: hofTerLinden.id, kind: 'supplement', position: 0, name: `Kapper ${reference}`, unit: 'prestatie', priceCents: 1850 }] },
    },
  });
  const done = await db.prisma.$transaction((tx) => transition(tx, config, { dossierId: dossier.id, name: 'decide', outcome, reason: outcome === 'geweigerd' ? 'De prijs van de kapper ontbreekt in de bijlage.' : undefined, actor: elsActor, at: now }));
  expect(done.kind).toBe('done');
  return db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } });
}

async function correct(agent: Agent, id: number, version?: number) {
  const page = await agent.get(`/dossiers/prijzen/${id}`);
  return agent.post(`/dossiers/prijzen/${id}/corrigeren`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), version: String(version ?? hiddenField(page.text, 'version')) });
}

describe('a refused dossier corrected and submitted again (M31)', () => {
  it('offers "Dossier corrigeren" on a refused dossier; the facility takes it back, corrects and submits it, Team Prijzen accepts', async () => {
    const refused = await decidedDossier('NS-CORR-000001', 'geweigerd');
    const agent = await an();
    const page = text((await agent.get(`/dossiers/prijzen/${refused.id}`)).text);
    expect(page).toContain('afgehandeld: geweigerd');
    expect(page).toContain('De prijs van de kapper ontbreekt in de bijlage.');
    expect(page).toContain('Dossier corrigeren');
    const mailsBefore = await db.prisma.outboxMail.count({ where: { causeType: 'dossier', causeId: String(refused.id) } });

    const response = await correct(agent, refused.id, refused.version);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/dossiers/prijzen/${refused.id}?gecorrigeerd=1`);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id: refused.id } })).toMatchObject({ status: 'heropend', outcome: null });
    const last = await db.prisma.dossierEvent.findFirstOrThrow({ where: { dossierId: refused.id }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ fromStatus: 'afgehandeld', toStatus: 'heropend', actorName: 'An Peeters' });
    expect(await db.prisma.auditEvent.count({ where: { kind: 'dossier.reopened', recordId: String(refused.id) } })).toBe(1);
    // Her own correction sends the facility no e-mail.
    expect(await db.prisma.outboxMail.count({ where: { causeType: 'dossier', causeId: String(refused.id) } })).toBe(mailsBefore);

    const form = await agent.get(`/dossiers/prijzen/${refused.id}`);
    expect(text(form.text)).toContain('geweigerd'); // the refusal stays in "Status en vooruitgang"
    const submitted = await agent.post(`/dossiers/prijzen/${refused.id}`).type('form').send({
      _csrf: hiddenField(form.text, '_csrf'),
      version: hiddenField(form.text, 'version'),
      action: 'confirmSubmit',
      'supplementen[0][name]': 'Kapper NS-CORR-000001',
      'supplementen[0][unit]': 'prestatie',
      'supplementen[0][price]': '19,00',
      validFrom: '01/05/2026',
    });
    expect(submitted.status).toBe(303);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: refused.id } })).status).toBe('ingediend');

    const staff = await login.as(ELS);
    const handling = await staff.get(`/beheer/dossiers/${refused.id}`);
    const accepted = await staff.post(`/beheer/dossiers/${refused.id}/beslissen`).type('form').send({ _csrf: hiddenField(handling.text, '_csrf'), outcome: 'aanvaard' });
    expect(accepted.status).toBe(303);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id: refused.id } })).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard' });
    const entry = await db.prisma.priceEntry.findFirstOrThrow({ where: { dossierId: refused.id } });
    expect(entry.priceCents).toBe(1900);
  });

  it('does not reopen an accepted dossier, nor a refused one from an older version (two tabs)', async () => {
    const accepted = await decidedDossier('NS-CORR-000002', 'aanvaard');
    const agent = await an();
    expect(text((await agent.get(`/dossiers/prijzen/${accepted.id}`)).text)).not.toContain('Dossier corrigeren');
    expect((await correct(agent, accepted.id, accepted.version)).headers.location).toBe(`/dossiers/prijzen/${accepted.id}`);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe('afgehandeld');

    const refused = await decidedDossier('NS-CORR-000003', 'geweigerd');
    const results = await Promise.all([correct(agent, refused.id, refused.version), correct(agent, refused.id, refused.version)]);
    expect(results.map((r) => r.headers.location).sort()).toEqual([`/dossiers/prijzen/${refused.id}`, `/dossiers/prijzen/${refused.id}?gecorrigeerd=1`]);
    expect(await db.prisma.dossierEvent.count({ where: { dossierId: refused.id, toStatus: 'heropend' } })).toBe(1);
  });

  it('refuses a user without the role (403) and another facility (404), changing nothing', async () => {
    const refused = await decidedDossier('NS-CORR-000004', 'geweigerd');
    const jan = await login.as(JAN);
    const own = await jan.get('/');
    const foreign = await jan.post(`/dossiers/prijzen/${refused.id}/corrigeren`).type('form').send({ _csrf: hiddenField(own.text, '_csrf'), version: String(refused.version) });
    expect(foreign.status).toBe(404);
    // Jan lacks the role for his own facility: his own refused dossier answers 403.
    const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
    const janDossier = await db.prisma.dossier.create({ data: { facilityId: sintJozef.id, typeCode: 'nieuwe-supplementen', reference: 'NS-CORR-000005', status: 'afgehandeld', outcome: 'geweigerd' } });
    const refusedForJan = await jan.post(`/dossiers/prijzen/${janDossier.id}/corrigeren`).type('form').send({ _csrf: hiddenField(own.text, '_csrf'), version: '0' });
    expect(refusedForJan.status).toBe(403);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: janDossier.id } })).status).toBe('afgehandeld');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: refused.id } })).status).toBe('afgehandeld');
  });

  it('takes a refused Meting dagprijzen back too, at /dossiers/:id/corrigeren', async () => {
    now = new Date('2026-06-10T10:00:00Z');
    const campaign = await db.prisma.campaign.findFirstOrThrow({ where: { typeCode: 'meting-dagprijzen' }, orderBy: { year: 'desc' } });
    await db.prisma.dossier.deleteMany({ where: { facilityId: hofTerLinden.id, campaignId: campaign.id } });
    const dossier = await db.prisma.dossier.create({ data: { facilityId: hofTerLinden.id, campaignId: campaign.id, reference: 'MD-CORR-004085', status: 'ingediend', submittedAt: now } });
    await db.prisma.$transaction((tx) => transition(tx, config, { dossierId: dossier.id, name: 'decide', outcome: 'geweigerd', reason: 'Luik 2 ontbreekt.', actor: elsActor, at: now }));
    const agent = await an();
    const page = await agent.get(`/dossiers/${dossier.id}`);
    expect(text(page.text)).toContain('Dossier corrigeren');
    const response = await agent.post(`/dossiers/${dossier.id}/corrigeren`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), version: hiddenField(page.text, 'version') });
    expect(response.headers.location).toBe(`/dossiers/${dossier.id}?gecorrigeerd=1`);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).status).toBe('heropend');
    expect((await agent.get(`/dossiers/${dossier.id}`)).text).toContain('name="action" value="save"');
  });
});
