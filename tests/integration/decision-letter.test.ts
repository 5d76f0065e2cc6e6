// The decision letter (beslissingsbrief, M31 / issue 25 item 3): a decision
// stores one tagged nl-BE PDF with the dossier, in the transaction of the
// decision; the facility downloads it through its scope and the department
// through the handling's visibility, and nobody else.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { binary, pdfText } from '../helpers/pdf.js';
import { decisionLetter, PORTAL_ACTOR } from '../../src/modules/dossier-core/index.js';
import { letterData } from '../../src/modules/dossier-core/letter.js';
import drawLetter from '../../src/modules/dossier-core/letter-document.js';
import { text } from '../helpers/html.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';

const AN = '78041215386'; // role for WZC Hof ter Linden; may also act for WZC De Wingerd
const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn

const now = new Date('2026-06-03T09:00:00Z');
const { app, db } = await createTestApp({ deps: { clock: () => now } });
const campaign = await metingDagprijzen2026(db.prisma);
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' }, include: { enterprise: true } });
const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
const els = await db.prisma.user.findUniqueOrThrow({ where: { insz: ELS } });
const elsName = `${els.givenName} ${els.surname}`;
await db.prisma.contactPerson.create({
  data: { facilityId: hofTerLinden.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@hofterlinden.example', phone: '016 12 34 57', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
});

let dossierId = 0;
beforeEach(async () => {
  await db.prisma.dossier.deleteMany({ where: { campaignId: campaign.id } });
  const created = await db.prisma.dossier.create({
    data: {
      facilityId: hofTerLinden.id,
      campaignId: campaign.id,
      reference: 'MD-2026-004085',
      status: 'ingediend',
      submittedAt: new Date('2026-05-20T08:00:00Z'),
      lines: {
        create: [
          { luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Standaardkamer', capaciteit: 72, priceCents: 6250 },
          { luik: 2, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Nieuwbouw', capaciteit: 24, priceCents: 6629 },
        ],
      },
    },
  });
  dossierId = created.id;
});

type Agent = ReturnType<typeof request.agent>;
const login = logins(app, db.prisma);

async function decide(agent: Agent, form: Record<string, string>) {
  const page = await agent.get(`/beheer/dossiers/${dossierId}`);
  return agent.post(`/beheer/dossiers/${dossierId}/beslissen`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), ...form });
}
const download = (agent: Agent, path: string) => agent.get(path).buffer(true).parse(binary);

describe('the decision letter', () => {
  it('is stored once with the decision, and the facility downloads it: a tagged nl-BE PDF with the decision, the motivation, the handler and the facility', async () => {
    const staff = await login.as(ELS);
    expect((await decide(staff, { outcome: 'aanvaard', motivation: 'De prijzen zijn volledig en correct.' })).status).toBe(303);
    expect(await db.prisma.dossierLetter.count({ where: { dossierId } })).toBe(1);

    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const page = await an.get(`/dossiers/${dossierId}`);
    expect(page.text).toContain(`href="/dossiers/${dossierId}/beslissing.pdf"`);
    expect(text(page.text)).toContain('Beslissingsbrief (PDF) van MD-2026-004085: kennis genomen');

    const response = await download(an, `/dossiers/${dossierId}/beslissing.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/MarkInfo');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/Lang \(nl-BE\)/);
    for (const tag of ['H1', 'H2', 'P', 'Table', 'TH', 'TD']) expect(raw).toContain(`/S /${tag}`);
    const t = pdfText(pdf);
    expect(t.startsWith('Vlaamse overheid\nDepartement Zorg\nBeslissing over uw dossier Meting dagprijzen\nReferentie: MD-2026-004085\n')).toBe(true);
    expect(t).toContain('Het Departement Zorg heeft kennis genomen van uw dossier ‘Meting dagprijzen’ (referentie MD-2026-004085).');
    expect(t).toContain('Motivering\nDe prijzen zijn volledig en correct.');
    expect(t).toContain(`Beslist door: ${elsName}, Departement Zorg`);
    expect(t).toContain('Datum: 3 juni 2026');
    expect(t).toContain('Voorziening: WZC Hof ter Linden\nHCO-nummer: 4085\n');
    expect(t).toContain(`KBO-nummer ${hofTerLinden.enterprise.kboNumber.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1.$2.$3')}`);
    // The type's lines, as on the receipt: each Luik a table.
    expect(t).toContain(['Brutoprijs (euro)', 'Nettoprijs (euro)', '1', 'WZC éénpersoonskamer', 'Nieuwbouw', '24', '66,29', '60,00', 'Totaal Luik 2', '24'].join('\n'));

    // The department reads the same letter, and the e-mail links to the facility's.
    const staffCopy = await download(staff, `/beheer/dossiers/${dossierId}/beslissing.pdf`);
    expect(staffCopy.status).toBe(200);
    expect(Buffer.compare(staffCopy.body as Buffer, pdf)).toBe(0);
    expect(text((await staff.get(`/beheer/dossiers/${dossierId}`)).text)).toContain('Beslissingsbrief (PDF)');
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(dossierId) }, orderBy: { id: 'desc' } });
    expect(mail.text).toMatch(new RegExp(`De beslissingsbrief \\(PDF\\) vindt u bij het dossier: https?://[^ ]+/dossiers/${dossierId}/beslissing\\.pdf`));
  });

  it('says a refusal in words, with its motivation', async () => {
    const staff = await login.as(ELS);
    expect((await decide(staff, { outcome: 'geweigerd', motivation: 'De capaciteit van Luik 2 ontbreekt.' })).status).toBe(303);
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    const t = pdfText((await download(an, `/dossiers/${dossierId}/beslissing.pdf`)).body as Buffer);
    expect(t).toContain('Het Departement Zorg weigert uw dossier ‘Meting dagprijzen’ (referentie MD-2026-004085).');
    expect(t).toContain('De capaciteit van Luik 2 ontbreekt.');
    expect(t).toContain('Beslissing van 3 juni 2026: geweigerd');
  });

  it('is not there before the decision: 404 for the facility and the department, and no link', async () => {
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    expect((await an.get(`/dossiers/${dossierId}/beslissing.pdf`)).status).toBe(404);
    expect((await an.get(`/dossiers/${dossierId}`)).text).not.toContain('beslissing.pdf');
    const staff = await login.as(ELS);
    expect((await staff.get(`/beheer/dossiers/${dossierId}/beslissing.pdf`)).status).toBe(404);
    expect(await db.prisma.dossierLetter.count({ where: { dossierId } })).toBe(0);
  });

  it('is only served while the dossier is afgehandeld (a dossier submitted again after its decision waits for the next one)', async () => {
    const staff = await login.as(ELS);
    expect((await decide(staff, { outcome: 'geweigerd', motivation: 'Onvolledig.' })).status).toBe(303);
    await db.prisma.dossier.update({ where: { id: dossierId }, data: { status: 'ingediend', outcome: null, version: { increment: 1 } } });
    const an = await login.as(AN, { facilityId: hofTerLinden.id });
    expect((await an.get(`/dossiers/${dossierId}/beslissing.pdf`)).status).toBe(404);
    expect((await staff.get(`/beheer/dossiers/${dossierId}/beslissing.pdf`)).status).toBe(404);
  });

  it("is another facility's business and another team's business: 404", async () => {
    const staff = await login.as(ELS);
    expect((await decide(staff, { outcome: 'aanvaard' })).status).toBe(303);
    const other = await login.as(AN, { facilityId: wingerd.id });
    const refused = await other.get(`/dossiers/${dossierId}/beslissing.pdf`);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    const pieter = await login.as(PIETER);
    expect((await pieter.get(`/beheer/dossiers/${dossierId}/beslissing.pdf`)).status).toBe(404);
  });

  it('says a term that ran out: approved by the portal, "het e-loket", after the term', async () => {
    const data = await letterData(db.prisma, { dossierId, name: 'term', outcome: 'aanvaard', actor: PORTAL_ACTOR, at: now });
    expect(data.outcomeText).toBe('stilzwijgend goedgekeurd');
    expect(data.decisionText).toMatch(/stilzwijgend goedgekeurd na het verstrijken van de termijn van \d+ dagen\.$/);
    expect(data.decidedBy).toBe('het e-loket (stilzwijgende goedkeuring)');
    const t = pdfText(Buffer.from(await drawLetter({ ...data, compress: false })));
    expect(t).toContain('Beslist door: het e-loket (stilzwijgende goedkeuring), Departement Zorg');
  });

  it('is read and drawn quickly once PDFKit is loaded; the worker adds its start (both logged)', async () => {
    const request = { dossierId, name: 'decide' as const, outcome: 'aanvaard' as const, reason: 'Meting', actor: { userId: els.id, name: elsName }, at: now };
    const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Infinity;
    const inWorker: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const pdf = await decisionLetter(db.prisma, request);
      inWorker.push(performance.now() - started);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    // The same data and drawing on this thread, PDFKit already loaded: what a warm worker would take.
    await drawLetter(await letterData(db.prisma, request));
    const drawing: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await drawLetter(await letterData(db.prisma, request));
      drawing.push(performance.now() - started);
    }
    console.info(`decision letter: ${median(drawing).toFixed(0)} ms to read and draw (median of 5), ${median(inWorker).toFixed(0)} ms in a new worker thread (median of 3)`);
    // The target is 300 ms (issue 25); the bound leaves room for the shared test machine.
    expect(median(drawing)).toBeLessThan(600);
  });
});
