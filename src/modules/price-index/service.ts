// The consumer price index (M34), kept by Team Prijzen: one figure per month,
// written once. A published figure never changes, so a month already present
// takes no other figure, neither from the form nor from an import; a wrong
// figure is corrected by the technical helpdesk, outside these pages. That is
// also what keeps the indexering dossiers, which read two months of this
// table, stable: a month one of them used can never change under it.
import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { brusselsDateOf } from '../../lib/dates.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
// From the price register, not the campaigns: the campaigns reach the dossier core, whose indexering reads this module (a cycle).
import { TEAM_PRIJZEN } from '../prices/index.js';
import type { IndexLine, LineError } from './csv-file.js';
import { decimalText, formatIndexMonth, formatIndexValue, hundredthsOf, monthDate, monthKey, monthOfDate, percentageBetween, type IndexMonth } from './figures.js';

export const PAGE_SIZE = 24;

export interface IndexFigure {
  month: IndexMonth;
  /** The figure in hundredths: 132,45 is 13245. */
  hundredths: number;
  /** A demonstration figure of the demo data, not an official one. */
  demo: boolean;
}

export interface IndexRow extends IndexFigure {
  addedByName: string;
  addedAt: Date;
}

export interface IndexPage {
  rows: IndexRow[];
  total: number;
  page: number;
  totalPages: number;
}

/** What reads the table: the client or a transaction. */
export interface IndexReader {
  consumerPriceIndex: Pick<PrismaClient['consumerPriceIndex'], 'findUnique' | 'findFirst'>;
}

const FIGURE = { month: true, value: true, demo: true } as const;
const figureOf = (row: { month: Date; value: Prisma.Decimal; demo: boolean }): IndexFigure => ({
  month: monthOfDate(row.month),
  hundredths: hundredthsOf(row.value),
  demo: row.demo,
});

/** The figure of one month, or undefined when the table has none. */
export async function indexOf(db: IndexReader, month: IndexMonth): Promise<IndexFigure | undefined> {
  const row = await db.consumerPriceIndex.findUnique({ where: { month: monthDate(month) }, select: FIGURE });
  return row ? figureOf(row) : undefined;
}

/** The newest month with a figure: the last published month of M34. */
export async function lastPublishedMonth(db: IndexReader): Promise<IndexFigure | undefined> {
  const row = await db.consumerPriceIndex.findFirst({ orderBy: { month: 'desc' }, select: FIGURE });
  return row ? figureOf(row) : undefined;
}

export interface Indexation {
  start: IndexFigure;
  last: IndexFigure;
  /** index(last) / index(start) - 1, in hundredths of a percent, rounded half up: 3,46 % is 346. */
  percentage: number;
}

/** M34's percentage from a start month to the last published month; undefined when the table lacks either. */
export async function indexationPercentage(db: IndexReader, startMonth: IndexMonth): Promise<Indexation | undefined> {
  const [start, last] = await Promise.all([indexOf(db, startMonth), lastPublishedMonth(db)]);
  if (!start || !last) return undefined;
  return { start, last, percentage: percentageBetween(start.hundredths, last.hundredths) };
}

export type AddOutcome = { kind: 'added' } | { kind: 'exists'; text: string };
export type ImportOutcome = { kind: 'imported'; added: number; skipped: number } | { kind: 'refused'; errors: LineError[] };

/** Why a month present cannot take another figure, in Dutch. */
function changeRefused(month: IndexMonth, stored: number): string {
  return `Voor ${formatIndexMonth(month)} is al het cijfer ${formatIndexValue(stored)} bewaard. Een gepubliceerd indexcijfer verandert niet, dus het bewaarde cijfer wordt niet overschreven. Is het bewaarde cijfer fout, vraag dan de technische helpdesk om het te verbeteren.`;
}

