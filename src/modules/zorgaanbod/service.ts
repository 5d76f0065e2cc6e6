// Zorgaanbod (M25), a type of the dossier core: the campaign (a Campaign of
// type zorgaanbod), a kring's list (its Dossier: uploads with their report,
// submission through the core's lifecycle) through the facility scope, and
// the department's follow-up (status, a list read-only, reopening,
// kennisname, exports) by Team Eerstelijn.
import { facilityTypeCode } from '../themes/index.js';
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { ActingFacility } from '../../auth/current-user.js';
import { Prisma } from '../../generated/prisma/client.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { claimUploads, StagedFilesUnavailable } from '../../uploads/index.js';
import { themeContacts, type ThemeContact } from '../contacts/index.js';
import { dbDateOf, formatCalendar, type CalendarDate } from '../../lib/dates.js';
import {
  campaignInfo,
  campaignPhase,
  dossierHistory,
  EDITABLE_STATUSES,
  mailSubmission,
  markCampaignProcessed,
  outcomeText,
  STATUS_TEXT,
  SUBMITTED_STATUSES,
  transition,
  waitingInCampaign,
  zorgaanbodType,
  type CampaignInfo,
  type CampaignPhase,
  type DossierStatus,
  type HistoryEntry,
  type LifecycleTx,
  type ZorgaanbodExportRow,
} from '../dossier-core/index.js';
import { lineOf, textsOf, type LineTexts, type ReportLine, type ZorgaanbodLine } from './columns.js';
import { annotatedWorkbook, type ParsedList } from './workbook.js';
import { insertReportLines, KRING_TYPE, statusCounts, statusRows } from './data.js';

export const ZORGAANBOD_THEME = 'zorgaanbod';
export const TEAM_EERSTELIJN = 'team-eerstelijn';
export { KRING_TYPE };
export const REPORT_PAGE_SIZE = 50;
/**
 * The longest text the report stores of one cell and of one error, the last
 * character an ellipsis: a report shows what is wrong, it is no copy of the
 * file (a small file can repeat one huge shared string on every line). Valid
 * values are far shorter (columns.ts), so submitted rows never lose a character.
 */
export const MAX_STORED_CELL = 200;
export const MAX_STORED_ERROR = 300;
export const STATUS_PAGE_SIZE = 50;

export type { CampaignPhase };
export type ZorgaanbodCampaignInfo = CampaignInfo;

const TYPE = zorgaanbodType;
const zorgaanbodCampaign = (row: { id: number; year: number; openingDate: Date; deadline: Date | null } | null) => {
  // Zorgaanbod is campaign-bound: its lists always have a campaign.
  if (row === null) throw new Error('a Zorgaanbod list without a campaign');
  return campaignInfo(row, TYPE.campaignTitle?.(row.year) ?? `${TYPE.name} ${row.year}`);
};

/** "ZA-2026-052011": the list's reference, as the Meting's "MD-2026-052011". */
export const listReference = (year: number, hcoNumber: string) => `ZA-${year}-${hcoNumber.padStart(6, '0')}`;

/** Who did the last transition to a status, as the history names them (names kept from before the core included). */
const lastBy = (history: HistoryEntry[], status: DossierStatus) => history.filter((e) => e.status === status).at(-1)?.by ?? null;

export interface UploadSummary {
  id: number;
  fileName: string;
  uploadedAt: Date;
  lineCount: number;
  errorCount: number;
  linesWithErrors: number;
}

/** What the theme page and the list page show of the acting kring's list. */
export interface ListState {
  campaign: ZorgaanbodCampaignInfo;
  phase: CampaignPhase;
  /** The kring's dossier of the campaign; null before its first upload. */
  dossierId: number | null;
  reference: string | null;
  status: DossierStatus;
  statusText: string;
  /** Submitted and not sent back (ingediend, in behandeling, afgehandeld): read-only until Team Eerstelijn reopens it. */
  submitted: boolean;
  /** "Status en vooruitgang": every transition, oldest first. */
  history: HistoryEntry[];
  /** "kennis genomen" once afgehandeld. */
  outcomeText: string | null;
  /** The decision letter's download, once afgehandeld with one. */
  letterPath: string | null;
  version: number;
  submittedAt: Date | null;
  submittedBy: string | null;
  reopenedAt: Date | null;
  reopenReason: string | null;
  rowCount: number;
  upload: UploadSummary | null;
}

