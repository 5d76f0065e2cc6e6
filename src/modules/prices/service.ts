// The price register (M33): each facility's kamertypes and supplements with
// their prices, ingangsdatum and the dossier that set them; past prices kept.
// Other modules read it with registerAt and an aanvaard price dossier writes
// it with writeRegister, in the dossier's transaction.
import type { PrismaClient, Prisma } from '../../db/client.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import { brusselsDateOf, dbDateOf, formatCalendar, type CalendarDate } from '../../lib/dates.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import {
  closeRegisterRows,
  facilitiesAfter,
  facilityPage,
  hasEntries,
  historyRows,
  lastMetingLines,
  lockRegister,
  parseIsoDate,
  priceFacility,
  registerRows,
  type FacilityRef,
  type HistoryRow,
  type MetingLine,
  type RegisterRow,
  type SqlClient,
} from './data.js';
import { itemKey, writeRegisterSchema, type EntryKind, type PriceUnit, type WriteRegisterInput } from './schemas.js';

export const TEAM_PRIJZEN = 'team-prijzen';
/** History rows per page of "Vorige prijzen". */
export const HISTORY_PAGE_SIZE = 50;
/** Facilities per page of the department's overview. */
export const OVERVIEW_PAGE_SIZE = 25;
/** Facilities per batch of the exports. */
export const EXPORT_BATCH = 200;

/** Where a price comes from, as the pages say it. */
export type PriceSource =
  | { kind: 'dossier'; reference: string }
  | { kind: 'meting'; year: number; reference: string }
  | { kind: 'none' };

export interface RegisterItem {
  kind: EntryKind;
  name: string;
  description: string;
  unit: PriceUnit;
  capacity: number | null;
  priceCents: number;
  /** The ingangsdatum; for a price read from a Meting, the day whose situation it reports (1 May). */
  validFrom: CalendarDate;
  source: PriceSource;
}

export interface Register {
  facilityId: number;
  date: CalendarDate;
  /** Where the register comes from: its own entries, the last Meting dagprijzen, or nothing yet. */
  basis: { kind: 'register' } | { kind: 'meting'; year: number; reference: string } | { kind: 'empty' };
  kamertypes: RegisterItem[];
  supplements: RegisterItem[];
}

export interface HistoryItem extends Omit<RegisterItem, 'priceCents'> {
  priceCents: number | null;
  removed: boolean;
  upcoming: boolean;
}

/**
 * Luik 2 of a Meting holds the brutoprijs: the price the facility sets, the one
 * an indexering raises and the minister approves. The nettoprijs is that minus
 * the korting infrastructuurforfait, a subsidy deduction whose amount the
 * campaign sets and which can change on its own; so the register keeps the
 * brutoprijs and says in the description that the korting applies.
 */
export const KORTING_NOTE = 'onderhevig aan de korting infrastructuurforfait';

export function metingDescription(beschrijving: string, luik: number | null): string {
  if (luik !== 2) return beschrijving;
  return beschrijving ? `${beschrijving} (${KORTING_NOTE})` : `(${KORTING_NOTE})`;
}

function sourceOf(row: { reference: string | null; metingYear: number | null }): PriceSource {
  if (!row.reference) return { kind: 'none' };
  return row.metingYear !== null ? { kind: 'meting', year: row.metingYear, reference: row.reference } : { kind: 'dossier', reference: row.reference };
}

function itemOf(row: RegisterRow): RegisterItem {
  return {
    kind: row.kind,
    name: row.name,
    description: row.fallback ? metingDescription(row.description, row.luik) : row.description,
    unit: row.unit,
    capacity: row.capacity,
    priceCents: row.priceCents ?? 0,
    validFrom: parseIsoDate(row.validFrom),
    source: sourceOf(row),
  };
}

const collator = new Intl.Collator('nl-BE', { sensitivity: 'base', numeric: true });

/** Kamertypes before supplements, each in Dutch alphabetical order (é with e), as people look them up. */
function inDutchOrder(a: RegisterItem, b: RegisterItem): number {
  return a.kind === b.kind ? collator.compare(a.name, b.name) || collator.compare(a.description, b.description) : a.kind === 'kamertype' ? -1 : 1;
}

