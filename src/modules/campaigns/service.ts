// The department's follow-up of the Meting dagprijzen (M27): campaigns, the
// status of every facility in scope (in SQL, filtered and paged), a dossier
// read-only, reopening a submitted dossier, and the exports.
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { copyRecognizedCapacities, dossierCountsPerStatus, remindersSent, stateCountsOfSearch, statusRows, type FacilityState, type StatusRow } from './data.js';
import { dbDateOf, endOfBrusselsDay, formatCalendar, formatDate, type CalendarDate } from '../../lib/dates.js';
import { METING, metingCampaign, type MetingCampaign, type DossierView } from '../dossiers/index.js';
import { nettoCents, type Luik } from '../dossiers/index.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { metingDagprijzen, type MetingExportLine } from '../dossier-core/index.js';
import { campaignOf, dossierHistory, dossierType, EDITABLE_STATUSES, markCampaignProcessed, outcomeText, PROCESS_BATCH, STATUS_TEXT, SUBMITTED_STATUSES, transition, waitingInCampaign } from '../dossier-core/index.js';

export const TEAM_PRIJZEN = 'team-prijzen';

export { PROCESS_BATCH };

export type { FacilityState, StatusRow } from './data.js';
export { campaignFacilitiesSql, progressSql, type CampaignScope } from './data.js';
export const FACILITY_STATES: readonly FacilityState[] = ['niet gestart', 'in opmaak', 'ingediend', 'te laat'];
export const PAGE_SIZE = 50;

export interface StatusPage {
  campaign: MetingCampaign;
  counts: { state: FacilityState; count: number; percent: number }[];
  total: number;
  rows: StatusRow[];
  page: number;
  totalPages: number;
  matching: number;
}

export interface StatusFilter {
  state?: FacilityState;
  /** Part of the name, or the HCO number. */
  search?: string;
  page: number;
}

/** One submitted line as the exports write it: the Meting type's export row. */
export type ExportLine = MetingExportLine;

export class ReopenRefused extends Error {}

export interface CampaignSettings {
  openingDate: CalendarDate;
  deadline: CalendarDate;
  /** Korting infrastructuurforfait in cents. */
  korting: number;
  /** Days before the deadline on which facilities that have not submitted are reminded, largest first. */
  reminderDays?: number[];
}

const settingsData = (s: CampaignSettings) => ({ openingDate: dbDateOf(s.openingDate), deadline: dbDateOf(s.deadline), kortingCents: s.korting, ...(s.reminderDays ? { reminderDays: s.reminderDays } : {}) });

/** The counts per state from the dossiers per status and the number of facilities in scope ("scope"). */
function stateCounts(rows: { status: string; n: number }[], late: boolean): { state: FacilityState; n: number }[] {
  const n = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  const submitted = SUBMITTED_STATUSES.reduce((sum, s) => sum + n(s), 0);
  const draft = EDITABLE_STATUSES.reduce((sum, s) => sum + n(s), 0);
  const notStarted = Math.max(0, n('scope') - submitted - draft);
  return late
    ? [{ state: 'ingediend', n: submitted }, { state: 'te laat', n: draft + notStarted }]
    : [{ state: 'ingediend', n: submitted }, { state: 'in opmaak', n: draft }, { state: 'niet gestart', n: notStarted }];
}

export type CampaignProgress = 'niet gestart' | 'in opmaak' | 'ingediend';
export const CAMPAIGN_PROGRESS: readonly CampaignProgress[] = ['niet gestart', 'in opmaak', 'ingediend'];

const settingsDetails = (s: CampaignSettings) => ({
  openingDate: formatCalendar(s.openingDate),
  deadline: formatCalendar(s.deadline),
  kortingCents: s.korting,
  ...(s.reminderDays ? { reminderDays: s.reminderDays.join(', ') } : {}),
});

export type CampaignService = ReturnType<typeof createCampaignService>;

