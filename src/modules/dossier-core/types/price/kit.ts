// What the five price dossiers (M34-M38) share: a type is a definition (its
// name as seed 002 §4.3 has it, its form, its rules, its decision) that this
// kit makes into a DossierType of the core. Their lines and facts are stored
// alike (price_dossier, price_dossier_line); an acceptance writes the
// facility's price register in the decision's transaction.
import type { DossierOutcome, DossierStatus, Prisma } from '../../../../generated/prisma/client.js';
import type { PrismaClient } from '../../../../db/client.js';
import type { ExportColumn } from '../../../../lib/table-export.js';
import type { LineError } from '../../../../lib/editable-lines.js';
import type { FieldError } from '../../../../lib/form-errors.js';
import type { DocumentTable } from '../../../../lib/pdf-layout.js';
import { formatMoney } from '../../../../lib/money.js';
import { brusselsDateOf, calendarDateOfDbDate, formatCalendar, type CalendarDate } from '../../../../lib/dates.js';
import { ROLE_FINANCIAL_DATA } from '../../../themes/index.js';
import { writeRegister, type RegisterEntryInput } from '../../../prices/index.js';
import { EDITABLE_STATUSES, outcomeText, STATUS_TEXT, WAITING_STATUSES, type DecisionKind, type DossierExport, type DossierType, type ExportSelection, type OfferContext } from '../../type.js';
import { CAMPAIGN_SUBMITTED } from '../../data.js';
import { hundredthsOfDecimal, linesOfGroup, UNIT_TEXT, type PriceFacts, type PriceFormSpec, type PriceLine, type PriceUnit } from './form.js';

export const PRICES_THEME = 'prijzen';

/** What a rule of a type reads: the acting facility's data through its scope, and the clock. */
export interface PriceRuleContext {
  /** The facility scope, as a transaction client (reads only the acting facility's rows). */
  db: Prisma.TransactionClient;
  facilityId: number;
  now: Date;
}

export interface PriceRuleErrors {
  lineErrors: LineError[];
  fieldErrors: FieldError[];
}

export interface PriceDossierDefinition {
  code: string;
  /** As seed 002 §4.3 names it, without "Aanmaken". */
  name: string;
  /** The link under "Nieuw dossier": "Aanmaken " + name. */
  linkText: string;
  /** "IX": references read IX-2026-000123. */
  referencePrefix: string;
  facilityTypeCodes: readonly string[];
  decision: DecisionKind;
  termDays?: number;
  maxOpen: number;
  form: PriceFormSpec;
  /** What the form says above the lines: the rule in a sentence or two. */
  intro: string[];
  /** Why the facility cannot start one now (a rule of the type), if it cannot. */
  startRefusal?(ctx: PriceRuleContext): Promise<string | undefined>;
  /** The lines a new dossier starts with (from the register), and its facts. */
  prefill?(ctx: PriceRuleContext): Promise<{ lines: PriceLine[]; facts?: Partial<PriceFacts> }>;
  /** The type's rules on a complete dossier, at submission. */
  rules(ctx: PriceRuleContext, dossier: { lines: PriceLine[]; facts: PriceFacts }): Promise<PriceRuleErrors>;
  /** The ingangsdatum written to the register on acceptance (default: the dossier's own). */
  effectiveFrom?(facts: PriceFacts, decidedAt: Date): CalendarDate | null;
  /** Facts the type fixes at submission, before its rules run (the indexering's figures and percentage). */
  factsAtSubmission?(ctx: PriceRuleContext, dossier: { lines: PriceLine[]; facts: PriceFacts }): Promise<PriceFacts>;
  /** What the indexering's form shows besides the lines: the months to choose from, the figures, the highest prices. */
  indexation?(ctx: PriceRuleContext, dossier: { lines: PriceLine[]; facts: PriceFacts }): Promise<PriceIndexationView>;
}

/** The indexering's part of the form (M34), as texts. */
export interface PriceIndexationView {
  /** The start months the facility may choose, newest first. */
  months: { value: string; text: string }[];
  /** The chosen start month and the last published month with their figures, once a start month is chosen. */
  start?: { month: string; figure: string };
  last?: { month: string; figure: string };
  /** "3,46" */
  percentage?: string;
  /** Per kamertype line, in order: the highest new price in cents. */
  maxima: (number | null)[];
  /** Why nothing can be computed yet, if so. */
  note?: string;
}