function registerOf(facilityId: number, date: CalendarDate, rows: RegisterRow[]): Register {
  const items = rows.map(itemOf).sort(inDutchOrder);
  const first = rows[0];
  const basis: Register['basis'] =
    !first ? { kind: 'empty' } : first.fallback && first.metingYear !== null && first.reference ? { kind: 'meting', year: first.metingYear, reference: first.reference } : { kind: 'register' };
  return { facilityId, date, basis, kamertypes: items.filter((i) => i.kind === 'kamertype'), supplements: items.filter((i) => i.kind === 'supplement') };
}

function byFacility(rows: RegisterRow[]): Map<number, RegisterRow[]> {
  const map = new Map<number, RegisterRow[]>();
  for (const row of rows) {
    const list = map.get(row.facilityId);
    if (list) list.push(row);
    else map.set(row.facilityId, [row]);
  }
  return map;
}

/** A facility's register on a date: its current kamertypes and supplements, or, without a register yet, its last Meting's lines. */
export async function registerAt(db: SqlClient, facilityId: number, date: CalendarDate): Promise<Register> {
  return registerOf(facilityId, date, await registerRows(db, [facilityId], date));
}

/** A facility's past (and coming) prices on a date, newest first, one page. */
export async function registerHistory(db: SqlClient, facilityId: number, date: CalendarDate, page = 1): Promise<{ items: HistoryItem[]; page: number; totalPages: number }> {
  const { rows, total } = await historyRows(db, facilityId, date, { limit: HISTORY_PAGE_SIZE, offset: (page - 1) * HISTORY_PAGE_SIZE });
  return { items: rows.map(historyItemOf), page, totalPages: Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)) };
}

function historyItemOf(row: HistoryRow): HistoryItem {
  return { ...row, validFrom: parseIsoDate(row.validFrom), source: sourceOf(row) };
}

/** The transaction client writeRegister needs (a dossier decision's transaction). */
export type RegisterWriter = SqlClient & { priceEntry: Pick<Prisma.TransactionClient['priceEntry'], 'createMany'> };

export class RegisterWriteRefused extends Error {}

/**
 * Writes prices into a facility's register from their ingangsdatum on: called
 * by an aanvaard price dossier inside its decision's transaction, so the
 * register and the decision commit together. The first write of a facility
 * copies its last Meting dagprijzen in first (as the rows that Meting set), so
 * that a dossier changing one supplement does not make the kamertypes the
 * facility showed until then disappear.
 */
export async function writeRegister(tx: RegisterWriter, input: WriteRegisterInput): Promise<{ written: number; fromMeting: number }> {
  const parsed = writeRegisterSchema.parse(input);
  if (!(await lockRegister(tx, parsed.facilityId))) throw new RegisterWriteRefused(`no facility ${parsed.facilityId}`);
  let fromMeting = 0;
  if (!(await hasEntries(tx, parsed.facilityId))) {
    const lines = await lastMetingLines(tx, parsed.facilityId);
    fromMeting = (await tx.priceEntry.createMany({ data: lines.map((l) => metingEntry(parsed.facilityId, l)) })).count;
  }
  const validFrom = dbDateOf(parsed.validFrom);
  const { count } = await tx.priceEntry.createMany({
    data: parsed.entries.map((e) => ({
      facilityId: parsed.facilityId,
      kind: e.kind,
      itemKey: itemKey(e),
      name: e.name,
      description: e.description,
      unit: e.unit,
      capacity: e.kind === 'kamertype' ? e.capacity : null,
      priceCents: e.priceCents,
      validFrom,
      removed: e.removed,
      dossierId: parsed.dossierId,
    })),
  });
  // The rows these replace end where they start (and a row dated before existing ones ends at the next).
  await closeRegisterRows(tx, [parsed.facilityId]);
  return { written: count, fromMeting };
}

