// The facility directory (M28): any staff member looks a facility up by name,
// HCO number, KBO number, type or gemeente, and opens its page: its data, its
// contact persons, its dossiers, the threads of the staff member's teams'
// themes (never another team's) and the latest rows of its audit trail (the
// summaries of rows about another team's threads withheld).
import { dossierType, STATUS_TEXT, type DossierStatus } from '../dossier-core/index.js';
import type { PrismaClient } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { calendarDateOfDbDate, dbDateOf, formatCalendar, type CalendarDate } from '../../lib/dates.js';
import { AUDIT_KINDS, recordAudit, type AuditActor, type AuditKind } from '../audit/index.js';
import { TEAM_PRIJZEN } from '../campaigns/index.js';
import { PAGE_SIZE, type DirectoryFilters, type PriceFields } from './schemas.js';
import { directoryCount, directoryPage, type DirectoryRow } from './data.js';

export type { DirectoryRow } from './data.js';

export interface DirectoryPage {
  rows: DirectoryRow[];
  /** Facilities matching the filters, on every page. */
  total: number;
  page: number;
  totalPages: number;
}

export interface FacilityTypeOption {
  code: string;
  name: string;
}

export interface FacilityPage {
  id: number;
  name: string;
  hcoNumber: string;
  enterprise: { kboNumber: string; name: string };
  type: { code: string; name: string };
  street: string;
  postalCode: string;
  municipality: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  recognizedCapacity: number | null;
  /** The fields the price dossiers' rules read (M35), kept by Team Prijzen. */
  priceFields: { newRecognitionNumber: string | null; newRecognitionDate: CalendarDate | null; receivesInfrastructureForfait: boolean };
  /** The day of the new erkenningsnummer as dd/mm/jjjj, or empty. */
  newRecognitionDateText: string;
  contacts: { name: string; email: string; phone: string; themes: string[]; confirmed: boolean }[];
  dossiers: { id: number; reference: string; title: string; href: string; status: DossierStatus; statusText: string; updatedAt: Date; submittedAt: Date | null }[];
  /** Threads of the themes of the staff member's teams only, newest activity first. */
  threads: { id: number; reference: string; title: string; theme: string; team: string; lastActivityAt: Date }[];
  /** All such threads, of which `threads` shows the newest THREADS_SHOWN. */
  threadCount: number;
  /** The newest AUDIT_ROWS_SHOWN rows of the facility's audit trail. */
  audit: { occurredAt: Date; actorName: string; kind: string; summary: string }[];
}

export const THREADS_SHOWN = 20;
export const AUDIT_ROWS_SHOWN = 20;

export interface DirectoryService {
  search(filters: DirectoryFilters): Promise<DirectoryPage>;
  facilityTypes(): Promise<FacilityTypeOption[]>;
  /**
   * The facility's page for a staff member of these teams (codes); undefined
   * for an unknown id. `wholeTrail`: the viewer reads the whole audit trail
   * (the helpdesk), so no audit row is withheld.
   */
  facility(id: number, viewer: { teamCodes: string[]; wholeTrail: boolean }): Promise<FacilityPage | undefined>;
  /** Team Prijzen sets the facility's price fields, audited; false for an unknown id. */
  updatePriceFields(id: number, fields: PriceFields, actor: AuditActor): Promise<boolean>;
}

const priceFieldsText = (f: PriceFields): string =>
  `${f.newRecognitionNumber ? `nieuw erkenningsnummer ${f.newRecognitionNumber}${f.newRecognitionDate ? ` van ${formatCalendar(f.newRecognitionDate)}` : ''}` : 'geen nieuw erkenningsnummer'}, ${f.receivesInfrastructureForfait ? 'ontvangt' : 'ontvangt geen'} infrastructuurforfait`;

interface AuditRow {
  occurredAt: Date;
  actorName: string;
  kind: string;
  summary: string;
  recordType: string;
  recordId: string;
}

