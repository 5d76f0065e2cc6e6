// The form of the Meting dagprijzen (M23) and its rules (M24): the two Luiken
// as editable lines, what "Bewaren" accepts (a draft, incomplete lines
// allowed) and what "Indienen" demands. Messages are Dutch and say what to do.
import { emptyLine, type LineError, type LineGroup, type LineValues } from '../../lib/editable-lines.js';
import { formatMoney, parseMoney } from '../../lib/money.js';
import { hasUnsafeCharacters } from '../../lib/text.js';
import { LUIK_TITLES } from '../dossier-core/index.js';

export const KAMERTYPE_SINGLE = 'WZC éénpersoonskamer';
export const KAMERTYPE_DOUBLE = 'WZC tweepersoonskamer';
/** The kamertypes of both Luiken; a new line is the first. */
export const KAMERTYPES = [KAMERTYPE_SINGLE, KAMERTYPE_DOUBLE] as const;

export type Luik = 1 | 2;
export const LUIKEN: readonly Luik[] = [1, 2];

const FIELDS = ['kamertype', 'beschrijving', 'capaciteit', 'prijs'] as const;
export type LineField = (typeof FIELDS)[number];
export type LineInput = LineValues<LineField>;

export const MAX_LINES_PER_LUIK = 200;
const MAX_DESCRIPTION = 200;
/** Above any real day price or capacity: a typing error, not a value to store. */
const MAX_PRICE_CENTS = 100_000_00;
const MAX_CAPACITY = 10_000;

export const LUIK_GROUPS: Record<Luik, LineGroup<LineField>> = {
  1: { name: 'luik1', fields: FIELDS, maxLines: MAX_LINES_PER_LUIK },
  2: { name: 'luik2', fields: FIELDS, maxLines: MAX_LINES_PER_LUIK },
};
export const GROUP_NAMES = LUIKEN.map((l) => LUIK_GROUPS[l].name);

export { LUIK_TITLES };

const FIELD_NAMES: Record<Luik, Record<LineField, string>> = {
  1: { kamertype: 'kamertype', beschrijving: 'beschrijving kamertype', capaciteit: 'capaciteit', prijs: 'prijs per bewoner' },
  2: { kamertype: 'kamertype', beschrijving: 'beschrijving kamertype', capaciteit: 'capaciteit', prijs: 'brutoprijs per bewoner' },
};

export const newLine = (): LineInput => ({ ...emptyLine(LUIK_GROUPS[1]), kamertype: KAMERTYPE_SINGLE });

export function luikOfGroup(group: string): Luik {
  return group === LUIK_GROUPS[2].name ? 2 : 1;
}

/** "Luik 1, lijn 2, capaciteit": where an error is, for the summary. */
export function describeLineError(error: LineError): string {
  const luik = luikOfGroup(error.group);
  return `Luik ${luik}, lijn ${error.line + 1}, ${FIELD_NAMES[luik][error.field as LineField] ?? 'gegevens'}`;
}

/** A line as stored: what a draft may hold (empty fields are null). */
export interface DraftLine {
  luik: Luik;
  kamertype: string;
  beschrijving: string;
  capaciteit: number | null;
  priceCents: number | null;
}

/** A stored line back into the form's text. */
export function lineToInput(line: Pick<DraftLine, 'kamertype' | 'beschrijving' | 'capaciteit' | 'priceCents'>): LineInput {
  return {
    kamertype: line.kamertype,
    beschrijving: line.beschrijving,
    capaciteit: line.capaciteit === null ? '' : String(line.capaciteit),
    prijs: line.priceCents === null ? '' : formatMoney(line.priceCents),
  };
}

export type LinesByLuik = Record<Luik, LineInput[]>;

/**
 * "Bewaren": every filled field must be readable (a kamertype of the list, a
 * whole number, an amount with at most two decimals); empty fields are fine.
 */