function metingEntry(facilityId: number, line: MetingLine): Prisma.PriceEntryCreateManyInput {
  const description = metingDescription(line.beschrijving, line.luik);
  return {
    facilityId,
    kind: 'kamertype',
    itemKey: itemKey({ kind: 'kamertype', name: line.kamertype, description }),
    name: line.kamertype,
    description,
    unit: 'dag',
    capacity: line.capaciteit,
    priceCents: line.priceCents,
    // The Meting reports the situation on 1 May of its year.
    validFrom: dbDateOf({ year: line.year, month: 5, day: 1 }),
    dossierId: line.dossierId,
  };
}

/** One line of the all-facility export. */
export interface ExportLine {
  facilityName: string;
  hcoNumber: string;
  item: RegisterItem;
}

export function createPriceService({ prisma, now }: { prisma: PrismaClient; now: () => Date }) {
  const today = () => brusselsDateOf(now());
  return {
    today,

    /** "Mijn prijzen": the acting facility's register today and its history; undefined for a facility without the theme Prijzen. */
    async ownRegister(scope: FacilityScope, historyPage: number) {
      const facilityId = scope.$facilityId();
      const date = today();
      // The theme check and the reads at once: one round trip's wait instead of two (issue 26, Speed);
      // for a facility without the theme the reads find nothing and are dropped.
      const [facility, register, history] = await Promise.all([
        priceFacility(scope, facilityId),
        registerAt(scope, facilityId, date),
        registerHistory(scope, facilityId, date, historyPage),
      ]);
      return facility ? { register, history } : undefined;
    },

    /** The department's view of one facility's register (the directory's sub-page). */
    async facilityRegister(facilityId: number, historyPage: number) {
      const date = today();
      // The facility (only with the theme Prijzen) and its register in one round trip's wait, as ownRegister.
      const [facility, register, history] = await Promise.all([
        priceFacility(prisma, facilityId),
        registerAt(prisma, facilityId, date),
        registerHistory(prisma, facilityId, date, historyPage),
      ]);
      return facility ? { facility, register, history } : undefined;
    },

    /** One page of every facility's register on a date. */
    async overview(date: CalendarDate, page: number) {
      const { facilities, total } = await facilityPage(prisma, { limit: OVERVIEW_PAGE_SIZE, offset: (page - 1) * OVERVIEW_PAGE_SIZE });
      const rows = byFacility(await registerRows(prisma, facilities.map((f) => f.id), date));
      const registers = facilities.map((f) => ({ facility: f, register: registerOf(f.id, date, rows.get(f.id) ?? []) }));
      return { registers, page, totalPages: Math.max(1, Math.ceil(total / OVERVIEW_PAGE_SIZE)), total };
    },

    /** Every facility's register on a date, batch by batch (facilities in name order), for the exports. */
    async *exportLines(date: CalendarDate, batchFacilities = EXPORT_BATCH): AsyncGenerator<ExportLine[]> {
      let after: FacilityRef | undefined;
      for (;;) {
        const facilities = await facilitiesAfter(prisma, after, batchFacilities);
        if (facilities.length === 0) return;
        after = facilities[facilities.length - 1];
        const rows = byFacility(await registerRows(prisma, facilities.map((f) => f.id), date));
        // The facilities in name order, each with its items as the pages show them.
        yield facilities.flatMap((f) => {
          const { kamertypes, supplements } = registerOf(f.id, date, rows.get(f.id) ?? []);
          return [...kamertypes, ...supplements].map((item) => ({ facilityName: f.name, hcoNumber: f.hcoNumber, item }));
        });
        if (facilities.length < batchFacilities) return;
      }
    },

    /** Every export download is in the audit trail (M28), as the campaign exports are. */
    async recordExport(date: CalendarDate, format: 'csv' | 'xlsx', actor: AuditActor, teamCode: string | null): Promise<void> {
      const day = formatCalendar(date);
      await prisma.$transaction(async (tx) => {
        await recordAudit(tx, {
          actor,
          kind: 'export.downloaded',
          record: { type: 'PriceRegister', id: 'alle-voorzieningen' },
          teamCode,
          summary: `Prijsregisters van alle voorzieningen op ${day} gedownload als ${format.toUpperCase()}.`,
          details: { date: day, format },
        });
      });
    },
  };
}

export type PriceService = ReturnType<typeof createPriceService>;