export interface PriceDossierType extends Omit<DossierType, 'export'> {
  price: PriceDossierDefinition;
  export: DossierExport<PriceExportLine>;
}

/** One line of a submitted price dossier, with its dossier's facts, as the department's export writes it. */
export interface PriceExportLine {
  reference: string;
  facilityName: string;
  hcoNumber: string;
  typeName: string;
  status: DossierStatus;
  outcome: DossierOutcome | null;
  decision: DecisionKind;
  submittedAt: Date | null;
  decidedAt: Date | null;
  /** The ingangsdatum the register got on acceptance, or else the one the facility asked for. */
  validFrom: Date | null;
  kind: 'kamertype' | 'supplement';
  name: string;
  unit: string;
  currentCapacity: number | null;
  currentPriceCents: number | null;
  capacity: number | null;
  priceCents: number | null;
  removed: boolean;
}

/** The columns of every price type's export (M34-M38): one row per line of a dossier. */
export const PRICE_EXPORT_COLUMNS: readonly ExportColumn<PriceExportLine>[] = [
  { header: 'Referentie', kind: 'text', value: (l) => l.reference, width: 18 },
  { header: 'Voorziening', kind: 'text', value: (l) => l.facilityName, width: 32 },
  { header: 'HCO-nummer', kind: 'text', value: (l) => l.hcoNumber, width: 12 },
  { header: 'Type dossier', kind: 'text', value: (l) => l.typeName, width: 40 },
  { header: 'Status', kind: 'text', value: (l) => STATUS_TEXT[l.status], width: 14 },
  { header: 'Beslissing', kind: 'text', value: (l) => (l.outcome ? outcomeText({ decision: l.decision }, l.outcome) : null), width: 14 },
  { header: 'Ingediend op', kind: 'date', value: (l) => (l.submittedAt ? brusselsDateOf(l.submittedAt) : null), width: 12 },
  { header: 'Beslist op', kind: 'date', value: (l) => (l.decidedAt ? brusselsDateOf(l.decidedAt) : null), width: 12 },
  { header: 'Ingangsdatum', kind: 'date', value: (l) => (l.validFrom ? calendarDateOfDbDate(l.validFrom) : null), width: 12 },
  { header: 'Soort', kind: 'text', value: (l) => (l.kind === 'kamertype' ? 'Kamertype' : 'Supplement'), width: 12 },
  { header: 'Naam', kind: 'text', value: (l) => l.name, width: 26 },
  { header: 'Eenheid', kind: 'text', value: (l) => UNIT_TEXT[l.unit as PriceUnit] ?? l.unit, width: 14 },
  { header: 'Huidige capaciteit', kind: 'integer', value: (l) => l.currentCapacity, width: 10 },
  { header: 'Huidige prijs', kind: 'money', value: (l) => l.currentPriceCents, width: 14 },
  { header: 'Nieuwe capaciteit', kind: 'integer', value: (l) => l.capacity, width: 10 },
  { header: 'Nieuwe prijs', kind: 'money', value: (l) => (l.removed ? null : l.priceCents), width: 14 },
  { header: 'Geschrapt', kind: 'text', value: (l) => (l.removed ? 'ja' : 'nee'), width: 10 },
];

/**
 * The lines of a price type's submitted dossiers, in batches keyset-paged on
 * (dossier, line), so that one dossier's lines stay together; the ingangsdatum
 * is read from the register entries the acceptance wrote, in the same query.
 */