/** "2023-01..2026-10": the months an import added, as the audit trail names its record. */
function monthRange(lines: IndexLine[]): string {
  const keys = lines.map((l) => monthKey(l.month)).sort();
  return keys.length ? `${keys[0] ?? ''}..${keys.at(-1) ?? ''}` : 'geen';
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export function createPriceIndexService({ prisma, now }: { prisma: PrismaClient; now: () => Date }) {
  return {
    /** The newest month that may have a figure: the current month in Brussels (its figure comes at its end). */
    currentMonth(): IndexMonth {
      const today = brusselsDateOf(now());
      return { year: today.year, month: today.month };
    },

    /** One page of the table, newest month first. */
    async page(page: number): Promise<IndexPage> {
      const total = await prisma.consumerPriceIndex.count();
      const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const current = Math.min(page, totalPages);
      const rows = await prisma.consumerPriceIndex.findMany({
        orderBy: { month: 'desc' },
        skip: (current - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
        select: { ...FIGURE, addedByName: true, addedAt: true },
      });
      return { rows: rows.map((r) => ({ ...figureOf(r), addedByName: r.addedByName, addedAt: r.addedAt })), total, page: current, totalPages };
    },

    /** One month from the form; a month present is refused, whatever its figure. */
    async add(month: IndexMonth, hundredths: number, actor: AuditActor): Promise<AddOutcome> {
      try {
        return await prisma.$transaction(async (tx) => {
          const stored = await indexOf(tx, month);
          if (stored) {
            return {
              kind: 'exists',
              text:
                stored.hundredths === hundredths
                  ? `Voor ${formatIndexMonth(month)} is hetzelfde cijfer (${formatIndexValue(stored.hundredths)}) al bewaard.`
                  : changeRefused(month, stored.hundredths),
            } as const;
          }
          const row = await tx.consumerPriceIndex.create({
            data: { month: monthDate(month), value: decimalText(hundredths), addedById: actor.userId, addedByName: actor.name },
          });
          await recordAudit(tx, {
            actor,
            kind: 'price-index.added',
            record: { type: 'ConsumerPriceIndex', id: row.id },
            teamCode: TEAM_PRIJZEN,
            summary: `Indexcijfer ${formatIndexValue(hundredths)} voor ${formatIndexMonth(month)} toegevoegd`,
            details: { month: monthKey(month), value: decimalText(hundredths) },
          });
          return { kind: 'added' } as const;
        });
      } catch (error) {
        // The same month added meanwhile from another tab.
        if (isUniqueViolation(error)) return { kind: 'exists', text: `Voor ${formatIndexMonth(month)} werd intussen een cijfer bewaard. Laad de pagina opnieuw.` };
        throw error;
      }
    },

    /**
     * The lines of an imported file, all or none: a month present with the
     * same figure is skipped and counted; with another figure the whole file
     * is refused, naming the line.
     */
    async importLines(lines: IndexLine[], actor: AuditActor): Promise<ImportOutcome> {
      try {
        return await prisma.$transaction(async (tx) => {
          const stored = await tx.consumerPriceIndex.findMany({ where: { month: { in: lines.map((l) => monthDate(l.month)) } }, select: FIGURE });
          const byMonth = new Map(stored.map((r) => [monthKey(monthOfDate(r.month)), hundredthsOf(r.value)]));
          const errors: LineError[] = [];
          const fresh: IndexLine[] = [];
          for (const line of lines) {
            const present = byMonth.get(monthKey(line.month));
            if (present === undefined) fresh.push(line);
            else if (present !== line.hundredths) errors.push({ line: line.line, text: `Regel ${line.line}: ${changeRefused(line.month, present)}` });
          }
          if (errors.length) return { kind: 'refused', errors } as const;
          await tx.consumerPriceIndex.createMany({
            data: fresh.map((l) => ({ month: monthDate(l.month), value: decimalText(l.hundredths), addedById: actor.userId, addedByName: actor.name })),
          });
          const skipped = lines.length - fresh.length;
          await recordAudit(tx, {
            actor,
            kind: 'price-index.imported',
            record: { type: 'ConsumerPriceIndex', id: monthRange(fresh) },
            teamCode: TEAM_PRIJZEN,
            summary: `Indexcijfers geïmporteerd: ${fresh.length} ${fresh.length === 1 ? 'maand' : 'maanden'} toegevoegd, ${skipped} al aanwezig`,
            details: { added: fresh.map((l) => monthKey(l.month)), skipped },
          });
          return { kind: 'imported', added: fresh.length, skipped } as const;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { kind: 'refused', errors: [{ line: 1, text: 'Intussen werden cijfers voor dezelfde maanden bewaard. Importeer het bestand opnieuw.' }] };
        throw error;
      }
    },

    /** The import's staged file is read once and never kept. */
    async discardUpload(userId: number, fileIds: number[]): Promise<void> {
      if (fileIds.length === 0) return;
      await prisma.storedFile.deleteMany({ where: { id: { in: fileIds }, uploadedById: userId, facilityId: null, claimedAt: null } });
    },
  };
}

export type PriceIndexService = ReturnType<typeof createPriceIndexService>;
