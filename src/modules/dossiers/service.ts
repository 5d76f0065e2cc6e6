// Dossiers of the Meting dagprijzen (M22-M24): the campaign a facility can
// start a dossier in, the dossier itself, saving a draft and submitting it.
// Facility data is reached only through the facility scope; the role
// "e-loket - Beheer Financiële gegevens" is checked here, not only in routes.
import { facilityTypeCode, ROLE_FINANCIAL_DATA } from '../themes/index.js';
import type { Config } from '../../config.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { ActingFacility } from '../../auth/current-user.js';
import { Prisma } from '../../generated/prisma/client.js';
import { formatMoney } from '../../lib/money.js';
import {
  formatCalendarLong,
  formatDate,
  isWithinWindow,
  type CalendarDate,
} from '../../lib/dates.js';
import { capacityTotal, nettoCents, submissionErrors, LUIK_TITLES, type DraftLine, type Luik } from './schemas.js';
import type { LineError } from '../../lib/editable-lines.js';
import type { WorkerLimits } from '../../lib/worker-task.js';
import { recordAudit, type AuditEntry } from '../audit/index.js';
import { campaignInfo, campaignOf, dossierHistory, dossierReceipt, dossierType, mailSubmission, roleNeeded, type RoleNeeded, type SubmissionTable, type CampaignInfo, type CampaignRow, type LuikSummary, EDITABLE_STATUSES, outcomeText, STATUS_TEXT, SUBMITTED_STATUSES, transition, type DossierStatus, type HistoryEntry, type LifecycleTx } from '../dossier-core/index.js';
import { themeContacts, type ThemeContact } from '../contacts/index.js';

export const METING = dossierType('meting-dagprijzen');
const METING_TITLE = (year: number) => METING.campaignTitle?.(year) ?? `${METING.name} ${year}`;

export const PRICES_THEME = 'prijzen';

/** Who acts: the user and their roles for the acting facility. */
export interface Actor {
  userId: number;
  /** The user's name as the audit trail shows it. */
  name: string;
  facility: ActingFacility;
}

/** The audit trail's entry of a change to a dossier by a facility user (written through the facility-scoped transaction). */
function dossierAudit(actor: Actor, kind: 'dossier.created' | 'dossier.saved' | 'dossier.submitted', dossier: { id: number; reference: string }, summary: string, details?: Prisma.InputJsonValue): AuditEntry {
  return { actor: { userId: actor.userId, name: actor.name }, kind, record: { type: 'Dossier', id: dossier.id }, facilityId: actor.facility.id, summary, details: { reference: dossier.reference, ...(details as object | undefined) } };
}

export function mayEditDossiers(facility: Pick<ActingFacility, 'roles'>): boolean {
  return facility.roles.includes(ROLE_FINANCIAL_DATA);
}

/** A campaign of the Meting dagprijzen: the core's campaign with its deadline (always set) and the korting. */
export interface MetingCampaign extends CampaignInfo {
  deadline: CalendarDate;
  deadlineLong: string;
  kortingCents: number;
  /** "1 mei 2026": the measurement's day. */
  measurementDate: string;
  korting: string;
}

interface MetingCampaignRow extends CampaignRow {
  kortingCents: number | null;
}

export function metingCampaign(row: MetingCampaignRow): MetingCampaign {
  const base = campaignInfo(row, METING_TITLE(row.year));
  // Team Prijzen's settings require both (campaigns/schemas.ts); a row without them is no Meting campaign.
  if (!base.deadline || !base.deadlineLong || row.kortingCents === null) throw new Error(`campaign ${row.id} is no Meting dagprijzen campaign`);
  return {
    ...base,
    deadline: base.deadline,
    deadlineLong: base.deadlineLong,
    kortingCents: row.kortingCents,
    measurementDate: formatCalendarLong({ year: row.year, month: 5, day: 1 }),
    korting: formatMoney(row.kortingCents),
  };
}

export function isCampaignOpen(campaign: Pick<MetingCampaign, 'opening' | 'deadline'>, now: Date): boolean {
  return isWithinWindow(now, campaign.opening, campaign.deadline);
}



export interface ViewLine extends DraftLine {
  netto: number | null;
}