function priceExportRows(def: PriceDossierDefinition) {
  return async function* rows(db: PrismaClient, { conditions = CAMPAIGN_SUBMITTED }: ExportSelection, batchSize = 2000): AsyncGenerator<PriceExportLine[]> {
    let after = { dossierId: 0, lineId: 0 };
    for (;;) {
      const rows = await db.$queryRaw<(Omit<PriceExportLine, 'typeName' | 'decision' | 'kind'> & { dossierId: number; lineId: number; kind: string })[]>`
        ${conditions.with}SELECT d.id AS "dossierId", l.id AS "lineId", d.reference, f.name AS "facilityName", f.hco_number AS "hcoNumber",
          d.status::text AS status, d.outcome::text AS outcome, d.submitted_at AS "submittedAt", d.decided_at AS "decidedAt",
          coalesce((SELECT min(e.valid_from) FROM price_entry e WHERE e.dossier_id = d.id), p.valid_from) AS "validFrom",
          l.kind, l.name, l.unit, l.current_capacity AS "currentCapacity", l.current_price_cents AS "currentPriceCents",
          l.capacity, l.price_cents AS "priceCents", l.removed
        FROM dossier d
        JOIN price_dossier_line l ON l.dossier_id = d.id
        JOIN ${conditions.facilities} f ON f.id = d.facility_id
        LEFT JOIN price_dossier p ON p.dossier_id = d.id
        WHERE d.type_code = ${def.code} AND ${conditions.where}
          AND (d.id, l.id) > (${after.dossierId}, ${after.lineId})
        ORDER BY d.id, l.id
        LIMIT ${batchSize}`;
      const last = rows[rows.length - 1];
      if (!last) return;
      after = { dossierId: last.dossierId, lineId: last.lineId };
      yield rows.map(({ dossierId: _d, lineId: _l, kind, ...r }) => ({ ...r, kind: kind === 'supplement' ? 'supplement' : 'kamertype', typeName: def.name, decision: def.decision }));
      if (rows.length < batchSize) return;
    }
  };
}

export const priceDossierPath = (id: number): string => `/dossiers/prijzen/${id}`;
export const NEW_PRICE_DOSSIER_PATH = '/dossiers/prijzen/nieuw';

const OPEN = new Set<string>([...EDITABLE_STATUSES, ...WAITING_STATUSES]);

/** The lines of a price dossier as tables (receipt, decision letter). */
export function priceTables(spec: PriceFormSpec, lines: readonly PriceLine[]): DocumentTable[] {
  return spec.groups.map((g) => {
    const own = linesOfGroup(spec, g, lines);
    const withCurrent = g.fromRegister;
    const withCapacity = g.kind === 'kamertype';
    const columns = [
      { title: 'Nr.', width: 28 as number | '*', numeric: true },
      { title: 'Naam', width: '*' as number | '*' },
      { title: 'Eenheid', width: 70 as number | '*' },
      ...(withCapacity ? [{ title: 'Capaciteit', width: 60 as number | '*', numeric: true }] : []),
      ...(withCurrent ? [{ title: 'Huidige prijs (euro)', width: 80 as number | '*', numeric: true }] : []),
      { title: withCurrent ? 'Nieuwe prijs (euro)' : 'Prijs (euro)', width: 80 as number | '*', numeric: true },
    ];
    return {
      title: g.title,
      columns,
      rows: own.map((l, i) => [
        String(i + 1),
        l.removed ? `${l.name} (geschrapt)` : l.description ? `${l.name}: ${l.description}` : l.name,
        UNIT_TEXT[l.unit as PriceUnit] ?? l.unit,
        ...(withCapacity ? [l.capacity === null ? '' : String(l.capacity)] : []),
        ...(withCurrent ? [l.currentPriceCents === null ? '' : formatMoney(l.currentPriceCents)] : []),
        l.removed || l.priceCents === null ? '' : formatMoney(l.priceCents),
      ]),
      empty: 'Geen lijnen.',
    };
  });
}

const monthOfDbDate = (date: Date) => ({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 });

/** Reads a price dossier's stored lines and facts. */
export async function storedPriceDossier(db: Prisma.TransactionClient, dossierId: number): Promise<{ lines: PriceLine[]; facts: PriceFacts }> {
  const [lines, facts] = await Promise.all([
    db.priceDossierLine.findMany({ where: { dossierId }, orderBy: [{ kind: 'asc' }, { position: 'asc' }] }),
    db.priceDossier.findUnique({ where: { dossierId } }),
  ]);
  return {
    lines: lines.map((l) => ({
      kind: l.kind === 'supplement' ? 'supplement' : 'kamertype',
      name: l.name,
      description: l.description,
      unit: l.unit as PriceUnit,
      currentCapacity: l.currentCapacity,
      currentPriceCents: l.currentPriceCents,
      capacity: l.capacity,
      priceCents: l.priceCents,
      removed: l.removed,
    })),
    facts: {
      validFrom: facts?.validFrom ? calendarDateOfDbDate(facts.validFrom) : null,
      motivation: facts?.motivation ?? '',
      approvalDate: facts?.approvalDate ? calendarDateOfDbDate(facts.approvalDate) : null,
      approvalReference: facts?.approvalReference ?? '',
      startMonth: facts?.startMonth ? monthOfDbDate(facts.startMonth) : null,
      startIndex: facts?.startIndex ? hundredthsOfDecimal(facts.startIndex) : null,
      lastMonth: facts?.lastMonth ? monthOfDbDate(facts.lastMonth) : null,
      lastIndex: facts?.lastIndex ? hundredthsOfDecimal(facts.lastIndex) : null,
      percentage: facts?.percentage ? hundredthsOfDecimal(facts.percentage) : null,
      approvalFileId: facts?.approvalFileId ?? null,
    },
  };
}