export function createCampaignService({ prisma, config, now }: { prisma: PrismaClient; config: Pick<Config, 'baseUrl'>; now: () => Date }) {
  async function campaignOfYear(year: number) {
    return prisma.campaign.findUnique({ where: { typeCode_year: { typeCode: METING.code, year } } });
  }

  return {
    async list(): Promise<(MetingCampaign & { submitted: number })[]> {
      const rows = await prisma.campaign.findMany({ where: { typeCode: METING.code }, orderBy: { year: 'desc' }, include: { _count: { select: { dossiers: { where: { status: { in: [...SUBMITTED_STATUSES] } } } } } } });
      return rows.map((r) => ({ ...metingCampaign(r), submitted: r._count.dossiers }));
    },

    /**
     * The status page, in at most three queries (the campaign, the counts, one
     * page of rows), each served by an index at 5,000 facilities (see
     * bench/campaigns.mjs): unfiltered, the counts come from the dossiers of
     * the campaign (index on dossier (campaign_id, status)) plus the number of
     * facilities in scope, and the page picks its 50 facility ids from the
     * index on facility (name, id) before joining their dossiers. A dossier only
     * exists for a facility in scope (the theme page creates it only then), so
     * "niet gestart" is the facilities in scope minus the dossiers.
     */
    async statusPage(year: number, filter: StatusFilter): Promise<StatusPage | undefined> {
      const row = await campaignOfYear(year);
      if (!row) return undefined;
      const campaign = metingCampaign(row);
      const late = now().getTime() >= endOfBrusselsDay(campaign.deadline).getTime();
      const search = filter.search?.trim();
      const countRows = search ? await stateCountsOfSearch(prisma, row, late, search) : stateCounts(await dossierCountsPerStatus(prisma, row), late);
      const count = (s: FacilityState) => countRows.find((c) => c.state === s)?.n ?? 0;
      const total = countRows.reduce((sum, c) => sum + c.n, 0);
      const matching = filter.state ? count(filter.state) : total;
      const totalPages = Math.max(1, Math.ceil(matching / PAGE_SIZE));
      const page = Math.min(Math.max(1, filter.page), totalPages);
      const offset = (page - 1) * PAGE_SIZE;
      const rows = await statusRows(prisma, row, { late, search, state: filter.state, pageSize: PAGE_SIZE, offset });
      return {
        campaign,
        counts: FACILITY_STATES.map((s) => ({ state: s, count: count(s), percent: total ? Math.round((count(s) * 1000) / total) / 10 : 0 })),
        total,
        rows,
        page,
        totalPages,
        matching,
      };
    },

    /** The reminder days of a campaign, and per day that went out: to how many facilities, how many of them without a contact. */
    async reminders(year: number): Promise<{ reminderDays: number[]; sent: { daysBefore: number; facilities: number; withoutContact: number; sentOn: string }[] } | undefined> {
      const campaign = await campaignOfYear(year);
      if (!campaign) return undefined;
      const rows = await remindersSent(prisma, campaign.id);
      return {
        reminderDays: campaign.reminderDays,
        sent: rows.map((r) => ({ daysBefore: r.days_before, facilities: r.facilities, withoutContact: r.without_contact, sentOn: formatDate(r.first_sent_at) })),
      };
    },

    /** Any dossier of the campaign, read-only, with its facility. */
    async dossier(year: number, id: number): Promise<{ view: DossierView; facility: { id: number; name: string; hcoNumber: string } } | undefined> {
      const row = await prisma.dossier.findFirst({
        where: { id, campaign: { typeCode: METING.code, year } },
        include: {
          campaign: true,
          facility: { select: { id: true, name: true, hcoNumber: true } },
          lines: { orderBy: [{ luik: 'asc' }, { position: 'asc' }] },
          submittedBy: { select: { givenName: true, surname: true } },
          letters: { select: { id: true }, take: 1 },
        },
      });
      if (!row) return undefined;
      const capacity = await prisma.campaignCapacity.findUnique({ where: { campaignId_facilityId: { campaignId: campaignOf(row).id, facilityId: row.facilityId } } });
      const campaign = metingCampaign(campaignOf(row));
      const type = dossierType(row.typeCode);
      return {
        facility: row.facility,
        view: {
          id: row.id,
          reference: row.reference,
          status: row.status,
          statusText: STATUS_TEXT[row.status],
          history: await dossierHistory(prisma, row),
          letterPath: row.status === 'afgehandeld' && row.letters.length > 0 ? `/beheer/dossiers/${row.id}/beslissing.pdf` : null,
          outcomeText: row.outcome ? outcomeText(type, row.outcome) : null,
          motivation: row.motivation,
          version: row.version,
          campaign,
          open: false,
          lines: row.lines.map((l) => {
            const luik: Luik = l.luik === 2 ? 2 : 1;
            return { luik, kamertype: l.kamertype, beschrijving: l.beschrijving, capaciteit: l.capaciteit, priceCents: l.priceCents, netto: luik === 2 ? nettoCents(l.priceCents, campaign.kortingCents) : null };
          }),
          recognizedCapacity: capacity?.recognizedCapacity ?? null,
          hasConfirmedPriceContacts: false,
          priceContacts: [],
          submittedAt: row.submittedAt,
          submittedBy: row.submittedBy ? `${row.submittedBy.givenName} ${row.submittedBy.surname}` : null,
          reopenedAt: row.reopenedAt,
          reopenReason: row.reopenReason,
          mayEdit: false,
          editable: false,
        },
      };
    },

    /** How many dossiers of the campaign wait for the department (ingediend or in behandeling). */
    async waitingCount(year: number): Promise<number> {
      const campaign = await campaignOfYear(year);
      return campaign ? waitingInCampaign(prisma, campaign.id) : 0;
    },

    /** Team Prijzen marks the submitted dossiers as processed ("kennis genomen"), a batch per call. */
    async markProcessed(year: number, actor: AuditActor, batch = PROCESS_BATCH): Promise<{ done: number; remaining: number }> {
      const campaign = await campaignOfYear(year);
      if (!campaign) return { done: 0, remaining: 0 };
      return markCampaignProcessed(prisma, config, { campaignId: campaign.id, actor: { ...actor, teamCode: TEAM_PRIJZEN }, now, batch });
    },

    /**
     * Reopens a submitted dossier on the facility's request: a draft again,
     * with the reason, who and when; the theme Prijzen's confirmed contacts are
     * told, in the same transaction.
     */
    async reopen(year: number, id: number, actor: AuditActor, reason: string): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const dossier = await tx.dossier.findFirst({ where: { id, campaign: { typeCode: METING.code, year } }, select: { id: true } });
        if (!dossier) throw new ReopenRefused();
        const result = await transition(tx, config, { dossierId: id, name: 'reopen', actor: { ...actor, teamCode: TEAM_PRIJZEN }, reason, at: now() });
        if (result.kind === 'stale') throw new ReopenRefused();
      });
    },

    /** Every submitted line of a campaign, in batches, for the streamed exports: the Meting type's export rows. */
    async *submittedLines(year: number, batchSize = 2000): AsyncGenerator<ExportLine[]> {
      const campaign = await campaignOfYear(year);
      if (!campaign) return;
      yield* metingDagprijzen.export.rows(prisma, { campaignId: campaign.id }, batchSize);
    },

    /** Team Prijzen: a new campaign, with the erkende capaciteit of every facility in scope copied from the facility. */
    async createCampaign(year: number, settings: CampaignSettings, actor: AuditActor): Promise<'created' | 'exists'> {
      try {
        await prisma.$transaction(async (tx) => {
          const campaign = await tx.campaign.create({ data: { typeCode: METING.code, year, ...settingsData(settings), facilityTypeCodes: ['woonzorgcentrum'], updatedById: actor.userId } });
          const facilities = await copyRecognizedCapacities(tx, campaign);
          await recordAudit(tx, {
            actor,
            kind: 'campaign.created',
            record: { type: 'Campaign', id: campaign.id },
            teamCode: TEAM_PRIJZEN,
            summary: `Campagne Meting dagprijzen ${year} aangemaakt.`,
            details: { year, ...settingsDetails(settings), facilities },
          });
        });
        return 'created';
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'exists';
        throw error;
      }
    },

    async updateSettings(year: number, settings: CampaignSettings, actor: AuditActor): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const campaign = await tx.campaign.findUnique({ where: { typeCode_year: { typeCode: METING.code, year } }, select: { id: true } });
        if (!campaign) return false;
        await tx.campaign.update({ where: { id: campaign.id }, data: { ...settingsData(settings), updatedById: actor.userId } });
        await recordAudit(tx, {
          actor,
          kind: 'campaign.updated',
          record: { type: 'Campaign', id: campaign.id },
          teamCode: TEAM_PRIJZEN,
          summary: `Instellingen van de campagne Meting dagprijzen ${year} gewijzigd.`,
          details: { year, ...settingsDetails(settings) },
        });
        return true;
      });
    },

    /** One page of the erkende capaciteit per facility in scope. */
    async capacityPage(year: number, page: number) {
      const campaign = await campaignOfYear(year);
      if (!campaign) return undefined;
      const total = await prisma.campaignCapacity.count({ where: { campaignId: campaign.id } });
      const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const current = Math.min(Math.max(1, page), totalPages);
      const rows = await prisma.campaignCapacity.findMany({
        where: { campaignId: campaign.id },
        orderBy: [{ facility: { name: 'asc' } }, { facilityId: 'asc' }],
        skip: (current - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
        select: { facilityId: true, recognizedCapacity: true, facility: { select: { name: true, hcoNumber: true } } },
      });
      return { campaign: metingCampaign(campaign), rows, page: current, totalPages };
    },

    /** Team Prijzen: the erkende capaciteit of the facilities on one page; only facilities of the campaign change. */
    async saveCapacities(year: number, capacities: Map<number, number>, actor: AuditActor): Promise<void> {
      const campaign = await campaignOfYear(year);
      if (!campaign) return;
      await prisma.$transaction(async (tx) => {
        let changed = 0;
        for (const [facilityId, recognizedCapacity] of capacities) {
          changed += (await tx.campaignCapacity.updateMany({ where: { campaignId: campaign.id, facilityId, recognizedCapacity: { not: recognizedCapacity } }, data: { recognizedCapacity } })).count;
        }
        if (changed === 0) return;
        await recordAudit(tx, {
          actor,
          kind: 'campaign.updated',
          record: { type: 'Campaign', id: campaign.id },
          teamCode: TEAM_PRIJZEN,
          summary: `Erkende capaciteit van ${changed} ${changed === 1 ? 'voorziening' : 'voorzieningen'} gewijzigd in de campagne Meting dagprijzen ${year}.`,
          details: { year, capacities: Object.fromEntries(capacities) },
        });
      });
    },

    /**
     * Records that a staff member downloads the campaign's submitted lines;
     * called before the export streams, so a download cut off halfway is
     * still in the trail.
     */
    async recordExport(year: number, format: 'csv' | 'xlsx', actor: AuditActor, teamCode: string | null): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: METING.code, year } }, select: { id: true } });
        await recordAudit(tx, {
          actor,
          kind: 'export.downloaded',
          record: { type: 'Campaign', id: campaign.id },
          teamCode,
          summary: `Ingediende lijnen van de campagne Meting dagprijzen ${year} gedownload als ${format.toUpperCase()}.`,
          details: { year, format },
        });
      });
    },

    campaign: async (year: number) => {
      const row = await campaignOfYear(year);
      return row ? metingCampaign(row) : undefined;
    },
  };
}