export function parseDraft(lines: LinesByLuik): { ok: true; lines: DraftLine[] } | { ok: false; errors: LineError[] } {
  const errors: LineError[] = [];
  const parsed: DraftLine[] = [];
  for (const luik of LUIKEN) {
    const group = LUIK_GROUPS[luik].name;
    lines[luik].forEach((input, line) => {
      const error = (field: LineField, text: string) => errors.push({ group, line, field, text });
      if (!(KAMERTYPES as readonly string[]).includes(input.kamertype)) error('kamertype', 'Kies een kamertype uit de lijst.');
      const beschrijving = input.beschrijving.trim();
      if (hasUnsafeCharacters(input.beschrijving)) error('beschrijving', 'De beschrijving bevat tekens die niet toegelaten zijn (zoals een regeleinde of een onzichtbaar teken). Typ ze opnieuw zonder die tekens.');
      else if (beschrijving.length > MAX_DESCRIPTION) error('beschrijving', `Gebruik voor de beschrijving hoogstens ${MAX_DESCRIPTION} tekens.`);
      let capaciteit: number | null = null;
      const capacityText = input.capaciteit.trim();
      if (capacityText !== '') {
        if (!/^\d{1,6}$/.test(capacityText)) error('capaciteit', 'Vul de capaciteit in als een geheel getal, bijvoorbeeld 6.');
        else if (Number(capacityText) > MAX_CAPACITY) error('capaciteit', `Vul een capaciteit van hoogstens ${MAX_CAPACITY} in.`);
        else capaciteit = Number(capacityText);
      }
      let priceCents: number | null = null;
      if (input.prijs.trim() !== '') {
        const money = parseMoney(input.prijs);
        if (!money.ok) error('prijs', money.error);
        else if (money.cents > MAX_PRICE_CENTS) error('prijs', 'Dit bedrag is te groot voor een dagprijs; controleer het.');
        else priceCents = money.cents;
      }
      parsed.push({ luik, kamertype: input.kamertype, beschrijving, capaciteit, priceCents });
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, lines: parsed };
}

/** What the capacity rule found: the sum of both Luiken against the erkende capaciteit. */
export interface CapacityCheck {
  total: number;
  recognized: number;
}

/**
 * "Indienen" (M24), on lines that passed parseDraft: every line complete;
 * capaciteit at least 1 and even for a double room; prices above zero, and a
 * brutoprijs in Luik 2 above the korting. Returns the errors per field.
 */
export function submissionErrors(lines: DraftLine[], kortingCents: number): LineError[] {
  const errors: LineError[] = [];
  const index: Record<Luik, number> = { 1: 0, 2: 0 };
  for (const l of lines) {
    const line = index[l.luik]++;
    const group = LUIK_GROUPS[l.luik].name;
    const error = (field: LineField, text: string) => errors.push({ group, line, field, text });
    if (l.capaciteit === null) error('capaciteit', 'Vul de capaciteit in (het aantal woongelegenheden).');
    else if (l.capaciteit < 1) error('capaciteit', 'Vul een capaciteit van minstens 1 in.');
    else if (l.kamertype === KAMERTYPE_DOUBLE && l.capaciteit % 2 !== 0)
      error('capaciteit', 'Een tweepersoonskamer telt als 2 woongelegenheden: vul een even getal in (3 kamers = 6).');
    const priceName = l.luik === 1 ? 'de prijs per bewoner' : 'de brutoprijs per bewoner';
    if (l.priceCents === null) error('prijs', `Vul ${priceName} in, met twee cijfers na de komma (bijvoorbeeld 45,00).`);
    else if (l.priceCents <= 0) error('prijs', `Vul ${priceName} in: een bedrag groter dan 0,00.`);
    else if (l.luik === 2 && l.priceCents <= kortingCents)
      error('prijs', `De brutoprijs moet hoger zijn dan de korting van ${formatMoney(kortingCents)} euro.`);
  }
  return errors;
}

export function capacityTotal(lines: DraftLine[]): number {
  return lines.reduce((sum, l) => sum + (l.capaciteit ?? 0), 0);
}

/** The nettoprijs of a Luik 2 line: brutoprijs minus the korting, in cents; null while no price is known. */
export function nettoCents(brutoCents: number | null, kortingCents: number): number | null {
  return brutoCents === null ? null : brutoCents - kortingCents;
}

/** The nettoprijs for a typed brutoprijs, as the form shows it ("38,71"), or "" when the typing is no amount. */
export function nettoText(bruto: string, kortingCents: number): string {
  if (bruto.trim() === '') return '';
  const money = parseMoney(bruto);
  return money.ok ? formatMoney(money.cents - kortingCents) : '';
}

/** The two Luiken as the form and the read-only view show them, with the nettoprijs computed for Luik 2. */
export function luikenForView(lines: LinesByLuik, kortingCents: number) {
  return LUIKEN.map((luik) => ({
    luik,
    group: LUIK_GROUPS[luik].name,
    title: LUIK_TITLES[luik],
    lines: lines[luik].map((l) => ({ ...l, netto: luik === 2 ? nettoText(l.prijs, kortingCents) : '' })),
  }));
}

/** Stored lines (in Luik and position order) as the form's text per Luik. */
export function linesByLuik(lines: DraftLine[]): LinesByLuik {
  return { 1: lines.filter((l) => l.luik === 1).map(lineToInput), 2: lines.filter((l) => l.luik === 2).map(lineToInput) };
}
