// Deadline reminders (issue 24 item 10): on each reminder day of a campaign
// (campaign.reminder_days, days before the deadline), every facility in scope
// that has not submitted (no dossier, or one in opmaak or heropend) gets an
// e-mail to its confirmed Prijzen contacts. Run daily by the job library.
//
// Once per facility and reminder day: the row in campaign_reminder (unique on
// campaign, facility, day) is inserted in the same transaction as the e-mail
// and the audit row; a second run, or a second worker at the same moment,
// finds the row (or waits for it and hits the unique index) and sends nothing.
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { brusselsDateOf, calendarDateOfDbDate, dbDateOf, formatCalendar } from '../../lib/dates.js';
import { enqueueMail } from '../../mail/outbox.js';
import { recordAudit } from '../audit/index.js';
import { EDITABLE_STATUSES, metingDagprijzen, PORTAL_ACTOR } from '../dossier-core/index.js';

const DAY_MS = 86_400_000;

/** Sends the reminders due on the Brussels day of `now`; returns how many facilities got one. */
export async function sendDeadlineReminders(prisma: PrismaClient, config: Pick<Config, 'baseUrl'>, now: Date): Promise<number> {
  const today = dbDateOf(brusselsDateOf(now));
  // Only the Meting's campaigns (the e-mail is the Meting's, to the Prijzen contacts), and only those with a deadline ahead.
  const campaigns = await prisma.campaign.findMany({
    where: { typeCode: metingDagprijzen.code, deadline: { gte: today } },
    select: { id: true, year: true, deadline: true, reminderDays: true, facilityTypeCodes: true },
  });
  let sent = 0;
  for (const { deadline, ...campaign } of campaigns) {
    if (!deadline) continue;
    const daysBefore = Math.round((deadline.getTime() - today.getTime()) / DAY_MS);
    if (!campaign.reminderDays.includes(daysBefore)) continue;
    const facilities = await prisma.facility.findMany({
      where: {
        facilityType: { code: { in: campaign.facilityTypeCodes } },
        dossiers: { none: { campaignId: campaign.id, status: { notIn: [...EDITABLE_STATUSES] } } },
        campaignReminders: { none: { campaignId: campaign.id, daysBefore } },
      },
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    });
    const deadlineText = formatCalendar(calendarDateOfDbDate(deadline));
    for (const facility of facilities) {
      if (await remindFacility(prisma, config, { ...campaign, deadlineText }, facility, daysBefore, now)) sent++;
    }
  }
  return sent;
}

async function remindFacility(
  prisma: PrismaClient,
  config: Pick<Config, 'baseUrl'>,
  campaign: { id: number; year: number; deadlineText: string },
  facility: { id: number; name: string },
  daysBefore: number,
  now: Date,
): Promise<boolean> {
  try {
    return await prisma.$transaction(async (tx) => {
      const contacts = await tx.contactPerson.findMany({
        where: { facilityId: facility.id, confirmedAt: { not: null }, themes: { some: { theme: { slug: 'prijzen' } } } },
        select: { email: true },
      });
      // The unique row first: a second worker waits here for this transaction and then fails, sending nothing.
      const reminder = await tx.campaignReminder.create({ data: { campaignId: campaign.id, facilityId: facility.id, daysBefore, recipients: contacts.length, sentAt: now } });
      if (contacts.length > 0) {
        const title = `Herinnering: meting dagprijzen ${campaign.year} indienen tegen ${campaign.deadlineText}`;
        await enqueueMail(
          tx,
          {
            to: contacts.map((c) => c.email),
            subject: title,
            template: 'notification',
            data: {
              title,
              paragraphs: [
                `${facility.name} heeft de meting dagprijzen ${campaign.year} nog niet ingediend. De uiterste datum is ${campaign.deadlineText} (nog ${daysBefore} ${daysBefore === 1 ? 'dag' : 'dagen'}).`,
                'U kunt het dossier invullen en indienen via het thema Prijzen in het e-loket.',
              ],
              action: { text: 'Naar het thema Prijzen', path: '/themas/prijzen' },
            },
            facilityId: facility.id,
            cause: { type: 'campaign_reminder', id: reminder.id },
          },
          config,
        );
      }
      await recordAudit(tx, {
        actor: PORTAL_ACTOR,
        kind: 'campaign.reminder_sent',
        record: { type: 'CampaignReminder', id: reminder.id },
        facilityId: facility.id,
        teamCode: 'team-prijzen',
        summary: `Herinnering (${daysBefore} dagen voor de uiterste datum) voor de meting dagprijzen ${campaign.year} aan ${facility.name}: ${contacts.length} contactpersonen.`,
        details: { year: campaign.year, daysBefore, recipients: contacts.length },
      });
      return true;
    });
  } catch (error) {
    // Another run sent this reminder in the meantime.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
    throw error;
  }
}