export interface ReportPage {
  lines: ReportLine[];
  page: number;
  totalPages: number;
}

export type UploadOutcome = { kind: 'saved'; uploadId: number } | { kind: 'submitted' } | { kind: 'notOpen' } | { kind: 'unavailable' };
export type SubmitOutcome = { kind: 'submitted' } | { kind: 'hasErrors' } | { kind: 'stale' } | { kind: 'alreadySubmitted' } | { kind: 'notOpen' };

/** The letter of the kring's decided list: served at /themas/zorgaanbod/lijst/beslissing.pdf (the type's facilityPath). */
export const LETTER_PATH = `${TYPE.facilityPath(0)}/beslissing.pdf`;

export class ZorgaanbodNotFound extends Error {}

const capped = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A report line as stored: every cell and error capped. */
function storedLine(line: ReportLine) {
  const values = Object.fromEntries(Object.entries(line.values).map(([key, text]) => [key, capped(text, MAX_STORED_CELL)]));
  return { excelRow: line.row, values, errors: line.errors.map((e) => capped(e, MAX_STORED_ERROR)), hasErrors: line.errors.length > 0 };
}

/** A report line as read back (written by storedLine only). */
function reportLineOf(row: { excelRow: number; values: Prisma.JsonValue; errors: string[] }): ReportLine {
  return { row: row.excelRow, values: row.values as unknown as ReportLine['values'], errors: row.errors };
}

/** The page asked for, within 1..totalPages. */
function pageWithin(page: number, total: number, size: number): { page: number; totalPages: number; skip: number } {
  const totalPages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, page), totalPages);
  return { page: current, totalPages, skip: (current - 1) * size };
}

export interface StatusRow {
  facilityId: number;
  name: string;
  hcoNumber: string;
  municipality: string;
  listId: number | null;
  status: 'niet ingediend' | 'ingediend';
  /** The list's status as the core says it ("in behandeling", "afgehandeld"), or 'niet ingediend'. */
  statusText: string;
  gpCount: number;
  submittedAt: Date | null;
  hasUpload: boolean;
}

/** One GP of a submitted list as the exports write it: the Zorgaanbod type's export row. */
export type ExportRow = ZorgaanbodExportRow;

export interface CampaignSettingsInput {
  year: number;
  openingDate: CalendarDate;
  closingDate: CalendarDate | null;
}

export type ZorgaanbodService = ReturnType<typeof createZorgaanbodService>;

