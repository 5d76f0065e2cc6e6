// Deadline reminders (issue 24 item 10): on each reminder day before the
// deadline, every facility in scope that has not submitted gets one e-mail to
// its confirmed Prijzen contacts, once, however often and by however many
// workers the daily job runs; the campaign page says what went out.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { createDatabaseClients } from '../../src/db/client.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { sendDeadlineReminders } from '../../src/modules/campaigns/reminders.js';
import { text } from '../helpers/html.js';

const { app, db, config } = await createTestApp();
const ELS = '80012724649'; // Team Prijzen
const campaign = await db.prisma.campaign.update({
  where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } },
  data: { openingDate: dbDateOf({ year: 2026, month: 4, day: 15 }), deadline: dbDateOf({ year: 2026, month: 5, day: 31 }), reminderDays: [14, 3] },
});
await db.prisma.dossier.deleteMany({ where: { campaignId: campaign.id } });
const inScope = await db.prisma.facility.findMany({ where: { facilityType: { code: { in: campaign.facilityTypeCodes } } }, orderBy: { id: 'asc' } });
const [hofTerLinden, submitted, drafting] = [inScope.find((f) => f.hcoNumber === '4085'), ...inScope.filter((f) => f.hcoNumber !== '4085')];
if (!hofTerLinden || !submitted || !drafting) throw new Error('the demo data needs three woonzorgcentra');
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
await db.prisma.contactPerson.create({
  data: { facilityId: hofTerLinden.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@hofterlinden.example', phone: '016 12 34 57', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
});
await db.prisma.contactPerson.create({
  data: { facilityId: hofTerLinden.id, surname: 'Niet', givenName: 'Bevestigd', email: 'niet.bevestigd@hofterlinden.example', phone: '016 12 34 58', confirmedAt: null, themes: { create: [{ themeId: prijzen.id }] } },
});
await db.prisma.dossier.create({ data: { facilityId: submitted.id, campaignId: campaign.id, reference: 'MD-2026-R1', status: 'ingediend', submittedAt: new Date() } });
await db.prisma.dossier.create({ data: { facilityId: drafting.id, campaignId: campaign.id, reference: 'MD-2026-R2', status: 'opmaak' } });
const expected = inScope.length - 1; // all but the one that submitted

const remindersOf = (daysBefore: number) => db.prisma.campaignReminder.findMany({ where: { campaignId: campaign.id, daysBefore }, orderBy: { facilityId: 'asc' } });
const mailsTo = (email: string) => db.prisma.outboxMail.findMany({ where: { recipients: { has: email } } });

describe('deadline reminders of a campaign', () => {
  it('sends nothing on a day that is not a reminder day', async () => {
    expect(await sendDeadlineReminders(db.prisma, config, new Date('2026-05-16T20:00:00Z'))).toBe(0);
    expect(await db.prisma.campaignReminder.count()).toBe(0);
  });

  it('sends no Meting reminder for a Zorgaanbod campaign, even one with a deadline and reminder days', async () => {
    const zorgaanbod = await db.prisma.campaign.create({
      data: { typeCode: 'zorgaanbod', year: 2030, openingDate: dbDateOf({ year: 2026, month: 4, day: 1 }), deadline: dbDateOf({ year: 2026, month: 6, day: 30 }), facilityTypeCodes: ['huisartsenkring'], reminderDays: [14] },
    });
    expect(await sendDeadlineReminders(db.prisma, config, new Date('2026-06-16T08:00:00Z'))).toBe(0);
    expect(await db.prisma.campaignReminder.count({ where: { campaignId: zorgaanbod.id } })).toBe(0);
    await db.prisma.campaign.delete({ where: { id: zorgaanbod.id } });
  });

  it('14 days before the deadline, reminds every facility that has not submitted once, even with two workers at once', async () => {
    const other = createDatabaseClients(db.url, { max: 2 });
    try {
      // 17 May 2026, 07:00 in Brussels: 14 days before 31 May.
      const at = new Date('2026-05-17T05:00:00Z');
      const [a, b] = await Promise.all([sendDeadlineReminders(db.prisma, config, at), sendDeadlineReminders(other.prisma, config, at)]);
      expect(a + b).toBe(expected);
      expect(await sendDeadlineReminders(db.prisma, config, new Date('2026-05-17T20:00:00Z'))).toBe(0);
    } finally {
      await other.close();
    }
    const rows = await remindersOf(14);
    expect(rows.map((r) => r.facilityId)).toEqual(inScope.filter((f) => f.id !== submitted.id).map((f) => f.id));
    expect(rows.find((r) => r.facilityId === hofTerLinden.id)?.recipients).toBe(1);
    const mails = await mailsTo('lies.wouters@hofterlinden.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.recipients).toEqual(['lies.wouters@hofterlinden.example']);
    expect(mails[0]?.subject).toBe('Herinnering: meting dagprijzen 2026 indienen tegen 31/05/2026');
    expect(mails[0]?.text).toContain('nog 14 dagen');
    expect(await db.prisma.auditEvent.count({ where: { kind: 'campaign.reminder_sent' } })).toBe(expected);
    expect(await db.prisma.auditEvent.count({ where: { kind: 'campaign.reminder_sent', facilityId: submitted.id } })).toBe(0);
  });

  it('3 days before, reminds again those still not submitted', async () => {
    await db.prisma.dossier.update({ where: { facilityId_campaignId: { facilityId: drafting.id, campaignId: campaign.id } }, data: { status: 'ingediend' } });
    expect(await sendDeadlineReminders(db.prisma, config, new Date('2026-05-28T05:00:00Z'))).toBe(expected - 1);
    expect((await remindersOf(3)).map((r) => r.facilityId)).not.toContain(drafting.id);
    expect(await mailsTo('lies.wouters@hofterlinden.example')).toHaveLength(2);
  });

  it('shows on the campaign page which reminders went out, and Team Prijzen changes the reminder days', async () => {
    const els = request.agent(app);
    await loginAs(els, db.prisma, ELS);
    const page = text((await els.get('/beheer/campagnes/2026')).text);
    expect(page).toContain('Herinneringen 14, 3 dagen voor de uiterste datum');
    expect(page).toContain(`14 dagen voor de uiterste datum (op 17/05/2026): ${expected} voorzieningen`);
    expect(page).toContain(`3 dagen voor de uiterste datum (op 28/05/2026): ${expected - 1} voorzieningen`);

    const form = await els.get('/beheer/campagnes/2026/instellingen');
    expect(form.text).toContain('value="14, 3"');
    const fields = { _csrf: hiddenField(form.text, '_csrf'), openingDate: '15/04/2026', deadline: '31/05/2026', korting: '6,29' };
    const bad = await els.post('/beheer/campagnes/2026/instellingen').type('form').send({ ...fields, reminderDays: '14, veel' });
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('Vul de herinneringen in als dagen voor de uiterste datum');
    expect(bad.text).toContain('value="14, veel"');
    const saved = await els.post('/beheer/campagnes/2026/instellingen').type('form').send({ ...fields, reminderDays: '1; 7, 7' });
    expect(saved.status).toBe(303);
    expect((await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).reminderDays).toEqual([7, 1]);
  });
});
