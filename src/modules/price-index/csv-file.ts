// The CSV file of official figures Team Prijzen imports: one month a line,
// `maand;index` ("2026-10;132,45"), or Statbel's open-data file of the
// consumer price index (columns NM_YR, NM_MTH, NM_BASE_YR, MS_CPI_IDX; only
// the lines of base year 2013 are read). Read in one bounded pass: a file of
// more lines than MAX_LINES is refused before a line is judged.
import { compareMonths, formatIndexValue, monthKey, parseIndexMonth, parseIndexValue, type IndexMonth } from './figures.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_LINES = 20_000;
/** More errors than this are counted, not listed: the first ones show what is wrong. */
export const MAX_LISTED_ERRORS = 50;

export interface IndexLine {
  /** The line number in the file, from 1. */
  line: number;
  month: IndexMonth;
  hundredths: number;
}

export interface LineError {
  line: number;
  text: string;
}

export interface ParsedIndexFile {
  lines: IndexLine[];
  /** Lines that repeat a line above with the same month and figure: counted, never stored twice. */
  repeated: number;
  errors: LineError[];
  /** Errors beyond MAX_LISTED_ERRORS, counted only. */
  moreErrors: number;
}

const STATBEL_COLUMNS = { year: 'NM_YR', month: 'NM_MTH', base: 'NM_BASE_YR', value: 'MS_CPI_IDX' } as const;

function decode(content: Buffer): string {
  // The upload pipeline accepted it as text in UTF-8 or windows-1252; a figure file is ASCII either way.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

const separatorOf = (header: string) => ['\t', '|', ';', ','].find((s) => header.includes(s)) ?? ';';

/**
 * The figures of the file, or its errors by line number. `latest` is the
 * newest month that may have a figure (the current month): a later one is an error.
 */
export function parseIndexFile(content: Buffer, latest: IndexMonth): ParsedIndexFile {
  const rows = decode(content).split(/\r\n|\r|\n/);
  const result: ParsedIndexFile = { lines: [], repeated: 0, errors: [], moreErrors: 0 };
  const fail = (line: number, text: string) => {
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, text });
    else result.moreErrors += 1;
  };
  if (rows.length > MAX_LINES + 1) {
    result.errors.push({ line: MAX_LINES + 1, text: `Het bestand telt meer dan ${MAX_LINES} regels. Verdeel het over meerdere bestanden.` });
    return result;
  }
  const firstIndex = rows.findIndex((r) => r.trim() !== '');
  const first = (rows[firstIndex] ?? '').trim();
  let read: (fields: string[]) => { month: string; value: string } | 'skip' | 'malformed';
  let separator = ';';
  let start = firstIndex;
  if (first.toUpperCase().includes(STATBEL_COLUMNS.year)) {
    separator = separatorOf(first);
    const names = first.split(separator).map((n) => n.trim().replace(/^"|"$/g, '').toUpperCase());
    const at = (name: string) => names.indexOf(name);
    const [y, m, b, v] = [at(STATBEL_COLUMNS.year), at(STATBEL_COLUMNS.month), at(STATBEL_COLUMNS.base), at(STATBEL_COLUMNS.value)];
    if (y < 0 || m < 0 || v < 0) {
      result.errors.push({ line: firstIndex + 1, text: `De kopregel mist een van de kolommen ${STATBEL_COLUMNS.year}, ${STATBEL_COLUMNS.month} en ${STATBEL_COLUMNS.value}.` });
      return result;
    }
    read = (fields) => (b >= 0 && (fields[b] ?? '').trim() !== '2013' ? 'skip' : { month: `${fields[y] ?? ''}-${fields[m] ?? ''}`, value: fields[v] ?? '' });
    start = firstIndex + 1;
  } else {
    // A header "maand;index" may come first; any other first line is a figure.
    if (/^maand\s*;/i.test(first)) start = firstIndex + 1;
    read = (fields) => (fields.length === 2 ? { month: fields[0] ?? '', value: fields[1] ?? '' } : 'malformed');
  }

  const seen = new Map<string, { line: number; hundredths: number }>();
  for (let i = Math.max(start, 0); i < rows.length; i += 1) {
    const row = (rows[i] ?? '').trim();
    const line = i + 1;
    if (row === '') continue;
    const fields = row.split(separator).map((f) => f.trim().replace(/^"|"$/g, ''));
    const found = read(fields);
    if (found === 'skip') continue;
    if (found === 'malformed') {
      fail(line, `Regel ${line}: verwacht zijn twee velden, de maand en het indexcijfer, gescheiden door een puntkomma (bijvoorbeeld 2026-10;132,45).`);
      continue;
    }
    const month = parseIndexMonth(found.month);
    const value = parseIndexValue(found.value);
    if (!month.ok) fail(line, `Regel ${line}: ${lowerFirst(month.error)}`);
    if (!value.ok) fail(line, `Regel ${line}: ${lowerFirst(value.error)}`);
    if (!month.ok || !value.ok) continue;
    if (compareMonths(month.value, latest) > 0) {
      fail(line, `Regel ${line}: de maand ${monthKey(month.value)} ligt in de toekomst; het cijfer van een maand wordt pas op het einde van die maand gepubliceerd.`);
      continue;
    }
    const key = monthKey(month.value);
    const earlier = seen.get(key);
    if (earlier && earlier.hundredths === value.value) {
      result.repeated += 1;
      continue;
    }
    if (earlier) {
      fail(line, `Regel ${line}: de maand ${key} staat al op regel ${earlier.line} met een ander cijfer (${formatIndexValue(earlier.hundredths)}).`);
      continue;
    }
    seen.set(key, { line, hundredths: value.value });
    result.lines.push({ line, month: month.value, hundredths: value.value });
  }
  if (result.lines.length === 0 && result.errors.length === 0) {
    result.errors.push({ line: 1, text: 'Het bestand bevat geen indexcijfers. Zet één maand per regel, bijvoorbeeld 2026-10;132,45.' });
  }
  return result;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