export interface DossierView {
  id: number;
  reference: string;
  status: DossierStatus;
  statusText: string;
  /** "Status en vooruitgang": every transition, oldest first. */
  history: HistoryEntry[];
  /** The decision letter's download, once the dossier is afgehandeld with one. */
  letterPath: string | null;
  /** The decision of an afgehandeld dossier: "kennis genomen", "geweigerd". */
  outcomeText: string | null;
  motivation: string | null;
  version: number;
  campaign: MetingCampaign;
  open: boolean;
  lines: ViewLine[];
  recognizedCapacity: number | null;
  hasConfirmedPriceContacts: boolean;
  /** The confirmed contacts of the theme Prijzen: they get the confirmation of a submission. */
  priceContacts: ThemeContact[];
  submittedAt: Date | null;
  submittedBy: string | null;
  reopenedAt: Date | null;
  reopenReason: string | null;
  mayEdit: boolean;
  /** The note for a user without the Meting's role. */
  roleNeeded?: RoleNeeded | undefined;
  editable: boolean;
  /** "Berichten over dit dossier": threads the department started about it (facility side), each by its first message. */
  threads?: { messageId: number; reference: string; title: string; date: string }[];
}

export class NotAllowed extends Error {}
export class CampaignClosed extends Error {}

export type SaveOutcome = { kind: 'saved' } | { kind: 'conflict' } | { kind: 'notDraft' };

export type SubmitOutcome =
  | { kind: 'submitted' }
  /** Submitted before (a double click, another tab): nothing happened now. */
  | { kind: 'alreadySubmitted' }
  | { kind: 'conflict' }
  | { kind: 'closed'; deadlineText: string }
  | { kind: 'invalid'; errors: LineError[] }
  /** The sum is above the erkende capaciteit: a line must change. */
  | { kind: 'capacityTooHigh'; total: number; recognized: number }
  /** The sum is below it: allowed after the user confirms both numbers. */
  | { kind: 'capacityLower'; total: number; recognized: number }
  | { kind: 'capacityUnknown' };

const personName = (u: { givenName: string; surname: string } | null) => (u ? `${u.givenName} ${u.surname}` : null);

export interface DossierServiceDeps {
  config: Pick<Config, 'baseUrl'>;
  /** The clock, so that tests can stand on a deadline. */
  now: () => Date;
  /** The receipt's worker limits. */
  receiptLimits?: WorkerLimits;
}

export type DossierService = ReturnType<typeof createDossierService>;