/** Shown instead of the summary of a row about a thread the viewer may not read. */
export const OTHER_TEAM_SUMMARY = 'Over een bericht van een thema van een ander team.';

/**
 * The audit rows with the summary withheld of each row about a thread (or a
 * message of one) outside `ownThemes`: such a summary names the thread's
 * title, reference or theme, which the page's Berichten section hides from
 * this staff member. A row whose thread cannot be found is withheld as well.
 */
async function withoutOtherTeamsThreads(prisma: PrismaClient, rows: AuditRow[], ownThemes: Prisma.ThreadWhereInput): Promise<AuditRow[]> {
  const idsOf = (type: string) => rows.filter((r) => r.recordType === type && /^\d{1,9}$/.test(r.recordId)).map((r) => Number(r.recordId));
  const threadIds = idsOf('Thread');
  const messageIds = idsOf('Message');
  const aboutThread = (r: AuditRow) => r.recordType === 'Thread' || r.recordType === 'Message' || r.kind.startsWith('thread.') || r.kind.startsWith('message.');
  if (!rows.some(aboutThread)) return rows;
  const visible = await prisma.thread.findMany({
    where: { AND: [ownThemes, { OR: [{ id: { in: threadIds } }, { messages: { some: { id: { in: messageIds } } } }] }] },
    select: { id: true, messages: { where: { id: { in: messageIds } }, select: { id: true } } },
  });
  const readable = new Set([...visible.map((t) => `Thread:${t.id}`), ...visible.flatMap((t) => t.messages.map((m) => `Message:${m.id}`))]);
  return rows.map((r) => (aboutThread(r) && !readable.has(`${r.recordType}:${r.recordId}`) ? { ...r, summary: OTHER_TEAM_SUMMARY } : r));
}