export function createZorgaanbodService({ prisma, config, now }: { prisma: PrismaClient; config: Pick<Config, 'baseUrl'>; now: () => Date }) {
  async function currentCampaign(db: Pick<PrismaClient, 'campaign'> | FacilityScope) {
    const row = await (db as Pick<PrismaClient, 'campaign'>).campaign.findFirst({ where: { typeCode: TYPE.code }, orderBy: { year: 'desc' } });
    return row ? zorgaanbodCampaign(row) : undefined;
  }

  async function isKring(scope: FacilityScope, facility: ActingFacility): Promise<boolean> {
    return (await facilityTypeCode(scope, facility.facilityTypeId)) === KRING_TYPE;
  }

  const uploadSummary = (u: { id: number; createdAt: Date; lineCount: number; errorCount: number; linesWithErrors: number; storedFile: { name: string } }): UploadSummary => ({
    id: u.id,
    fileName: u.storedFile.name,
    uploadedAt: u.createdAt,
    lineCount: u.lineCount,
    errorCount: u.errorCount,
    linesWithErrors: u.linesWithErrors,
  });

  async function latestUpload(db: FacilityScope | PrismaClient, listId: number) {
    return (db as PrismaClient).zorgaanbodUpload.findFirst({
      where: { listId },
      orderBy: { id: 'desc' },
      include: { storedFile: { select: { name: true } } },
    });
  }

  /** The acting kring's dossier of a campaign (the facility scope adds the kring). */
  function listOf(scope: FacilityScope, campaignId: number) {
    return scope.dossier.findFirst({
      where: { campaignId, typeCode: TYPE.code },
      include: { _count: { select: { zorgaanbodRows: true } }, letters: { select: { id: true }, take: 1 } },
    });
  }

  return {
    currentCampaign: () => currentCampaign(prisma),

    /** The acting kring's list in the current campaign; undefined for other facility types or without a campaign. */
    async listState(scope: FacilityScope, facility: ActingFacility): Promise<ListState | undefined> {
      if (!(await isKring(scope, facility))) return undefined;
      const campaign = await currentCampaign(scope);
      if (!campaign) return undefined;
      const list = await listOf(scope, campaign.id);
      const [upload, history] = list ? await Promise.all([latestUpload(scope, list.id), dossierHistory(scope, list)]) : [null, []];
      const status = list?.status ?? 'opmaak';
      return {
        campaign,
        phase: campaignPhase(campaign, now()),
        dossierId: list?.id ?? null,
        reference: list?.reference ?? null,
        status,
        statusText: STATUS_TEXT[status],
        submitted: SUBMITTED_STATUSES.includes(status),
        history,
        outcomeText: list?.outcome ? outcomeText(TYPE, list.outcome) : null,
        letterPath: list?.status === 'afgehandeld' && list.letters.length > 0 ? LETTER_PATH : null,
        version: list?.version ?? 0,
        submittedAt: list?.submittedAt ?? null,
        submittedBy: lastBy(history, 'ingediend'),
        reopenedAt: list?.status === 'heropend' ? list.reopenedAt : null,
        reopenReason: list?.status === 'heropend' ? list.reopenReason : null,
        rowCount: list?._count.zorgaanbodRows ?? 0,
        upload: upload ? uploadSummary(upload) : null,
      };
    },

    /** The decision letter of the acting kring's decided list of the current campaign; undefined otherwise. */
    async letter(scope: FacilityScope): Promise<{ reference: string; pdf: Buffer } | undefined> {
      const campaign = await currentCampaign(scope);
      const list = campaign ? await scope.dossier.findFirst({ where: { campaignId: campaign.id, typeCode: TYPE.code, status: 'afgehandeld' }, select: { id: true, reference: true } }) : null;
      if (!list) return undefined;
      const letter = await scope.dossierLetter.findFirst({ where: { dossierId: list.id }, orderBy: { id: 'desc' }, select: { content: true } });
      return letter ? { reference: list.reference, pdf: Buffer.from(letter.content) } : undefined;
    },

    /** One page of the latest upload's lines that have errors. */
    reportPage: (scope: FacilityScope, uploadId: number, page: number) => reportPage(scope as unknown as PrismaClient, uploadId, page),

    /** The kring's confirmed Zorgaanbod contacts: the success message of a submission names them. */
    confirmationContacts(scope: FacilityScope, facility: ActingFacility): Promise<ThemeContact[]> {
      return themeContacts(scope as unknown as Prisma.TransactionClient, facility.id, ZORGAANBOD_THEME);
    },

    /** One page of the submitted GPs of the acting kring. */
    async submittedPage(scope: FacilityScope, page: number) {
      const campaign = await currentCampaign(scope);
      const list = campaign ? await scope.dossier.findFirst({ where: { campaignId: campaign.id, typeCode: TYPE.code }, select: { id: true } }) : null;
      if (!list) return { rows: [] as (LineTexts & { excelRow: number })[], page: 1, totalPages: 1 };
      return rowsPage(scope as unknown as PrismaClient, list.id, page);
    },

    /**
     * Stores an accepted upload (its file claimed from the pipeline) as the
     * list's latest, replacing earlier unsubmitted uploads. The first upload
     * makes the kring's dossier of the campaign (in opmaak).
     */
    async saveUpload(scope: FacilityScope, facility: ActingFacility, actor: AuditActor, fileId: number, parsed: ParsedList): Promise<UploadOutcome> {
      const campaign = await currentCampaign(scope);
      if (!campaign || campaignPhase(campaign, now()) !== 'open' || !(await isKring(scope, facility))) return { kind: 'notOpen' };
      try {
        return await scope.$transaction(async (tx): Promise<UploadOutcome> => {
          const list = await tx.dossier.upsert({
            where: { facilityId_campaignId: { facilityId: facility.id, campaignId: campaign.id } },
            create: { facilityId: facility.id, campaignId: campaign.id, typeCode: TYPE.code, reference: listReference(campaign.year, facility.hcoNumber), createdById: actor.userId, updatedById: actor.userId },
            update: {},
          });
          if (!EDITABLE_STATUSES.includes(list.status)) return { kind: 'submitted' };
          const [file] = await claimUploads(tx, { ids: [fileId], facilityId: facility.id, userId: actor.userId ?? 0 });
          if (!file) return { kind: 'unavailable' };
          const earlier = await tx.zorgaanbodUpload.findMany({ where: { listId: list.id }, select: { storedFileId: true } });
          // The earlier files go with their uploads (cascade): only the latest upload counts.
          await tx.storedFile.deleteMany({ where: { id: { in: earlier.map((e) => e.storedFileId) } } });
          const upload = await tx.zorgaanbodUpload.create({
            data: {
              listId: list.id,
              facilityId: facility.id,
              storedFileId: file.id,
              lineCount: parsed.lines.length,
              errorCount: parsed.errorCount,
              linesWithErrors: parsed.lines.filter((l) => l.errors.length > 0).length,
              uploadedById: actor.userId ?? 0,
            },
          });
          await insertReportLines(tx, scope, upload.id, parsed.lines.map(storedLine));
          await recordAudit(tx, {
            actor,
            kind: 'zorgaanbod.uploaded',
            record: { type: 'ZorgaanbodUpload', id: upload.id },
            facilityId: facility.id,
            summary: `${campaign.title}: ‘${file.name}’ opgeladen met ${parsed.lines.length} lijnen en ${parsed.errorCount} fouten`,
            details: { lines: parsed.lines.length, errors: parsed.errorCount },
          });
          return { kind: 'saved', uploadId: upload.id };
        });
      } catch (error) {
        if (error instanceof StagedFilesUnavailable) return { kind: 'unavailable' };
        throw error;
      }
    },

    /** The latest upload as the user's file with the column "Fouten"; undefined when there is none. */
    async annotatedFile(scope: FacilityScope, uploadId: number): Promise<{ name: string; content: Buffer } | undefined> {
      const upload = await scope.zorgaanbodUpload.findUnique({ where: { id: uploadId }, select: { storedFile: { select: { name: true, content: true } } } });
      if (!upload) return undefined;
      // Only the lines with errors: the others get no text in the column "Fouten".
      const lines = await scope.zorgaanbodReportLine.findMany({ where: { uploadId, hasErrors: true }, orderBy: { excelRow: 'asc' } });
      const base = upload.storedFile.name.replace(/\.xlsx$/i, '');
      return { name: `${base} - met fouten.xlsx`, content: await annotatedWorkbook(upload.storedFile.content, lines.map(reportLineOf)) };
    },

    /**
     * Submits the latest upload when it has no errors, through the core's
     * lifecycle (ingediend, with history and trail): its lines become the
     * list's rows, read-only; the theme's confirmed contacts get the summary
     * e-mail in the same transaction.
     */
    async submit(scope: FacilityScope, facility: ActingFacility, actor: AuditActor, uploadId: number): Promise<SubmitOutcome> {
      const campaign = await currentCampaign(scope);
      if (!campaign || campaignPhase(campaign, now()) !== 'open') return { kind: 'notOpen' };
      const list = await scope.dossier.findFirst({ where: { campaignId: campaign.id, typeCode: TYPE.code } });
      if (!list) throw new ZorgaanbodNotFound();
      const upload = await latestUpload(scope, list.id);
      if (!upload) throw new ZorgaanbodNotFound();
      // Another upload (another tab, a colleague) since the confirmation was shown.
      if (upload.id !== uploadId) {
        const exists = await scope.zorgaanbodUpload.count({ where: { id: uploadId } });
        if (exists === 0) throw new ZorgaanbodNotFound();
        return { kind: 'stale' };
      }
      if (!EDITABLE_STATUSES.includes(list.status)) return { kind: 'alreadySubmitted' };
      if (upload.errorCount > 0) return { kind: 'hasErrors' };
      // Without errors every line is valid, so its stored values are whole (far below the cap).
      const lines = (await scope.zorgaanbodReportLine.findMany({ where: { uploadId: upload.id }, orderBy: { excelRow: 'asc' } })).map(reportLineOf);
      const at = now();
      return scope.$transaction(async (tx): Promise<SubmitOutcome> => {
        const done = await transition(tx as unknown as LifecycleTx, config, {
          dossierId: list.id,
          name: 'submit',
          actor: { userId: actor.userId, name: actor.name },
          data: { updatedById: actor.userId, submittedAt: at, submittedById: actor.userId },
          auditDetails: { lines: lines.length, uploadId },
          at,
        });
        if (done.kind === 'stale') return { kind: 'alreadySubmitted' };
        // Through the (scoped) dossier, as the Meting stores its lines.
        await tx.dossier.update({
          where: { id: list.id },
          data: { zorgaanbodRows: { deleteMany: {}, createMany: { data: lines.map((l) => ({ excelRow: l.row, ...lineOf(l.values) })) } } },
        });
        await mailSubmission(tx as unknown as LifecycleTx, config, {
          dossierId: list.id,
          actor: { userId: actor.userId, name: actor.name },
          at,
          extent: `met ${lines.length} ${lines.length === 1 ? 'huisarts' : 'huisartsen'}`,
          paragraphs: ['Wilt u de lijst nog wijzigen? Vraag Team Eerstelijn via de berichtenmodule om ze te heropenen.'],
        });
        return { kind: 'submitted' };
      });
    },

    /** For "Mijn taken": the current list still to submit, when the campaign is open. */
    async task(scope: FacilityScope, facility: ActingFacility): Promise<{ title: string; closingText: string | null; reopenReason: string | null } | undefined> {
      if (!(await isKring(scope, facility))) return undefined;
      const campaign = await currentCampaign(scope);
      if (!campaign || campaignPhase(campaign, now()) !== 'open') return undefined;
      const list = await scope.dossier.findFirst({ where: { campaignId: campaign.id, typeCode: TYPE.code }, select: { status: true, reopenReason: true } });
      if (list && !EDITABLE_STATUSES.includes(list.status)) return undefined;
      return { title: campaign.title, closingText: campaign.deadlineLong, reopenReason: list?.status === 'heropend' ? list.reopenReason : null };
    },

    // ---- The department (plain client; the routes check the team) ----

    async statusPage(page: number) {
      const campaign = await currentCampaign(prisma);
      if (!campaign) return undefined;
      const counts = await statusCounts(prisma, campaign.id);
      const total = counts.total;
      const totalPages = Math.max(1, Math.ceil(total / STATUS_PAGE_SIZE));
      const current = Math.min(Math.max(1, page), totalPages);
      const rows = await statusRows(prisma, campaign.id, STATUS_PAGE_SIZE, (current - 1) * STATUS_PAGE_SIZE);
      return {
        campaign,
        phase: campaignPhase(campaign, now()),
        total,
        submitted: counts?.submitted ?? 0,
        gpCount: counts?.gps ?? 0,
        rows: rows.map(({ dossierStatus, ...r }) => ({ ...r, statusText: dossierStatus && !EDITABLE_STATUSES.includes(dossierStatus) ? STATUS_TEXT[dossierStatus] : r.status })),
        page: current,
        totalPages,
      };
    },

    /** How many lists of the current campaign wait for Team Eerstelijn's kennisname. */
    async waitingCount(): Promise<number> {
      const campaign = await currentCampaign(prisma);
      return campaign ? waitingInCampaign(prisma, campaign.id) : 0;
    },

    /** Team Eerstelijn takes note of the submitted lists ("kennis genomen"), a batch per call, as Team Prijzen does for the Meting. */
    async markProcessed(actor: AuditActor): Promise<{ done: number; remaining: number } | undefined> {
      const campaign = await currentCampaign(prisma);
      if (!campaign) return undefined;
      return markCampaignProcessed(prisma, config, { campaignId: campaign.id, actor: { ...actor, teamCode: TEAM_EERSTELIJN }, now });
    },

    /** Any kring's list, read-only, with a page of its rows. */
    async listForStaff(id: number, page: number) {
      const list = await prisma.dossier.findFirst({
        where: { id, typeCode: TYPE.code },
        include: { campaign: true, facility: { select: { id: true, name: true, hcoNumber: true } }, _count: { select: { zorgaanbodRows: true } } },
      });
      if (!list) return undefined;
      const [upload, history] = await Promise.all([latestUpload(prisma, list.id), dossierHistory(prisma, list)]);
      const submitted = SUBMITTED_STATUSES.includes(list.status);
      // A list not yet submitted shows its latest report instead of rows.
      const report = !submitted && upload && upload.errorCount > 0 ? await reportPage(prisma, upload.id, page) : null;
      return {
        list: {
          ...list,
          campaign: zorgaanbodCampaign(list.campaign),
          statusText: STATUS_TEXT[list.status],
          submittedBy: lastBy(history, 'ingediend'),
          reopenedBy: lastBy(history, 'heropend'),
        },
        submitted,
        /** Team Eerstelijn may reopen it while it waits for the department. */
        reopenable: list.status === 'ingediend' || list.status === 'in_behandeling',
        history,
        upload: upload ? uploadSummary(upload) : null,
        report,
        ...(await rowsPage(prisma, list.id, page)),
      };
    },

    /**
     * Team Eerstelijn: a submitted list open again (heropend), with the
     * reason, through the core's lifecycle; the contacts are told.
     */
    async reopen(id: number, actor: AuditActor, reason: string): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const list = await tx.dossier.findFirst({ where: { id, typeCode: TYPE.code }, select: { id: true } });
        if (!list) return false;
        const result = await transition(tx, config, { dossierId: id, name: 'reopen', actor: { ...actor, teamCode: TEAM_EERSTELIJN }, reason, at: now() });
        return result.kind === 'done';
      });
    },

    async saveSettings(input: CampaignSettingsInput, actor: AuditActor): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const data = { openingDate: dbDateOf(input.openingDate), deadline: input.closingDate ? dbDateOf(input.closingDate) : null, updatedById: actor.userId };
        const where = { typeCode_year: { typeCode: TYPE.code, year: input.year } };
        const existing = await tx.campaign.findUnique({ where, select: { id: true } });
        const campaign = existing
          ? await tx.campaign.update({ where: { id: existing.id }, data })
          : await tx.campaign.create({ data: { typeCode: TYPE.code, year: input.year, facilityTypeCodes: [...TYPE.facilityTypeCodes], reminderDays: [], ...data } });
        await recordAudit(tx, {
          actor,
          kind: existing ? 'campaign.updated' : 'campaign.created',
          record: { type: 'Campaign', id: campaign.id },
          teamCode: TEAM_EERSTELIJN,
          summary: `Zorgaanbod ${input.year}: opening ${formatCalendar(input.openingDate)}${input.closingDate ? `, sluiting ${formatCalendar(input.closingDate)}` : ''}`,
        });
      });
    },

    async recordExport(actor: AuditActor, format: 'csv' | 'xlsx', campaign: { id: number; year: number }): Promise<void> {
      await prisma.$transaction(async (tx) => {
        await recordAudit(tx, {
          actor,
          kind: 'export.downloaded',
          record: { type: 'Campaign', id: campaign.id },
          teamCode: TEAM_EERSTELIJN,
          summary: `Export van alle lijsten Zorgaanbod ${campaign.year} (${format.toUpperCase()})`,
        });
      });
    },

    /** Every submitted row of the campaign, in batches, for the streamed exports: the Zorgaanbod type's export rows. */
    exportRows: (campaignId: number, batchSize = 2000): AsyncIterable<ExportRow[]> => zorgaanbodType.export.rows(prisma, { campaignId }, batchSize),
  };
}

