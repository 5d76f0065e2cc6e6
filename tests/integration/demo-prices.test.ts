// The price dossiers' demo data (issue 26 item 6), as a user of the seeded
// template sees it: Team Prijzen's queue holds the waiting indexering with its
// days left; Hilde Verbeeck finds the indexering approved by the term (with its
// letter and the new prices in her register), the refused one she may
// correct, and the prijsmededeling nieuwe voorziening on the theme Prijzen.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { brusselsDateOf, dbDateOf } from '../../src/lib/dates.js';

const ELS = '80012724649';
const HILDE = '83051712873';

const { app, db } = await createTestApp();
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

async function hildeAt(hco: string) {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, HILDE);
  const facility = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: hco } });
  const choose = await agent.get('/organisatie/kiezen');
  const chosen = await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choose.text, '_csrf'), facilityId: String(facility.id) });
  expect(chosen.status).toBe(303);
  return agent;
}
const indexeringOf = (hco: string) => db.prisma.dossier.findFirstOrThrow({ where: { typeCode: 'indexering', facility: { hcoNumber: hco } } });

describe('the demo data of the price dossiers', () => {
  it("lists WZC Ter Nethe's indexering in Team Prijzen's queue with the days left of its term", async () => {
    const waiting = await indexeringOf('7166');
    expect(waiting.status).toBe('ingediend');
    const today = dbDateOf(brusselsDateOf(new Date()));
    const daysLeft = Math.round(((waiting.termEndsOn ?? today).getTime() - today.getTime()) / 86_400_000);
    expect(daysLeft).toBeGreaterThan(20);
    const els = request.agent(app);
    await loginAs(els, db.prisma, ELS);
    const queue = await els.get('/beheer/dossiers');
    expect(queue.status).toBe(200);
    const row = text(queue.text).split(waiting.reference)[1]?.slice(0, 300) ?? '';
    expect(row).toContain('WZC Ter Nethe');
    expect(row).toContain(`nog ${daysLeft} dagen`);
  });

  it("shows WZC Den Olm's indexering goedgekeurd by the term, with its letter as a PDF and the new prices in the register", async () => {
    const approved = await indexeringOf('8120');
    expect(approved).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard' });
    const hilde = await hildeAt('8120');
    const page = text((await hilde.get(`/dossiers/prijzen/${approved.id}`)).text);
    expect(page).toContain('goedgekeurd');
    expect(page).toContain('het e-loket');
    const letter = await hilde.get(`/dossiers/${approved.id}/beslissing.pdf`).buffer(true);
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toContain('application/pdf');
    expect(Buffer.from(letter.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The ingangsdatum, 30 days after the approval, has passed: the indexed price is current.
    const line = await db.prisma.priceDossierLine.findFirstOrThrow({ where: { dossierId: approved.id, name: 'WZC éénpersoonskamer' } });
    const prices = text((await hilde.get('/themas/prijzen/mijn-prijzen')).text);
    expect(prices).toContain(approved.reference);
    expect(prices).toContain(`€ ${((line.priceCents ?? 0) / 100).toFixed(2).replace('.', ',')}`);
  });

  it("shows WZC Klaproos's indexering geweigerd with the motivation and a letter, and lets Hilde Verbeeck correct it", async () => {
    const refused = await indexeringOf('8137');
    expect(refused).toMatchObject({ status: 'afgehandeld', outcome: 'geweigerd' });
    const hilde = await hildeAt('8137');
    const html = (await hilde.get(`/dossiers/prijzen/${refused.id}`)).text;
    expect(text(html)).toContain('geweigerd');
    expect(text(html)).toContain('De gekozen beginmaand ligt vóór uw laatste prijsverhoging van 1 maart');
    expect(text(html)).toContain('Dossier corrigeren');
    expect((await hilde.get(`/dossiers/${refused.id}/beslissing.pdf`)).status).toBe(200);
    const corrected = await hilde.post(`/dossiers/prijzen/${refused.id}/corrigeren`).type('form').send({ _csrf: hiddenField(html, '_csrf'), version: hiddenField(html, 'version') });
    expect(corrected.status).toBe(303);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: refused.id } })).status).toBe('heropend');
  });

  it('offers WZC Zonneweide, with a new erkenningsnummer and without the infrastructuurforfait, the prijsmededeling voor nieuwe voorziening', async () => {
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '8144' } });
    expect(facility).toMatchObject({ newRecognitionNumber: 'PE 4417', receivesInfrastructureForfait: false });
    const OFFER = '<button type="submit" class="button-link">Aanmaken prijsmededeling voor nieuwe voorziening</button>';
    const hilde = await hildeAt('8144');
    const theme = await hilde.get('/themas/prijzen');
    expect(theme.text).toContain(OFFER);
    const created = await hilde.post('/dossiers/prijzen/nieuw').type('form').send({ _csrf: hiddenField(theme.text, '_csrf'), type: 'nieuwe-voorziening' });
    expect(created.status).toBe(303);
    expect(await db.prisma.dossier.count({ where: { facilityId: facility.id, typeCode: 'nieuwe-voorziening' } })).toBe(1);
    // Den Olm has no new erkenningsnummer: the offer is refused there, with the reason.
    const denOlm = await (await hildeAt('8120')).get('/themas/prijzen');
    expect(denOlm.text).not.toContain(OFFER);
    expect(text(denOlm.text)).toContain('geen nieuw erkenningsnummer geregistreerd');
  });
});
