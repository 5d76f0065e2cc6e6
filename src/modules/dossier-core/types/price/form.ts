// The form of a price dossier (M33-M38), declared once for the five types:
// groups of lines (kamertypes, supplements) on the editable-lines helper and
// the dossier's own fields. A type says which groups and fields it has and
// which of them the facility fills in; reading, parsing and the Dutch errors
// are the same for all.
import type { LineError, LineGroup, LineValues } from '../../../../lib/editable-lines.js';
import { readLines } from '../../../../lib/editable-lines.js';
import { parseMoney } from '../../../../lib/money.js';
import { dbDateOf, parseDate, type CalendarDate } from '../../../../lib/dates.js';
import type { FieldError } from '../../../../lib/form-errors.js';
// Only the type: the price index's module reaches the dossier core through its service, so a runtime import here would be circular.
import type { IndexMonth } from '../../../price-index/index.js';
import type { Prisma } from '../../../../generated/prisma/client.js';

export const PRICE_UNITS = ['dag', 'uur', 'maand', 'prestatie'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];
export const UNIT_TEXT: Record<PriceUnit, string> = { dag: 'per dag', uur: 'per uur', maand: 'per maand', prestatie: 'per prestatie' };

/** 'nieuwekamertypes': M38's kamertypes added beside those of the register (lower case: the editable-lines helper's group names are). */
export type PriceGroupName = 'kamertypes' | 'supplementen' | 'nieuwekamertypes';
export const PRICE_GROUP_NAMES = ['kamertypes', 'supplementen', 'nieuwekamertypes'] as const satisfies readonly PriceGroupName[];
export type PriceLineKind = 'kamertype' | 'supplement';
export const LINE_FIELDS = ['name', 'description', 'unit', 'capacity', 'price', 'removed'] as const;
export type PriceLineField = (typeof LINE_FIELDS)[number];

export const FIELD_LABELS: Record<PriceLineField, string> = {
  name: 'Naam',
  description: 'Beschrijving',
  unit: 'Eenheid',
  capacity: 'Capaciteit',
  price: 'Prijs (euro)',
  removed: 'Schrappen',
};

export interface PriceGroupSpec {
  name: PriceGroupName;
  kind: PriceLineKind;
  title: string;
  hint: string;
  /** The fields the facility fills in on a line; the others are shown as they are. */
  fields: readonly PriceLineField[];
  /** Lines come from the register and stay (no lines added or removed): their names are fixed. */
  fromRegister: boolean;
  /** Whether lines can be added (new kamertypes or supplements). */
  addable: boolean;
  units: readonly PriceUnit[];
  maxLines: number;
  /** Fields a submitted line may leave empty (a register line whose price does not change, M37). */
  optionalFields?: readonly PriceLineField[];
  /** An added-lines group a submission may leave empty (default: at least one line). */
  mayBeEmpty?: boolean;
}

/** The dossier's own fields, besides its lines. */
export interface PriceFormSpec {
  groups: readonly PriceGroupSpec[];
  validFrom: boolean;
  motivation: boolean;
  approval: boolean;
  /** The indexering (M34): the start month of the current, not yet adjusted price, chosen from a list. */
  startMonth?: boolean;
  /** The ingangsdatum may be left empty (the type's effectiveFrom then decides it). */
  validFromOptional?: boolean;
  /** The type's own hint under the ingangsdatum. */
  validFromHint?: string;
  /** The type's own hint under the approval's date (default: only for a price increase). */
  approvalHint?: string;
}

/** A line as stored (price_dossier_line) and as the rules read it. */
export interface PriceLine {
  kind: PriceLineKind;
  name: string;
  description: string;
  unit: PriceUnit;
  currentCapacity: number | null;
  currentPriceCents: number | null;
  capacity: number | null;
  priceCents: number | null;
  removed: boolean;
}

/** The dossier's own fields as stored and as the rules read them. */
export interface PriceFacts {
  validFrom: CalendarDate | null;
  motivation: string;
  approvalDate: CalendarDate | null;
  approvalReference: string;
  /** Indexering (M34): the start month of the current price. */
  startMonth?: IndexMonth | null;
  /** Indexering (M34), fixed at submission: the start month's figure, the last published month and its figure (hundredths), the percentage (hundredths of a percent). */
  startIndex?: number | null;
  lastMonth?: IndexMonth | null;
  lastIndex?: number | null;
  percentage?: number | null;
  /** The approval's PDF (stored_file), once stored; undefined where a form does not say (nothing changes). */
  approvalFileId?: number | null;
}

