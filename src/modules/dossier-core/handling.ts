// The department's handling of dossiers (M31): /beheer/dossiers lists every
// dossier of the staff member's teams' types that waits for the department,
// filtered and paged in SQL; a dossier page assigns, takes in behandeling,
// decides or reopens through the one lifecycle. Only staff of a team of the
// type's theme handle; the helpdesk reads every type.
import type { DocumentLines } from '../../lib/pdf-layout.js';
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import { brusselsDateOf, calendarDateOfDbDate, dbDateOf, formatCalendar } from '../../lib/dates.js';
import { recordAudit } from '../audit/index.js';
import { findStoredFile, type StoredFileContent } from '../../uploads/index.js';
import type { WorkerLimits } from '../../lib/worker-task.js';
import { dossierHistory, type HistoryEntry } from './history.js';
import { decisionLetter } from './letter.js';
import { transition, type LifecycleActor, type TransitionName } from './lifecycle.js';
import { DOSSIER_TYPES, dossierType } from './registry.js';
import { exportConditions, QUEUE_PAGE_SIZE, queuePage, themeSlugsOfTeams, type QueueFilter, type QueueSqlRow } from './data.js';
import { TERM_TEXT, type DossierFilter } from './schemas.js';
import { ALL_SUBMITTED, ALL_SUBMITTED_TEXT, outcomeText, STATUS_TEXT, WAITING_STATUSES, type DossierExport, type DossierOutcome, type DossierStatus, type DossierType } from './type.js';

export type { QueueFilter } from './data.js';

/** Who looks: the staff member's user and team codes; the helpdesk reads every type. */
export interface StaffViewer {
  userId: number;
  name: string;
  teamCodes: readonly string[];
  helpdesk: boolean;
}

export interface QueueRow {
  id: number;
  reference: string;
  typeName: string;
  facilityName: string;
  hcoNumber: string;
  statusText: string;
  submittedAt: Date | null;
  handlerName: string | null;
  /** "nog 12 dagen", "vandaag", "3 dagen verlopen"; null without a term. */
  termText: string | null;
}

export interface QueuePage {
  rows: QueueRow[];
  total: number;
  page: number;
  totalPages: number;
  types: DossierType[];
  handlers: { userId: number; name: string }[];
}

export interface HandlingView {
  id: number;
  reference: string;
  type: DossierType;
  facility: { id: number; name: string; hcoNumber: string };
  status: DossierStatus;
  statusText: string;
  outcomeText: string | null;
  motivation: string | null;
  submittedAt: Date | null;
  handler: { userId: number; name: string } | null;
  termText: string | null;
  termEndText: string | null;
  history: HistoryEntry[];
  /** The decision letter's download, once the dossier is afgehandeld with one. */
  letterPath: string | null;
  /** The type's own read-only page of the dossier's content, if it has one on the department's side. */
  contentPath: string | null;
  /** The dossier's content as its type presents it (paragraphs and tables), where no page of its own shows it. */
  content: DocumentLines | null;
  /** The files the facility attached (the type's attachments), each with its download on the department's side. */
  attachments: { label: string; href: string }[];
  /** Whether the viewer may act (a member of a team of the type's theme). */
  mayHandle: boolean;
  /** The transitions open now to the viewer. */
  actions: { take: boolean; decide: boolean; reopen: boolean; assign: boolean };
  colleagues: { userId: number; name: string }[];
}

export class HandlingRefused extends Error {
  constructor(readonly reason: 'notFound' | 'forbidden' | 'stale' | 'notColleague') {
    super(`handling refused: ${reason}`);
  }
}

/**
 * Days from today (Brussels) to the last day of a term, as the queue and the
 * dossier say it; only while the dossier waits for the department (a decided
 * or reopened dossier's term no longer runs).
 */
export function termText(status: DossierStatus, termEndsOn: Date | null, now: Date): string | null {
  if (!termEndsOn || !WAITING_STATUSES.includes(status)) return null;
  const today = dbDateOf(brusselsDateOf(now)).getTime();
  const days = Math.round((termEndsOn.getTime() - today) / 86_400_000);
  if (days > 1) return `nog ${days} dagen`;
  if (days === 1) return 'nog 1 dag';
  if (days === 0) return 'laatste dag vandaag';
  return days === -1 ? '1 dag verlopen' : `${-days} dagen verlopen`;
}

export type HandlingService = ReturnType<typeof createHandlingService>;

export interface HandlingDeps {
  prisma: PrismaClient;
  config: Pick<Config, 'baseUrl'>;
  now: () => Date;
  /** The decision letter's worker limits (GENERATOR_LIMITS.letter by default). */
  letterLimits?: WorkerLimits;
  /** The XLSX export's worker limits (GENERATOR_LIMITS.export). */
  exportLimits: WorkerLimits;
}