async function rowsPage(db: PrismaClient, listId: number, page: number) {
  const total = await db.zorgaanbodRow.count({ where: { listId } });
  const { page: current, totalPages, skip } = pageWithin(page, total, REPORT_PAGE_SIZE);
  const rows = await db.zorgaanbodRow.findMany({ where: { listId }, orderBy: { excelRow: 'asc' }, skip, take: REPORT_PAGE_SIZE });
  return { rows: rows.map((r) => ({ excelRow: r.excelRow, ...textsOf({ ...r, praktijkvorm: r.praktijkvorm as ZorgaanbodLine['praktijkvorm'] }) })), page: current, totalPages, total };
}

/** One page of an upload's lines with errors, read from the database a page at a time; the count is the upload's own. */
async function reportPage(db: PrismaClient, uploadId: number, page: number): Promise<ReportPage> {
  const upload = await db.zorgaanbodUpload.findUnique({ where: { id: uploadId }, select: { linesWithErrors: true } });
  const { page: current, totalPages, skip } = pageWithin(page, upload?.linesWithErrors ?? 0, REPORT_PAGE_SIZE);
  const lines = upload
    ? await db.zorgaanbodReportLine.findMany({ where: { uploadId, hasErrors: true }, orderBy: { excelRow: 'asc' }, skip, take: REPORT_PAGE_SIZE })
    : [];
  return { lines: lines.map(reportLineOf), page: current, totalPages };
}
