// "Mijn taken" on the startpagina (issue 24 item 13): an open Meting dagprijzen
// shows with its deadline before the facility has a dossier in it, for a user
// who may create one, from the opening day to the deadline (Brussels time).
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { DOSSIER_TYPES } from '../../src/modules/dossier-core/index.js';
import { zorgaanbodCampaign2026 } from '../helpers/zorgaanbod.js';

const AN = '78041215386'; // the role "Beheer Financiële gegevens" for WZC Hof ter Linden
const JAN = '85092305734'; // WZC Sint-Jozef, without that role
const SOFIE = '91030521416'; // Huisartsenkring Pajottenland
const TASK = 'De meting dagprijzen mei 2026 is open: dien uw dossier in uiterlijk op 31 mei 2026.';

let now = new Date('2026-05-10T10:00:00Z');
const { app, db } = await createTestApp({ deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
await db.prisma.campaign.update({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2025 } }, data: { openingDate: dbDateOf({ year: 2025, month: 4, day: 15 }), deadline: dbDateOf({ year: 2025, month: 5, day: 31 }) } });
const campaign = await db.prisma.campaign.update({
  where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } },
  data: { openingDate: dbDateOf({ year: 2026, month: 4, day: 15 }), deadline: dbDateOf({ year: 2026, month: 5, day: 31 }) },
});

async function an(): Promise<ReturnType<typeof request.agent>> {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, AN);
  const choose = await agent.get('/organisatie/kiezen');
  await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choose.text, '_csrf'), facilityId: String(hofTerLinden.id) });
  return agent;
}

const startText = async (agent: ReturnType<typeof request.agent>) => {
  const page = await agent.get('/');
  expect(page.status).toBe(200);
  return page.text.replace(/\s+/g, ' ');
};

beforeEach(async () => {
  await db.prisma.dossier.deleteMany({ where: { campaignId: campaign.id } });
  now = new Date('2026-05-10T10:00:00Z');
});

describe('Mijn taken: an open campaign before a dossier exists', () => {
  it('shows the open Meting dagprijzen with its deadline and a link to the theme page, until a dossier exists', async () => {
    const agent = await an();
    const before = await startText(agent);
    expect(before).toContain(TASK);
    expect(before).toContain('<a href="/themas/prijzen">Maak het dossier aan<span class="visually-hidden"> Meting dagprijzen mei 2026</span></a>');

    await db.prisma.dossier.create({ data: { facilityId: hofTerLinden.id, campaignId: campaign.id, reference: 'MD-TASK-4085' } });
    const after = await startText(agent);
    expect(after).not.toContain(TASK);
    expect(after).toContain('Het dossier ‘Meting dagprijzen mei 2026’ is nog in opmaak');
  });

  it('shows it from the opening day up to the last minute of the deadline in Brussels, not outside', async () => {
    const agent = await an();
    const cases: [string, boolean][] = [
      ['2026-04-14T21:59:00Z', false], // 14 April, 23:59 in Brussels
      ['2026-04-14T22:00:00Z', true], // 15 April, 00:00
      ['2026-05-31T21:59:00Z', true], // 31 May, 23:59
      ['2026-05-31T22:00:00Z', false], // 1 June, 00:00
    ];
    for (const [moment, shown] of cases) {
      now = new Date(moment);
      expect((await startText(agent)).includes(TASK), moment).toBe(shown);
    }
  });

  it('is not a task of a user who may not create the dossier', async () => {
    const jan = request.agent(app);
    await loginAs(jan, db.prisma, JAN);
    const text = await startText(jan);
    expect(text).toContain('Mijn taken');
    expect(text).not.toContain('is open: dien uw dossier in');
  });
});

describe('Mijn taken: the open campaigns of every campaign-bound type of the registry', () => {
  it('reads them from the registry: the Meting for a woonzorgcentrum, and a huisartsenkring\'s Zorgaanbod once, as its own Excel task', async () => {
    // Every campaign-bound type without a task of its own has its open campaign listed (today the Meting).
    const listed = DOSSIER_TYPES.filter((t) => t.campaignBound && t.ownTask !== true).map((t) => t.code);
    expect(listed).toContain('meting-dagprijzen');
    expect(await startText(await an())).toContain(TASK);

    await zorgaanbodCampaign2026(db.prisma);
    now = new Date('2026-09-01T10:00:00Z');
    const sofie = request.agent(app);
    await loginAs(sofie, db.prisma, SOFIE);
    const kring = await startText(sofie);
    expect(kring).toContain('Vul de Excel-lijst ‘Zorgaanbod 2026’ met de aangesloten huisartsen in en dien ze in.');
    // The campaign query covers Zorgaanbod's campaigns too; its own task keeps it from being listed twice.
    expect(kring).not.toContain('De zorgaanbod 2026 is open');
  });
});
