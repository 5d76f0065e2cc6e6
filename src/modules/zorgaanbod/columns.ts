// The columns of the Zorgaanbod Excel (M25), defined once: the template, the
// parser and its validation report, the annotated file, the pages and the
// exports all read them from here.
import { normalizeRiziv } from '../../lib/identifiers.js';
import { hasUnsafeCharacters } from '../../lib/text.js';

export const PRAKTIJKVORMEN = ['solo', 'groep', 'wijkgezondheidscentrum'] as const;
export type Praktijkvorm = (typeof PRAKTIJKVORMEN)[number];
export const JA_NEE = ['ja', 'nee'] as const;

/** One GP as a submitted list holds them. */
export interface ZorgaanbodLine {
  riziv: string;
  naam: string;
  voornaam: string;
  postcode: string;
  gemeente: string;
  praktijkvorm: Praktijkvorm;
  halveDagen: number;
  nieuwePatienten: boolean;
}

export type ColumnKey = keyof ZorgaanbodLine;

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** How Excel helps the user in the template (its own data validation). */
export type ExcelValidation =
  | { kind: 'list'; values: readonly string[] }
  | { kind: 'whole'; min: number; max: number }
  | { kind: 'textLength'; min: number; max: number };

export interface Column<K extends ColumnKey = ColumnKey> {
  key: K;
  /** The header in row 1 of the template, exactly. */
  header: string;
  /** The explanation on the instructions sheet. */
  instruction: string;
  width: number;
  /** The text of a cell (already trimmed) as the value, or a Dutch error naming the column and the value. */
  parse(text: string): Parsed<ZorgaanbodLine[K]>;
  /** The value as the pages and the exports show it. */
  show(value: ZorgaanbodLine[K]): string;
  validation?: ExcelValidation;
}

const MAX_TEXT = 100;

function requiredText(label: string): (text: string) => Parsed<string> {
  return (text) => {
    if (text === '') return { ok: false, error: `${label} ontbreekt: vul de ${label.toLowerCase()} in` };
    if (text.length > MAX_TEXT) return { ok: false, error: `${label} is te lang: gebruik hoogstens ${MAX_TEXT} tekens` };
    if (hasUnsafeCharacters(text)) return { ok: false, error: `${label} ‘${text}’ bevat tekens die niet toegelaten zijn: verwijder ze` };
    return { ok: true, value: text };
  };
}

const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function column<K extends ColumnKey>(definition: Column<K>): Column<K> {
  return definition;
}

export const COLUMNS = [
  column({
    key: 'riziv',
    header: 'RIZIV-nummer',
    instruction: 'Het RIZIV-nummer van de huisarts: 11 cijfers, met of zonder punten en streepjes (bijvoorbeeld 1-23456-78-901).',
    width: 18,
    parse(text) {
      if (text === '') return { ok: false, error: 'RIZIV-nummer ontbreekt: vul het RIZIV-nummer van 11 cijfers in' };
      const digits = text.replace(/[\s.\-/]/g, '');
      if (!/^\d{11}$/.test(digits)) return { ok: false, error: `RIZIV-nummer ${shown(text)}: geef 11 cijfers op` };
      const riziv = normalizeRiziv(digits);
      return riziv ? { ok: true, value: riziv } : { ok: false, error: `RIZIV-nummer ${digits}: controlecijfer klopt niet` };
    },
    show: (v) => v,
    validation: { kind: 'textLength', min: 11, max: 14 },
  }),
  column({ key: 'naam', header: 'Naam', instruction: 'De familienaam van de huisarts.', width: 24, parse: requiredText('Naam'), show: (v) => v }),
  column({ key: 'voornaam', header: 'Voornaam', instruction: 'De voornaam van de huisarts.', width: 20, parse: requiredText('Voornaam'), show: (v) => v }),
  column({
    key: 'postcode',
    header: 'Postcode praktijk',
    instruction: 'De Belgische postcode van de praktijk: 4 cijfers, van 1000 tot 9999.',
    width: 12,
    parse(text) {
      if (text === '') return { ok: false, error: 'Postcode praktijk ontbreekt: vul de postcode van 4 cijfers in' };
      if (!/^\d{4}$/.test(text) || Number(text) < 1000) return { ok: false, error: `Postcode praktijk ${shown(text)}: geef een Belgische postcode van 4 cijfers op (1000 tot 9999)` };
      return { ok: true, value: text };
    },
    show: (v) => v,
    validation: { kind: 'whole', min: 1000, max: 9999 },
  }),
  column({ key: 'gemeente', header: 'Gemeente', instruction: 'De gemeente van de praktijk.', width: 20, parse: requiredText('Gemeente'), show: (v) => v }),
  column({
    key: 'praktijkvorm',
    header: 'Praktijkvorm',
    instruction: 'Kies solo, groep of wijkgezondheidscentrum.',
    width: 24,
    parse(text) {
      const value = PRAKTIJKVORMEN.find((p) => p === text.toLowerCase());
      if (text === '') return { ok: false, error: 'Praktijkvorm ontbreekt: kies solo, groep of wijkgezondheidscentrum' };
      return value ? { ok: true, value } : { ok: false, error: `Praktijkvorm ‘${shown(text)}’: kies solo, groep of wijkgezondheidscentrum` };
    },
    show: (v) => v,
    validation: { kind: 'list', values: PRAKTIJKVORMEN },
  }),
  column({
    key: 'halveDagen',
    header: 'Aantal halve dagen consultatie per week',
    instruction: 'Het aantal halve dagen per week waarop de huisarts consultatie houdt: een geheel getal van 0 tot 14.',
    width: 16,
    parse(text) {
      if (text === '') return { ok: false, error: 'Aantal halve dagen consultatie per week ontbreekt: vul een geheel getal van 0 tot 14 in' };
      const number = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
      return number >= 0 && number <= 14
        ? { ok: true, value: number }
        : { ok: false, error: `Aantal halve dagen consultatie per week ${shown(text)}: geef een geheel getal van 0 tot 14 op` };
    },
    show: (v) => String(v),
    validation: { kind: 'whole', min: 0, max: 14 },
  }),
  column({
    key: 'nieuwePatienten',
    header: 'Neemt nieuwe patiënten aan',
    instruction: 'Vul ja of nee in: neemt de huisarts nieuwe patiënten aan?',
    width: 14,
    parse(text) {
      const lower = text.toLowerCase();
      if (text === '') return { ok: false, error: 'Neemt nieuwe patiënten aan ontbreekt: vul ja of nee in' };
      if (lower === 'ja' || lower === 'waar' || lower === 'true') return { ok: true, value: true };
      if (lower === 'nee' || lower === 'onwaar' || lower === 'false') return { ok: true, value: false };
      return { ok: false, error: `Neemt nieuwe patiënten aan ‘${shown(text)}’: vul ja of nee in` };
    },
    show: (v) => (v ? 'ja' : 'nee'),
    validation: { kind: 'list', values: JA_NEE },
  }),
] as const satisfies readonly Column[];