export function createDossierService({ config, now, receiptLimits }: DossierServiceDeps) {
  /** The campaign open now for the facility's type, if any (the newest when several are). */
  async function openCampaign(scope: FacilityScope, facility: ActingFacility): Promise<MetingCampaign | undefined> {
    const code = await facilityTypeCode(scope, facility.facilityTypeId);
    if (!code) return undefined;
    const rows = await scope.campaign.findMany({ where: { typeCode: METING.code, facilityTypeCodes: { has: code } }, orderBy: { year: 'desc' }, take: 3 });
    const at = now();
    return rows.map(metingCampaign).find((c) => isCampaignOpen(c, at));
  }



  function toViewLines(lines: DraftLine[], kortingCents: number): ViewLine[] {
    return lines.map((l) => ({ ...l, netto: l.luik === 2 ? nettoCents(l.priceCents, kortingCents) : null }));
  }

  /** The campaign the guidelines speak of: the open one, else the newest for the facility's type. */
  async function guidelinesCampaign(scope: FacilityScope, facility: ActingFacility): Promise<MetingCampaign | undefined> {
    const code = await facilityTypeCode(scope, facility.facilityTypeId);
    if (!code) return undefined;
    const rows = (await scope.campaign.findMany({ where: { typeCode: METING.code, facilityTypeCodes: { has: code } }, orderBy: { year: 'desc' }, take: 3 })).map(metingCampaign);
    const at = now();
    return rows.find((c) => isCampaignOpen(c, at)) ?? rows[0];
  }

  return {
    mayEdit: mayEditDossiers,
    guidelinesCampaign,


    /**
     * "Aanmaken meting dagprijzen mei <jaar>": one dossier per facility per year,
     * prefilled with the lines the facility submitted in the previous campaign.
     * Returns the dossier's id (the existing one when it was created meanwhile).
     */
    async create(scope: FacilityScope, actor: Actor): Promise<number> {
      if (!mayEditDossiers(actor.facility)) throw new NotAllowed();
      const campaign = await openCampaign(scope, actor.facility);
      if (!campaign) throw new CampaignClosed();
      const existing = await scope.dossier.findFirst({ where: { campaignId: campaign.id }, select: { id: true } });
      if (existing) return existing.id;
      const previous = await scope.dossier.findFirst({
        where: { status: { in: [...SUBMITTED_STATUSES] }, campaign: { typeCode: METING.code, year: { lt: campaign.year } } },
        orderBy: { campaign: { year: 'desc' } },
        select: { lines: { orderBy: [{ luik: 'asc' }, { position: 'asc' }] } },
      });
      const lines = (previous?.lines ?? []).map(({ luik, position, kamertype, beschrijving, capaciteit, priceCents }) => ({
        luik,
        position,
        kamertype,
        beschrijving,
        capaciteit,
        priceCents,
      }));
      try {
        return await scope.$transaction(async (tx) => {
          const created = await tx.dossier.create({
            data: {
              facilityId: actor.facility.id,
              campaignId: campaign.id,
              reference: `MD-${campaign.year}-${actor.facility.hcoNumber.padStart(6, '0')}`,
              createdById: actor.userId,
              updatedById: actor.userId,
              lines: { create: lines },
            },
            select: { id: true, reference: true },
          });
          await recordAudit(tx, dossierAudit(actor, 'dossier.created', created, `${campaign.title} aangemaakt (${created.reference}).`, { prefilledLines: lines.length }));
          return created.id;
        });
      } catch (error) {
        // Two clicks (or two colleagues) at once: the unique constraint keeps one dossier.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          const winner = await scope.dossier.findFirstOrThrow({ where: { campaignId: campaign.id }, select: { id: true } });
          return winner.id;
        }
        throw error;
      }
    },

    /** A dossier of the acting facility as the form shows it; undefined for anything else. */
    async view(scope: FacilityScope, facility: ActingFacility, id: number): Promise<DossierView | undefined> {
      const row = await scope.dossier.findUnique({
        where: { id },
        include: {
          campaign: true,
          lines: { orderBy: [{ luik: 'asc' }, { position: 'asc' }] },
          submittedBy: { select: { givenName: true, surname: true } },
        },
      });
      if (!row) return undefined;
      const campaign = metingCampaign(campaignOf(row));
      const [capacity, contacts, threads, history, letters] = await Promise.all([
        scope.campaignCapacity.findUnique({ where: { campaignId_facilityId: { campaignId: campaign.id, facilityId: facility.id } } }),
        themeContacts(scope as unknown as Prisma.TransactionClient, facility.id, PRICES_THEME),
        scope.thread.findMany({
          where: { dossierId: id },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          select: { reference: true, title: true, createdAt: true, messages: { orderBy: [{ sentAt: 'asc' }, { id: 'asc' }], take: 1, select: { id: true } } },
        }),
        dossierHistory(scope, row),
        row.status === 'afgehandeld' ? scope.dossierLetter.count({ where: { dossierId: id } }) : 0,
      ]);
      const mayEdit = mayEditDossiers(facility);
      return {
        id: row.id,
        reference: row.reference,
        status: row.status,
        statusText: STATUS_TEXT[row.status],
        history,
        letterPath: letters > 0 ? `/dossiers/${row.id}/beslissing.pdf` : null,
        outcomeText: row.outcome ? outcomeText(METING, row.outcome) : null,
        motivation: row.motivation,
        version: row.version,
        campaign,
        open: isCampaignOpen(campaign, now()),
        lines: toViewLines(
          row.lines.map((l) => ({ luik: l.luik === 2 ? 2 : 1, kamertype: l.kamertype, beschrijving: l.beschrijving, capaciteit: l.capaciteit, priceCents: l.priceCents })),
          campaign.kortingCents,
        ),
        recognizedCapacity: capacity?.recognizedCapacity ?? null,
        hasConfirmedPriceContacts: contacts.length > 0,
        priceContacts: contacts,
        submittedAt: row.submittedAt,
        submittedBy: personName(row.submittedBy),
        reopenedAt: row.reopenedAt,
        reopenReason: row.reopenReason,
        mayEdit,
        roleNeeded: roleNeeded(METING),
        editable: mayEdit && EDITABLE_STATUSES.includes(row.status),
        threads: threads.flatMap((t) => (t.messages[0] ? [{ messageId: t.messages[0].id, reference: t.reference, title: t.title, date: formatDate(t.createdAt) }] : [])),
      };
    },

    /** The receipt of a submitted dossier (M22 item 7), or undefined: the core's, as for every type. */
    receipt(scope: FacilityScope, id: number): Promise<{ reference: string; pdf: Buffer } | undefined> {
      return dossierReceipt(scope, id, receiptLimits ? { limits: receiptLimits } : {});
    },

    /** The decision letter of the acting facility's afgehandeld dossier, as stored at the decision; undefined otherwise. */
    async letter(scope: FacilityScope, id: number): Promise<{ reference: string; pdf: Buffer } | undefined> {
      const letter = await scope.dossierLetter.findFirst({
        where: { dossierId: id, dossier: { status: 'afgehandeld' } },
        orderBy: { id: 'desc' },
        select: { content: true, dossier: { select: { reference: true } } },
      });
      return letter ? { reference: letter.dossier.reference, pdf: Buffer.from(letter.content) } : undefined;
    },

    /** "Bewaren": the lines as typed (parsed, maybe incomplete), if nobody saved in between. */
    async saveDraft(scope: FacilityScope, actor: Actor, id: number, version: number, lines: DraftLine[]): Promise<SaveOutcome> {
      if (!mayEditDossiers(actor.facility)) throw new NotAllowed();
      return scope.$transaction(async (tx) => {
        const bumped = await tx.dossier.updateMany({
          where: { id, version, status: { in: [...EDITABLE_STATUSES] } },
          data: { version: { increment: 1 }, updatedById: actor.userId },
        });
        if (bumped.count === 0) {
          const current = await tx.dossier.findUnique({ where: { id }, select: { status: true } });
          return current && EDITABLE_STATUSES.includes(current.status) ? { kind: 'conflict' } : { kind: 'notDraft' };
        }
        await replaceLines(tx, id, lines);
        const saved = await tx.dossier.findUniqueOrThrow({ where: { id }, select: { id: true, reference: true } });
        await recordAudit(tx, dossierAudit(actor, 'dossier.saved', saved, `Ontwerp van dossier ${saved.reference} bewaard.`, { lines: lines.length }));
        return { kind: 'saved' };
      });
    },

    /**
     * "Indienen" after the OK: every rule of M24, then the dossier is stored as
     * submitted (once: a conditional update on status and version) and the
     * theme's confirmed contacts get a summary, in the same transaction.
     */
    async submit(
      scope: FacilityScope,
      actor: Actor,
      id: number,
      version: number,
      lines: DraftLine[],
      confirmedTotal: number | undefined,
    ): Promise<SubmitOutcome> {
      if (!mayEditDossiers(actor.facility)) throw new NotAllowed();
      const dossier = await scope.dossier.findUnique({ where: { id }, include: { campaign: true } });
      if (!dossier) throw new NotAllowed();
      if (!EDITABLE_STATUSES.includes(dossier.status)) return { kind: 'alreadySubmitted' };
      const campaign = metingCampaign(campaignOf(dossier));
      const at = now();
      // A dossier the department reopened on request may be submitted again
      // after the deadline: reopening happens on the facility's request (seed
      // 002 and SPEC M27 give the department no other way to let a late
      // correction in), and a reopened dossier that could not be resubmitted
      // would stay "in opmaak" for good. Tested in tests/integration/dossiers.test.ts.
      if (!isCampaignOpen(campaign, at) && dossier.status !== 'heropend') return { kind: 'closed', deadlineText: campaign.deadlineText };
      const errors = submissionErrors(lines, campaign.kortingCents);
      if (errors.length) return { kind: 'invalid', errors };
      const capacity = await scope.campaignCapacity.findUnique({
        where: { campaignId_facilityId: { campaignId: campaign.id, facilityId: actor.facility.id } },
      });
      if (!capacity) return { kind: 'capacityUnknown' };
      const total = capacityTotal(lines);
      if (total > capacity.recognizedCapacity) return { kind: 'capacityTooHigh', total, recognized: capacity.recognizedCapacity };
      if (total < capacity.recognizedCapacity && confirmedTotal !== total) {
        return { kind: 'capacityLower', total, recognized: capacity.recognizedCapacity };
      }
      return scope.$transaction(async (tx): Promise<SubmitOutcome> => {
        const done = await transition(tx as unknown as LifecycleTx, config, {
          dossierId: id,
          name: 'submit',
          version,
          actor: { userId: actor.userId, name: actor.name },
          data: { updatedById: actor.userId, submittedAt: at, submittedById: actor.userId },
          auditDetails: { lines: lines.length, capacity: total, recognizedCapacity: capacity.recognizedCapacity },
          at,
        });
        if (done.kind === 'stale') {
          return done.status && !EDITABLE_STATUSES.includes(done.status) ? { kind: 'alreadySubmitted' } : { kind: 'conflict' };
        }
        await replaceLines(tx, id, lines);
        await mailSubmission(tx as unknown as LifecycleTx, config, {
          dossierId: id,
          actor: { userId: actor.userId, name: actor.name },
          at,
          tables: summaryByLuik(toViewLines(lines, campaign.kortingCents)).map(luikMailTable),
          paragraphs: [`Totale capaciteit: ${total} woongelegenheden.`],
        });
        return { kind: 'submitted' };
      });
    },
  };
}