/** What the form shows: the typed texts, so that nothing is lost on an error. */
export interface PriceFormValues {
  lines: Record<PriceGroupName, LineValues<PriceLineField>[]>;
  validFrom: string;
  motivation: string;
  approvalDate: string;
  approvalReference: string;
  /** "2026-03", as the start month's select posts it. */
  startMonth?: string;
}

/** { 2026, 3 } -> "2026-03", as the start month's select posts it. */
const monthKey = (m: IndexMonth): string => `${m.year}-${String(m.month).padStart(2, '0')}`;
/** The DATE column's value: the month's first day. */
const monthDate = (m: IndexMonth): Date => new Date(Date.UTC(m.year, m.month - 1, 1));
/** "2026-03" -> { 2026, 3 }; anything else (the select offers nothing else) is undefined. */
function parseMonthKey(text: string): IndexMonth | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  const month = Number(match?.[2]);
  return match && month >= 1 && month <= 12 ? { year: Number(match[1]), month } : undefined;
}

export const MAX_MOTIVATION = 2000;
export const MAX_NAME = 100;
export const MAX_DESCRIPTION = 500;
export const MAX_REFERENCE = 100;
export const MAX_CAPACITY = 10_000;
/** 10.000,00 euro: no price per day, hour, month or service is higher. */
export const MAX_PRICE_CENTS = 1_000_000;

/**
 * The lines of a group. Lines are stored per kind only; where two groups of a
 * form share a kind (M38: the register's kamertypes and new ones), the group
 * from the register holds the lines with a current value and the other the
 * lines without, which the register does not have yet. A form with one group
 * per kind (every other type) takes all lines of the kind, as before.
 */
export function linesOfGroup<L extends Pick<PriceLine, 'kind' | 'currentCapacity' | 'currentPriceCents'>>(spec: Pick<PriceFormSpec, 'groups'>, group: PriceGroupSpec, lines: readonly L[]): L[] {
  const shared = spec.groups.some((g) => g !== group && g.kind === group.kind);
  return lines.filter((l) => l.kind === group.kind && (!shared || isRegisterLine(l) === group.fromRegister));
}

/** A line from the register has its current price or capacity; a new item has neither. */
export const isRegisterLine = (line: Pick<PriceLine, 'currentCapacity' | 'currentPriceCents'>): boolean => line.currentPriceCents !== null || line.currentCapacity !== null;

export function lineGroup(spec: PriceGroupSpec): LineGroup<PriceLineField> {
  return { name: spec.name, fields: LINE_FIELDS, maxLines: spec.maxLines };
}

const formatCalendarInput = (d: CalendarDate | null) => (d ? `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}` : '');
const centsText = (cents: number | null) => (cents === null ? '' : `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`);