/** A type's export as the department downloads it: the type's columns with the rows of its submitted dossiers. */
export interface DepartmentExport {
  type: DossierType;
  export: DossierExport;
  rows: AsyncIterable<unknown[]>;
  limits: WorkerLimits;
}

export function createHandlingService({ prisma, config, now, letterLimits, exportLimits }: HandlingDeps) {
  /**
   * The theme slugs the viewer's teams handle, in one query, asked once per
   * viewer object: a request builds its viewer once (routes.ts), so the
   * queue's route and service share the answer, and the next request asks
   * again (a team's themes can change between requests).
   */
  const themesOfViewer = new WeakMap<StaffViewer, Promise<Set<string>>>();
  function handledThemes(viewer: StaffViewer): Promise<Set<string>> {
    let themes = themesOfViewer.get(viewer);
    if (!themes) {
      themes =
        viewer.teamCodes.length === 0
          ? Promise.resolve(new Set<string>())
          : themeSlugsOfTeams(prisma, viewer.teamCodes).then((slugs) => new Set(slugs));
      themesOfViewer.set(viewer, themes);
    }
    return themes;
  }

  /** The types the viewer sees: those of their teams' themes; every type for the helpdesk. */
  async function visibleTypes(viewer: StaffViewer): Promise<DossierType[]> {
    if (viewer.helpdesk) return [...DOSSIER_TYPES];
    const themes = await handledThemes(viewer);
    return DOSSIER_TYPES.filter((t) => themes.has(t.themeSlug));
  }

  async function mayHandle(viewer: StaffViewer, type: DossierType): Promise<boolean> {
    return (await handledThemes(viewer)).has(type.themeSlug);
  }

  /** Staff members of the teams of any of the themes, once each: the queue's handler filter asks for all its types' themes in one query. */
  async function colleaguesOfThemes(themeSlugs: readonly string[]): Promise<{ userId: number; name: string }[]> {
    if (themeSlugs.length === 0) return [];
    const rows = await prisma.user.findMany({
      where: { staffMember: { teams: { some: { team: { themes: { some: { theme: { slug: { in: [...new Set(themeSlugs)] } } } } } } } } },
      select: { id: true, givenName: true, surname: true },
      orderBy: [{ surname: 'asc' }, { givenName: 'asc' }],
    });
    return rows.map((u) => ({ userId: u.id, name: `${u.givenName} ${u.surname}` }));
  }

  /** Staff members of the teams of a type's theme, for the assignment's list. */
  const colleaguesOf = (type: DossierType) => colleaguesOfThemes([type.themeSlug]);

  async function load(viewer: StaffViewer, id: number) {
    const row = await prisma.dossier.findUnique({
      where: { id },
      include: { facility: { select: { id: true, name: true, hcoNumber: true } }, handler: { select: { id: true, givenName: true, surname: true } }, campaign: { select: { year: true } } },
    });
    if (!row) throw new HandlingRefused('notFound');
    const type = dossierType(row.typeCode);
    const visible = await visibleTypes(viewer);
    if (!visible.some((t) => t.code === type.code)) throw new HandlingRefused('notFound');
    return { row, type };
  }

  async function act(viewer: StaffViewer, id: number, name: TransitionName, extra: { outcome?: DossierOutcome; reason?: string }): Promise<void> {
    const { row, type } = await load(viewer, id);
    if (!(await mayHandle(viewer, type))) throw new HandlingRefused('forbidden');
    const actor: LifecycleActor = { userId: viewer.userId, name: viewer.name, teamCode: viewer.teamCodes[0] ?? null };
    const at = now();
    // The letter is made before the transaction (see letter.ts): over its
    // limits, WorkerTaskFailed leaves the dossier as it was.
    const letter =
      name === 'decide' && extra.outcome && WAITING_STATUSES.includes(row.status)
        ? await decisionLetter(prisma, { dossierId: id, name, outcome: extra.outcome, ...(extra.reason ? { reason: extra.reason } : {}), actor, at }, letterLimits ? { limits: letterLimits } : {})
        : undefined;
    const result = await prisma.$transaction((tx) => transition(tx, config, { dossierId: id, name, actor, at, ...extra, ...(letter ? { letter } : {}) }));
    if (result.kind === 'stale') throw new HandlingRefused('stale');
  }

  return {
    visibleTypes,

    /** The types whose export the viewer downloads: those with an export of the themes their teams handle. */
    async exportableTypes(viewer: StaffViewer): Promise<DossierType[]> {
      const themes = await handledThemes(viewer);
      return DOSSIER_TYPES.filter((t) => t.export && themes.has(t.themeSlug));
    },

    /**
     * The export of a type's submitted dossiers that the queue shows for the
     * filter (on all its pages: the queue's conditions, queueConditions), for
     * a staff member of a team of the type's theme (the helpdesk reads
     * dossiers, it does not export them): recorded in the audit trail with the
     * filter before the first byte, as the campaign exports are. A type the
     * viewer does not handle, or without an export, is refused as notFound.
     */
    async departmentExport(viewer: StaffViewer, typeCode: string, format: 'csv' | 'xlsx', filter: DossierFilter = {}): Promise<DepartmentExport> {
      const type = DOSSIER_TYPES.find((t) => t.code === typeCode);
      if (!type?.export || !(await mayHandle(viewer, type))) throw new HandlingRefused('notFound');
      const typeExport = type.export;
      const [team, handler] = await Promise.all([
        prisma.themeTeam.findFirst({ where: { theme: { slug: type.themeSlug }, team: { code: { in: [...viewer.teamCodes] } } }, select: { team: { select: { code: true } } } }),
        typeof filter.handler === 'number' ? prisma.user.findUnique({ where: { id: filter.handler }, select: { givenName: true, surname: true } }) : null,
      ]);
      const filterText = [
        filter.status === ALL_SUBMITTED ? ALL_SUBMITTED_TEXT.toLowerCase() : filter.status ? `status ${STATUS_TEXT[filter.status]}` : '',
        filter.facility ? `voorziening ‘${filter.facility}’` : '',
        filter.handler === 'mij' ? 'aan mij toegewezen' : filter.handler === 'niemand' ? 'niet toegewezen' : '',
        typeof filter.handler === 'number' ? `dossierbehandelaar ${handler ? `${handler.givenName} ${handler.surname}` : `nr. ${filter.handler}`}` : '',
        filter.term ? TERM_TEXT[filter.term].toLowerCase() : '',
      ].filter(Boolean);
      await recordAudit(prisma, {
        actor: { userId: viewer.userId, name: viewer.name },
        kind: 'export.downloaded',
        record: { type: 'DossierType', id: type.code },
        teamCode: team?.team.code ?? null,
        summary: `Ingediende dossiers van het type ${type.name} gedownload als ${format.toUpperCase()}${filterText.length ? ` (filters: ${filterText.join(', ')})` : ''}.`,
        details: { typeCode: type.code, format, filter: { ...filter } },
      });
      const conditions = exportConditions({ codes: [type.code], viewerId: viewer.userId, filter, today: brusselsDateOf(now()) });
      return { type, export: typeExport, rows: typeExport.rows(prisma, { conditions }), limits: exportLimits };
    },

    /** The queue: every visible dossier that waits for the department (or the chosen status, or every submitted one), one page. */
    async queue(viewer: StaffViewer, filter: QueueFilter): Promise<QueuePage> {
      const types = await visibleTypes(viewer);
      const codes = (filter.type ? types.filter((t) => t.code === filter.type) : types).map((t) => t.code);
      const query = { codes, viewerId: viewer.userId, filter, today: brusselsDateOf(now()) };
      const requested = Math.max(1, filter.page);
      // The count with the asked page and the handler list at once (two pooled connections): a request waits for one round trip, not three.
      const [answer, handlers] = await Promise.all([
        codes.length ? queuePage(prisma, query, requested) : Promise.resolve([]),
        colleaguesOfThemes(types.map((t) => t.themeSlug)),
      ]);
      const n = answer[0]?.total ?? 0;
      const totalPages = Math.max(1, Math.ceil(n / QUEUE_PAGE_SIZE));
      const page = Math.min(requested, totalPages);
      // A page past the last (an old link after dossiers were decided) shows the last page, asked once more.
      const found = page === requested ? answer : await queuePage(prisma, query, page);
      const rows = found.filter((r): r is QueueSqlRow & { total: number } => r.id !== null);
      return {
        rows: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          typeName: dossierType(r.typeCode).name,
          facilityName: r.facilityName,
          hcoNumber: r.hcoNumber,
          statusText: STATUS_TEXT[r.status],
          submittedAt: r.submittedAt,
          handlerName: r.handlerName,
          termText: termText(r.status, r.termEndsOn, now()),
        })),
        total: n,
        page,
        totalPages,
        types,
        handlers: handlers.sort((a, b) => a.name.localeCompare(b.name, 'nl')),
      };
    },

    async view(viewer: StaffViewer, id: number): Promise<HandlingView> {
      const { row, type } = await load(viewer, id);
      const handles = await mayHandle(viewer, type);
      const waiting = WAITING_STATUSES.includes(row.status);
      return {
        id: row.id,
        reference: row.reference,
        type,
        facility: row.facility,
        status: row.status,
        statusText: STATUS_TEXT[row.status],
        outcomeText: row.outcome ? outcomeText(type, row.outcome) : null,
        motivation: row.motivation,
        submittedAt: row.submittedAt,
        handler: row.handler ? { userId: row.handler.id, name: `${row.handler.givenName} ${row.handler.surname}` } : null,
        termText: termText(row.status, row.termEndsOn, now()),
        termEndText: row.termEndsOn ? formatCalendar(calendarDateOfDbDate(row.termEndsOn)) : null,
        history: await dossierHistory(prisma, row),
        letterPath: row.status === 'afgehandeld' && (await prisma.dossierLetter.count({ where: { dossierId: row.id } })) > 0 ? `/beheer/dossiers/${row.id}/beslissing.pdf` : null,
        // A type that presents its lines shows them here, unless it has a page of its own for them.
        content: type.documentLines && !type.staffPath ? await type.documentLines(prisma, row.id) : null,
        attachments: type.attachments ? (await type.attachments(prisma, row.id)).map((a) => ({ label: a.label, href: `/beheer/dossiers/${row.id}/bijlagen/${a.storedFileId}` })) : [],
        contentPath: type.staffPath?.({ id: row.id, campaignYear: row.campaign?.year ?? null }) ?? null,
        mayHandle: handles,
        actions: { take: handles && row.status === 'ingediend', decide: handles && waiting, reopen: handles && waiting, assign: handles && row.status !== 'afgehandeld' },
        colleagues: handles ? await colleaguesOf(type) : [],
      };
    },

    /** The decision letter of an afgehandeld dossier the viewer sees; undefined before the decision. */
    async letter(viewer: StaffViewer, id: number): Promise<{ reference: string; pdf: Buffer } | undefined> {
      const { row } = await load(viewer, id);
      if (row.status !== 'afgehandeld') return undefined;
      const letter = await prisma.dossierLetter.findFirst({ where: { dossierId: id }, orderBy: { id: 'desc' }, select: { content: true } });
      return letter ? { reference: row.reference, pdf: Buffer.from(letter.content) } : undefined;
    },

    /** A file the facility attached to a dossier the viewer sees (one of its type's attachments); undefined otherwise. */
    async attachment(viewer: StaffViewer, id: number, storedFileId: number): Promise<StoredFileContent | undefined> {
      const { row, type } = await load(viewer, id);
      const attached = type.attachments ? await type.attachments(prisma, row.id) : [];
      if (!attached.some((a) => a.storedFileId === storedFileId)) return undefined;
      return (await findStoredFile(prisma, storedFileId)) ?? undefined;
    },

    take: (viewer: StaffViewer, id: number) => act(viewer, id, 'take', {}),
    decide: (viewer: StaffViewer, id: number, outcome: DossierOutcome, motivation: string | undefined) => act(viewer, id, 'decide', { outcome, ...(motivation ? { reason: motivation } : {}) }),
    reopen: (viewer: StaffViewer, id: number, reason: string) => act(viewer, id, 'reopen', { reason }),

    /** Assigns the dossier to a colleague of the type's teams (or to nobody); audited. */
    async assign(viewer: StaffViewer, id: number, handlerId: number | null): Promise<void> {
      const { row, type } = await load(viewer, id);
      if (!(await mayHandle(viewer, type))) throw new HandlingRefused('forbidden');
      const colleague = handlerId === null ? null : (await colleaguesOf(type)).find((c) => c.userId === handlerId);
      if (handlerId !== null && !colleague) throw new HandlingRefused('notColleague');
      await prisma.$transaction(async (tx) => {
        const changed = await tx.dossier.updateMany({ where: { id, status: { not: 'afgehandeld' } }, data: { handlerId, version: { increment: 1 } } });
        if (changed.count === 0) throw new HandlingRefused('stale');
        await recordAudit(tx, {
          actor: { userId: viewer.userId, name: viewer.name },
          kind: 'dossier.assigned',
          record: { type: 'Dossier', id },
          facilityId: row.facilityId,
          teamCode: viewer.teamCodes[0] ?? null,
          summary: colleague ? `${type.name} ${row.reference} toegewezen aan ${colleague.name}.` : `${type.name} ${row.reference}: toewijzing opgeheven.`,
          details: { reference: row.reference, handlerId },
        });
      });
    },
  };
}