export function createDirectoryService({ prisma }: { prisma: PrismaClient }): DirectoryService {
  return {
    async search(filters) {
      const [total, firstTry] = await Promise.all([directoryCount(prisma, filters), directoryPage(prisma, filters, filters.pagina)]);
      const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      // A page past the end (a bookmark after facilities went) shows the last page.
      const page = Math.min(filters.pagina, totalPages);
      const rows = page === filters.pagina ? firstTry : await directoryPage(prisma, filters, page);
      return { rows, total, page, totalPages };
    },

    async facilityTypes() {
      const types = await prisma.facilityType.findMany({ select: { code: true, name: true } });
      return types.sort((a, b) => a.name.localeCompare(b.name, 'nl-BE'));
    },

    async facility(id, { teamCodes, wholeTrail }) {
      // The threads a staff member reaches: those of a theme one of their teams is responsible for.
      const ownThemes: Prisma.ThreadWhereInput = { facilityId: id, theme: { teams: { some: { team: { code: { in: teamCodes } } } } } };
      const [facility, threads, threadCount, audit] = await Promise.all([
        prisma.facility.findUnique({
          where: { id },
          select: {
            id: true,
            name: true,
            hcoNumber: true,
            street: true,
            postalCode: true,
            municipality: true,
            phone: true,
            email: true,
            website: true,
            recognizedCapacity: true,
            newRecognitionNumber: true,
            newRecognitionDate: true,
            receivesInfrastructureForfait: true,
            enterprise: { select: { kboNumber: true, name: true } },
            facilityType: { select: { code: true, name: true } },
            contactPersons: {
              orderBy: [{ surname: 'asc' }, { givenName: 'asc' }],
              select: { surname: true, givenName: true, email: true, phone: true, confirmedAt: true, themes: { select: { theme: { select: { name: true } } } } },
            },
            dossiers: {
              orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
              select: { id: true, typeCode: true, reference: true, status: true, updatedAt: true, submittedAt: true, campaign: { select: { year: true } } },
            },
          },
        }),
        prisma.thread.findMany({
          where: ownThemes,
          orderBy: [{ lastActivityAt: 'desc' }, { id: 'desc' }],
          take: THREADS_SHOWN,
          select: { id: true, reference: true, title: true, lastActivityAt: true, theme: { select: { name: true } }, team: { select: { name: true } } },
        }),
        prisma.thread.count({ where: ownThemes }),
        prisma.auditEvent.findMany({
          where: { facilityId: id },
          orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
          take: AUDIT_ROWS_SHOWN,
          select: { occurredAt: true, actorName: true, kind: true, summary: true, recordType: true, recordId: true },
        }),
      ]);
      if (!facility) return undefined;
      return {
        id: facility.id,
        name: facility.name,
        hcoNumber: facility.hcoNumber,
        enterprise: facility.enterprise,
        type: facility.facilityType,
        street: facility.street,
        postalCode: facility.postalCode,
        municipality: facility.municipality,
        phone: facility.phone,
        email: facility.email,
        website: facility.website,
        recognizedCapacity: facility.recognizedCapacity,
        priceFields: {
          newRecognitionNumber: facility.newRecognitionNumber,
          newRecognitionDate: facility.newRecognitionDate ? calendarDateOfDbDate(facility.newRecognitionDate) : null,
          receivesInfrastructureForfait: facility.receivesInfrastructureForfait,
        },
        newRecognitionDateText: facility.newRecognitionDate ? formatCalendar(calendarDateOfDbDate(facility.newRecognitionDate)) : '',
        contacts: facility.contactPersons.map((c) => ({
          name: `${c.givenName} ${c.surname}`,
          email: c.email,
          phone: c.phone,
          themes: c.themes.map((t) => t.theme.name).sort((a, b) => a.localeCompare(b, 'nl-BE')),
          confirmed: c.confirmedAt !== null,
        })),
        dossiers: facility.dossiers.map((d) => ({ id: d.id, reference: d.reference, title: dossierType(d.typeCode).title({ campaignYear: d.campaign?.year ?? null, reference: d.reference }), href: `/beheer/dossiers/${d.id}`, status: d.status, statusText: STATUS_TEXT[d.status], updatedAt: d.updatedAt, submittedAt: d.submittedAt })),
        threads: threads.map((t) => ({ id: t.id, reference: t.reference, title: t.title, theme: t.theme.name, team: t.team.name, lastActivityAt: t.lastActivityAt })),
        threadCount,
        audit: (wholeTrail ? audit : await withoutOtherTeamsThreads(prisma, audit, ownThemes)).map(({ recordType: _t, recordId: _i, ...a }) => ({
          ...a,
          kind: a.kind in AUDIT_KINDS ? AUDIT_KINDS[a.kind as AuditKind] : a.kind,
        })),
      };
    },

    async updatePriceFields(id, fields, actor) {
      return prisma.$transaction(async (tx) => {
        const before = await tx.facility.findUnique({ where: { id }, select: { newRecognitionNumber: true, newRecognitionDate: true, receivesInfrastructureForfait: true } });
        if (!before) return false;
        await tx.facility.update({
          where: { id },
          data: {
            newRecognitionNumber: fields.newRecognitionNumber,
            newRecognitionDate: fields.newRecognitionDate ? dbDateOf(fields.newRecognitionDate) : null,
            receivesInfrastructureForfait: fields.receivesInfrastructureForfait,
          },
        });
        const previous: PriceFields = { ...before, newRecognitionDate: before.newRecognitionDate ? calendarDateOfDbDate(before.newRecognitionDate) : null };
        await recordAudit(tx, {
          actor,
          kind: 'facility.price-fields',
          record: { type: 'Facility', id },
          facilityId: id,
          teamCode: TEAM_PRIJZEN,
          summary: `Prijsgegevens gewijzigd: ${priceFieldsText(fields)} (was: ${priceFieldsText(previous)}).`,
        });
        return true;
      });
    },
  };
}