/** A price dossier type of the core, from its definition. */
export function priceDossierType(def: PriceDossierDefinition): PriceDossierType {
  return {
    code: def.code,
    name: def.name,
    themeSlug: PRICES_THEME,
    facilityTypeCodes: def.facilityTypeCodes,
    campaignBound: false,
    maxOpen: def.maxOpen,
    editRole: ROLE_FINANCIAL_DATA,
    decision: def.decision,
    ...(def.termDays === undefined ? {} : { termDays: def.termDays }),
    price: def,
    export: { columns: PRICE_EXPORT_COLUMNS, rows: priceExportRows(def) },
    facilityPath: priceDossierPath,
    receiptPath: (id) => `${priceDossierPath(id)}/ontvangstbewijs.pdf`,
    title: ({ reference }) => `${def.name} (${reference})`,

    async offer(ctx: OfferContext) {
      const open = ctx.dossiers.filter((d) => OPEN.has(d.status)).length;
      if (open >= def.maxOpen) {
        return { text: def.linkText, refused: def.maxOpen === 1 ? 'uw voorziening heeft al een dossier van dit type dat nog niet afgehandeld is.' : `uw voorziening heeft al ${open} dossiers van dit type die nog niet afgehandeld zijn.` };
      }
      const refused = def.startRefusal ? await def.startRefusal({ db: ctx.scope as unknown as Prisma.TransactionClient, facilityId: ctx.facility.id, now: ctx.now }) : undefined;
      if (refused) return { text: def.linkText, refused };
      return { text: def.linkText, method: 'post', action: NEW_PRICE_DOSSIER_PATH, fields: { type: def.code } };
    },

    /**
     * An aanvaard price dossier writes the facility's register in the decision's
     * transaction (M33): every line that sets a price or capacity, or ends an
     * item, from the ingangsdatum the type's rules give. Lines that change
     * nothing are left out, so the register's history shows only changes.
     */
    async onAccepted(tx, dossier) {
      const { lines, facts } = await storedPriceDossier(tx, dossier.id);
      const validFrom = def.effectiveFrom ? def.effectiveFrom(facts, dossier.decidedAt) : (facts.validFrom ?? brusselsDateOf(dossier.decidedAt));
      if (!validFrom) return;
      const entries: RegisterEntryInput[] = lines
        .filter((l) => l.removed || (l.priceCents !== null && (l.priceCents !== l.currentPriceCents || l.capacity !== l.currentCapacity)))
        .map((l) => ({ kind: l.kind, name: l.name, description: l.description, unit: l.unit, capacity: l.kind === 'kamertype' ? l.capacity : null, priceCents: l.removed ? null : l.priceCents, removed: l.removed }));
      if (entries.length === 0) return;
      await writeRegister(tx, { facilityId: dossier.facilityId, dossierId: dossier.id, validFrom, entries });
    },

    async attachments(db, dossierId) {
      const { facts } = await storedPriceDossier(db, dossierId);
      return facts.approvalFileId ? [{ storedFileId: facts.approvalFileId, label: 'Goedkeuring van de minister (PDF)' }] : [];
    },

    async documentLines(db, dossierId) {
      const { lines, facts } = await storedPriceDossier(db, dossierId);
      const paragraphs = [
        ...(facts.validFrom ? [`Ingangsdatum: ${formatCalendar(facts.validFrom)}.`] : []),
        ...(facts.motivation ? [`Motivering van de voorziening: ${facts.motivation}`] : []),
        ...(facts.approvalReference || facts.approvalDate
          ? [`Goedkeuring door de minister: ${facts.approvalReference}${facts.approvalDate ? ` van ${formatCalendar(facts.approvalDate)}` : ''}.`]
          : []),
      ];
      return { paragraphs, tables: priceTables(def.form, lines) };
    },
  };
}

export function isPriceDossierType(type: DossierType): type is PriceDossierType {
  return 'price' in type;
}