/** The stored dossier as the form's texts. */
export function formValuesOf(spec: PriceFormSpec, lines: readonly PriceLine[], facts: PriceFacts): PriceFormValues {
  const groups = Object.fromEntries(
    spec.groups.map((g) => [
      g.name,
      linesOfGroup(spec, g, lines).map((l) => ({
          name: l.name,
          description: l.description,
          unit: l.unit,
          capacity: l.capacity === null ? '' : String(l.capacity),
          price: centsText(l.priceCents),
          removed: l.removed ? 'ja' : '',
        })),
    ]),
  ) as Record<PriceGroupName, LineValues<PriceLineField>[]>;
  for (const name of PRICE_GROUP_NAMES) groups[name] ??= [];
  return {
    lines: groups,
    validFrom: formatCalendarInput(facts.validFrom),
    motivation: facts.motivation,
    approvalDate: formatCalendarInput(facts.approvalDate),
    approvalReference: facts.approvalReference,
    ...(spec.startMonth ? { startMonth: facts.startMonth ? monthKey(facts.startMonth) : '' } : {}),
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/**
 * The posted form's texts. Lines of a group that comes from the register keep
 * the stored lines' names, units and current values: only the fields the
 * facility fills in are read from the post, matched by position.
 */
export function readForm(spec: PriceFormSpec, body: Record<string, unknown>, stored: readonly PriceLine[]): PriceFormValues {
  const lines = { kamertypes: [], supplementen: [], nieuwekamertypes: [] } as Record<PriceGroupName, LineValues<PriceLineField>[]>;
  for (const g of spec.groups) {
    const posted = readLines(body, lineGroup(g));
    if (g.fromRegister && !g.addable) {
      const base = linesOfGroup(spec, g, stored);
      lines[g.name] = base.map((line, i) => {
        const p = posted[i];
        const keep = formValuesOf(spec, [line], emptyFacts()).lines[g.name][0] as LineValues<PriceLineField>;
        if (!p) return keep;
        const merged = { ...keep };
        for (const f of g.fields) merged[f] = p[f];
        return merged;
      });
    } else {
      lines[g.name] = posted.map((p) => ({ ...p, removed: g.fields.includes('removed') ? p.removed : '' }));
    }
  }
  return {
    lines,
    validFrom: spec.validFrom ? str(body.validFrom).trim() : '',
    motivation: spec.motivation ? str(body.motivation).trim() : '',
    approvalDate: spec.approval ? str(body.approvalDate).trim() : '',
    approvalReference: spec.approval ? str(body.approvalReference).trim() : '',
    ...(spec.startMonth ? { startMonth: str(body.startMonth).trim() } : {}),
  };
}

export const emptyFacts = (): PriceFacts => ({ validFrom: null, motivation: '', approvalDate: null, approvalReference: '' });

export interface ParsedForm {
  lines: PriceLine[];
  facts: PriceFacts;
  lineErrors: LineError[];
  fieldErrors: FieldError[];
}

/**
 * The texts as values. A draft may leave fields empty (`complete` false: saving
 * keeps what is there); a submission needs every field the type asks for.
 * What cannot be read is an error; nothing is guessed.
 */
export function parseForm(spec: PriceFormSpec, values: PriceFormValues, stored: readonly PriceLine[], complete: boolean): ParsedForm {
  const lineErrors: LineError[] = [];
  const fieldErrors: FieldError[] = [];
  const lines: PriceLine[] = [];
  for (const g of spec.groups) {
    const base = linesOfGroup(spec, g, stored);
    values.lines[g.name].forEach((v, i) => {
      const err = (field: PriceLineField, text: string) => lineErrors.push({ group: g.name, line: i, field, text });
      const fixed = g.fromRegister && !g.addable ? base[i] : undefined;
      const name = fixed ? fixed.name : v.name.trim();
      if (!fixed && g.fields.includes('name')) {
        if (name === '' && complete) err('name', 'Vul een naam in.');
        else if (name.length > MAX_NAME) err('name', `Gebruik hoogstens ${MAX_NAME} tekens.`);
      }
      const description = fixed && !g.fields.includes('description') ? fixed.description : v.description.trim();
      if (description.length > MAX_DESCRIPTION) err('description', `Gebruik hoogstens ${MAX_DESCRIPTION} tekens.`);
      let unit: PriceUnit = fixed ? fixed.unit : (g.units[0] ?? 'dag');
      if (!fixed && g.fields.includes('unit')) {
        if ((g.units as readonly string[]).includes(v.unit)) unit = v.unit as PriceUnit;
        else err('unit', 'Kies een eenheid uit de lijst.');
      }
      const removed = g.fields.includes('removed') && v.removed === 'ja';
      let capacity: number | null = fixed && !g.fields.includes('capacity') ? fixed.capacity : null;
      if (g.fields.includes('capacity') && !removed) {
        const text = v.capacity.trim();
        if (text === '') {
          if (complete && !g.optionalFields?.includes('capacity')) err('capacity', 'Vul de capaciteit in.');
        } else if (!/^\d{1,5}$/.test(text) || Number(text) > MAX_CAPACITY) err('capacity', 'Vul de capaciteit in als een geheel getal, bijvoorbeeld 24.');
        else capacity = Number(text);
      }
      let priceCents: number | null = fixed && !g.fields.includes('price') ? fixed.priceCents : null;
      if (g.fields.includes('price') && !removed) {
        const text = v.price.trim();
        if (text === '') {
          if (complete && !g.optionalFields?.includes('price')) err('price', 'Vul een prijs in.');
        } else {
          const parsed = parseMoney(text);
          if (!parsed.ok) err('price', parsed.error);
          else if (parsed.cents > MAX_PRICE_CENTS) err('price', 'De prijs is te hoog: hoogstens 10.000,00 euro.');
          else priceCents = parsed.cents;
        }
      }
      lines.push({
        kind: g.kind,
        name,
        description,
        unit,
        currentCapacity: fixed?.currentCapacity ?? null,
        currentPriceCents: fixed?.currentPriceCents ?? null,
        capacity,
        priceCents,
        removed,
      });
    });
    if (complete && g.addable && !g.fromRegister && !g.mayBeEmpty && values.lines[g.name].length === 0) {
      fieldErrors.push({ field: `add-${g.name}`, text: `Voeg minstens één lijn toe bij ‘${g.title}’.` });
    }
  }
  const date = (field: string, text: string, label: string): CalendarDate | null => {
    if (text === '') {
      if (complete && !(field === 'validFrom' && spec.validFromOptional)) fieldErrors.push({ field, text: `Vul ${label} in.` });
      return null;
    }
    const parsed = parseDate(text);
    if (!parsed) fieldErrors.push({ field, text: `Vul ${label} in als dd/mm/jjjj, bijvoorbeeld 01/03/2027.` });
    return parsed ?? null;
  };
  const facts = emptyFacts();
  if (spec.validFrom) facts.validFrom = date('validFrom', values.validFrom, 'de ingangsdatum');
  if (spec.motivation) {
    if (values.motivation === '' && complete) fieldErrors.push({ field: 'motivation', text: 'Vul de motivering in.' });
    else if (values.motivation.length > MAX_MOTIVATION) fieldErrors.push({ field: 'motivation', text: `Gebruik hoogstens ${MAX_MOTIVATION} tekens.` });
    facts.motivation = values.motivation.slice(0, MAX_MOTIVATION);
  }
  if (spec.approval) {
    facts.approvalDate = values.approvalDate === '' ? null : date('approvalDate', values.approvalDate, 'de datum van de goedkeuring');
    if (values.approvalReference.length > MAX_REFERENCE) fieldErrors.push({ field: 'approvalReference', text: `Gebruik hoogstens ${MAX_REFERENCE} tekens.` });
    facts.approvalReference = values.approvalReference.slice(0, MAX_REFERENCE);
  }
  if (spec.startMonth) {
    const text = values.startMonth ?? '';
    if (text === '') {
      if (complete) fieldErrors.push({ field: 'startMonth', text: 'Kies de beginmaand van uw huidige prijs.' });
    } else {
      const parsed = parseMonthKey(text);
      if (parsed) facts.startMonth = parsed;
      else fieldErrors.push({ field: 'startMonth', text: 'Kies de beginmaand uit de lijst.' });
    }
  }
  return { lines, facts, lineErrors, fieldErrors };
}

/** A dossier's lines (positions per kind) and facts as stored, replacing what it had: in the caller's transaction. */
export async function storePriceContent(tx: Prisma.TransactionClient, dossierId: number, facilityId: number, lines: readonly PriceLine[], facts: PriceFacts): Promise<void> {
  await tx.priceDossierLine.deleteMany({ where: { dossierId } });
  const positions = { kamertype: 0, supplement: 0 };
  await tx.priceDossierLine.createMany({
    data: lines.map((l) => ({ dossierId, facilityId, kind: l.kind, position: positions[l.kind]++, name: l.name, description: l.description, unit: l.unit, currentCapacity: l.currentCapacity, currentPriceCents: l.currentPriceCents, capacity: l.capacity, priceCents: l.priceCents, removed: l.removed })),
  });
  await tx.priceDossier.upsert({ where: { dossierId }, create: { dossierId, facilityId, ...factsData(facts) }, update: factsData(facts) });
}

/** The facts as columns of price_dossier. */
export function factsData(facts: PriceFacts) {
  return {
    validFrom: facts.validFrom ? dbDateOf(facts.validFrom) : null,
    motivation: facts.motivation,
    approvalDate: facts.approvalDate ? dbDateOf(facts.approvalDate) : null,
    approvalReference: facts.approvalReference,
    startMonth: facts.startMonth ? monthDate(facts.startMonth) : null,
    startIndex: facts.startIndex == null ? null : hundredthsText(facts.startIndex),
    lastMonth: facts.lastMonth ? monthDate(facts.lastMonth) : null,
    lastIndex: facts.lastIndex == null ? null : hundredthsText(facts.lastIndex),
    percentage: facts.percentage == null ? null : hundredthsText(facts.percentage),
    ...(facts.approvalFileId === undefined ? {} : { approvalFileId: facts.approvalFileId }),
  };
}

/** Hundredths as a DECIMAL column takes them, exactly and with a sign: -13 -> "-0.13". */
export function hundredthsText(hundredths: number): string {
  const abs = Math.abs(hundredths);
  return `${hundredths < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A DECIMAL column's value (two decimals) in hundredths, without floating point: "-0.13" -> -13. */
export function hundredthsOfDecimal(value: { toFixed(digits: number): string }): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(value.toFixed(2));
  if (!match) throw new RangeError(`not a decimal with two digits: ${value.toFixed(2)}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}