type Tx = Parameters<Parameters<FacilityScope['$transaction']>[0]>[0];

/** The lines are the form: stored anew on every save, through the (scoped) dossier. */
async function replaceLines(tx: Tx, dossierId: number, lines: DraftLine[]): Promise<void> {
  const position: Record<Luik, number> = { 1: 0, 2: 0 };
  await tx.dossier.update({
    where: { id: dossierId },
    data: {
      lines: {
        deleteMany: {},
        create: lines.map((l) => ({
          luik: l.luik,
          position: position[l.luik]++,
          kamertype: l.kamertype,
          beschrijving: l.beschrijving,
          capaciteit: l.capaciteit,
          priceCents: l.priceCents,
        })),
      },
    },
  });
}

export type { LuikSummary };

/** A Luik in the confirmation e-mail: the table, and in the text e-mail one sentence per line. */
function luikMailTable(luik: LuikSummary): SubmissionTable {
  const withNetto = luik.luik === 2;
  return {
    title: luik.title,
    headers: [
      { text: 'Kamertype' },
      { text: 'Beschrijving' },
      { text: 'Capaciteit', numeric: true },
      { text: `${withNetto ? 'Brutoprijs' : 'Prijs'} per bewoner`, numeric: true },
      ...(withNetto ? [{ text: 'Nettoprijs per bewoner', numeric: true }] : []),
    ],
    rows: luik.lines.map((l) => ({
      cells: [l.kamertype, l.beschrijving, String(l.capaciteit), `${l.price} euro`, ...(withNetto ? [`${l.netto ?? ''} euro`] : [])],
      sentence: `${l.kamertype}${l.beschrijving ? ` (${l.beschrijving})` : ''}: capaciteit ${l.capaciteit}, ${withNetto ? `brutoprijs ${l.price} euro, nettoprijs ${l.netto ?? ''} euro` : `prijs ${l.price} euro`} per bewoner`,
    })),
  };
}

/** The lines per Luik with their amounts as text, for the e-mail and the receipt. */
export function summaryByLuik(lines: ViewLine[]): LuikSummary[] {
  return ([1, 2] as const).map((luik) => ({
    luik,
    title: LUIK_TITLES[luik],
    lines: lines
      .filter((l) => l.luik === luik)
      .map((l) => ({
        kamertype: l.kamertype,
        beschrijving: l.beschrijving,
        capaciteit: l.capaciteit ?? 0,
        price: l.priceCents === null ? '' : formatMoney(l.priceCents),
        netto: l.netto === null ? null : formatMoney(l.netto),
      })),
  }));
}