/** The largest list a kring submits (Q2: validated within 1.5 s). */
export const MAX_LINES = 5000;
/** The upload's limits: the file, and the zip it is (checked before it is inflated). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const ZIP_LIMITS = { maxEntries: 200, maxUncompressedBytes: 100 * 1024 * 1024, maxRatio: 200 };
/**
 * What reading an upload may cost (issue 23), counted while it streams. A list
 * of 5,000 lines is about 2 MB of sheet XML with 85,000 elements and 30,000
 * shared strings (measured on the filled template); every
 * rule of a column refuses a value over 100 characters, so a cell cut at 256
 * loses nothing the validation needs.
 */
export const READ_LIMITS = {
  maxEntries: ZIP_LIMITS.maxEntries,
  maxInflatedBytes: 12 * 1024 * 1024,
  maxEntryBytes: 8 * 1024 * 1024,
  maxElements: 300_000,
  maxColumns: 64,
  maxCellChars: 256,
  maxSharedStrings: 100_000,
  maxSharedChars: 4_000_000,
};
/** The worker threads that read an upload and write the annotated file: memory (V8 heap) and time. */
export const READ_WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, timeoutMs: 10_000 };
export const ANNOTATE_WORKER_LIMITS = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16, timeoutMs: 20_000 };

/** The column letter of a 0-based column index: 0 -> A. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The values of one line as text, per column, in column order. */
export type LineTexts = Record<ColumnKey, string>;

/** One line of an upload as the report shows it: the Excel row, the normalised texts, the errors. */
export interface ReportLine {
  row: number;
  values: LineTexts;
  errors: string[];
}

/** Validates the texts of one line; the values are the normalised texts when valid, else as typed. */
export function validateLine(row: number, raw: LineTexts): ReportLine {
  const values = { ...raw };
  const errors: string[] = [];
  for (const c of COLUMNS) {
    const parsed = (c as Column).parse(raw[c.key]);
    if (parsed.ok) values[c.key] = (c as Column).show(parsed.value);
    else errors.push(parsed.error);
  }
  return { row, values, errors };
}

/** Adds to both lines the error of a RIZIV-nummer that appears twice or more. */
export function markDuplicates(lines: ReportLine[]): void {
  const byRiziv = new Map<string, ReportLine[]>();
  for (const line of lines) {
    const riziv = line.values.riziv;
    if (!/^\d{11}$/.test(riziv)) continue;
    byRiziv.set(riziv, [...(byRiziv.get(riziv) ?? []), line]);
  }
  for (const [riziv, same] of byRiziv) {
    if (same.length < 2) continue;
    for (const line of same) {
      const others = same.filter((o) => o !== line).map((o) => o.row);
      line.errors.push(`RIZIV-nummer ${riziv} staat meer dan eens in de lijst: ook op lijn ${others.join(', ')}`);
    }
  }
}

/** A valid line's texts as the typed line (call only for lines without errors). */
export function lineOf(values: LineTexts): ZorgaanbodLine {
  const out: Partial<Record<ColumnKey, unknown>> = {};
  for (const c of COLUMNS) {
    const parsed = (c as Column).parse(values[c.key]);
    if (!parsed.ok) throw new Error(`line is not valid: ${parsed.error}`);
    out[c.key] = parsed.value;
  }
  return out as ZorgaanbodLine;
}

/** A typed line as the texts pages and exports show. */
export function textsOf(line: ZorgaanbodLine): LineTexts {
  const out = {} as LineTexts;
  for (const c of COLUMNS) out[c.key] = (c as Column).show(line[c.key] as never);
  return out;
}
