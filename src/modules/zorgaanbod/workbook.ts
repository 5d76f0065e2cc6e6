// The Zorgaanbod Excel files (M25): the template a kring downloads, the
// reading of an upload (zip limits, header, lines, validation report) and the
// user's own file annotated with a column "Fouten".
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../lib/exceljs.js';
import { runWorkerTask, taskModule, WorkerTaskFailed } from '../../lib/worker-task.js';
import { checkZipLimits } from '../../uploads/zip-limits.js';
import { readXlsxRows, XlsxRefused, type XlsxRefusal, type XlsxValue } from '../../uploads/xlsx-reader.js';
import type { Inspection } from '../../uploads/index.js';
import {
  ANNOTATE_WORKER_LIMITS,
  COLUMNS,
  MAX_LINES,
  READ_LIMITS,
  READ_WORKER_LIMITS,
  ZIP_LIMITS,
  columnLetter,
  markDuplicates,
  validateLine,
  type ColumnKey,
  type LineTexts,
  type ReportLine,
} from './columns.js';

export const DATA_SHEET = 'Huisartsen';
export const INSTRUCTIONS_SHEET = 'Instructies';
export const ERRORS_HEADER = 'Fouten';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The lines of an accepted upload, with their errors: what `inspect` hands to the route. */
export class ParsedList {
  constructor(readonly lines: ReportLine[]) {}
  get errorCount(): number {
    return this.lines.reduce((n, l) => n + l.errors.length, 0);
  }
}

export const uploadRefusals = {
  bomb: 'Het bestand kan niet gelezen worden: het bevat te veel of te grote onderdelen voor een Excel-lijst van huisartsen. Gebruik het sjabloon en bewaar het opnieuw als Excel-werkmap (.xlsx).',
  unreadable: 'Het bestand kan niet gelezen worden als Excel-werkmap. Open het in Excel en bewaar het opnieuw als Excel-werkmap (.xlsx).',
  noSheet: 'Het bestand bevat geen werkblad. Gebruik het sjabloon.',
  header: (problems: string[]) =>
    `De eerste rij heeft niet de kolommen van het sjabloon: ${problems.join('; ')}. Gebruik het sjabloon en laat de eerste rij ongewijzigd.`,
  empty: 'De lijst is leeg: vul vanaf rij 2 minstens één huisarts in.',
  tooHeavy: 'Het bestand kan niet gelezen worden: het vraagt te veel geheugen of tijd voor een Excel-lijst van huisartsen. Gebruik het sjabloon en bewaar het opnieuw als Excel-werkmap (.xlsx).',
  tooMany: `De lijst telt meer dan ${MAX_LINES.toLocaleString('nl-BE')} lijnen. Een huisartsenkring dient hoogstens ${MAX_LINES.toLocaleString('nl-BE')} huisartsen in; verwijder de lege of overbodige lijnen.`,
};

// Excel's day 0 for the 1900 date system, as ExcelJS converts serials to dates (UTC).
const EXCEL_EPOCH_DAYS = 25569;

/** The text of a cell as the user sees it: trimmed; numbers without exponent; dates back to Excel's serial number. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (value instanceof Date) {
    // A number the user typed in a cell that Excel formats as a date: read back the number.
    const serial = value.getTime() / 86_400_000 + EXCEL_EPOCH_DAYS;
    return cellText(Math.round(serial * 1e6) / 1e6);
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result ?? null);
  if ('text' in value && typeof value.text === 'string') return value.text.trim();
  // An error cell (#N/B, ...): nothing usable.
  return '';
}

const normalHeader = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The problems of row 1 compared with the template's columns, in Dutch; empty when it matches. */
export function headerProblems(actual: string[]): string[] {
  const found = actual.map(normalHeader);
  const problems: string[] = [];
  COLUMNS.forEach((c, i) => {
    const at = found.indexOf(normalHeader(c.header));
    if (at === -1) problems.push(`kolom ‘${c.header}’ ontbreekt (hoort in kolom ${columnLetter(i)})`);
    else if (at !== i) problems.push(`kolom ‘${c.header}’ staat in kolom ${columnLetter(at)} maar hoort in kolom ${columnLetter(i)}`);
  });
  return problems;
}

/** What the reading worker answers: a refusal, or the lines with their errors. */
export type ReadOutcome = { refused: string[] } | { lines: ReportLine[] };

const REFUSAL_OF: Record<XlsxRefusal, string> = { 'too-large': uploadRefusals.bomb, unreadable: uploadRefusals.unreadable, 'no-sheet': uploadRefusals.noSheet };

/**
 * Reads an upload's lines (in the worker thread, see readUpload): the data
 * sheet's cell values only, streamed; stops at the first wrong header and at
 * the line after the last allowed one.
 */
export function readLines(content: Buffer): ReadOutcome {
  let header: string[] | undefined;
  let problems: string[] = [];
  let tooMany = false;
  const lines: ReportLine[] = [];
  try {
    readXlsxRows(
      content,
      READ_LIMITS,
      (rowNumber, cells) => {
        if (header === undefined) {
          // Row 1 is the header; a sheet whose first value is lower has an empty one.
          header = rowNumber === 1 ? Array.from({ length: Math.max(cells.length, COLUMNS.length) }, (_, i) => cellText(cells[i] ?? null)) : [];
          problems = headerProblems(header);
          return problems.length ? 'stop' : 'continue';
        }
        const texts = {} as LineTexts;
        let empty = true;
        COLUMNS.forEach((c, i) => {
          const text = cellText(cells[i] ?? null);
          texts[c.key as ColumnKey] = text;
          if (text !== '') empty = false;
        });
        if (empty) return 'continue';
        if (lines.length === MAX_LINES) {
          tooMany = true;
          return 'stop';
        }
        lines.push(validateLine(rowNumber, texts));
        return 'continue';
      },
      DATA_SHEET,
    );
  } catch (error) {
    if (error instanceof XlsxRefused) return { refused: [REFUSAL_OF[error.reason]] };
    throw error;
  }
  if (header === undefined) problems = headerProblems([]);
  if (problems.length) return { refused: [uploadRefusals.header(problems)] };
  if (tooMany) return { refused: [uploadRefusals.tooMany] };
  if (lines.length === 0) return { refused: [uploadRefusals.empty] };
  markDuplicates(lines);
  return { lines };
}

const UPLOAD_TASK = taskModule(import.meta.url, 'upload-task');

/** A copy of `content` that can be moved to a worker thread without a second copy. */
function transferable(content: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(content);
}

/**
 * Reads an uploaded file: refused (nothing stored) when its zip is out of
 * bounds, it cannot be read, goes over a reading limit, its header is not the
 * template's, it is empty or too long; otherwise every non-empty line with its
 * errors. The reading runs in a worker thread with a memory and a time limit,
 * so no file can stall or stop the portal.
 */
export async function readUpload(content: Buffer): Promise<Inspection> {
  // The cheap first filter, on the request thread: the declared sizes.
  const zip = checkZipLimits(content, ZIP_LIMITS);
  if (!zip.ok) return { refused: [zip.reason === 'not-zip' ? uploadRefusals.unreadable : uploadRefusals.bomb] };
  const copy = transferable(content);
  let outcome: ReadOutcome;
  try {
    outcome = await runWorkerTask<ReadOutcome>(UPLOAD_TASK, { kind: 'read', content: copy } satisfies UploadTask, READ_WORKER_LIMITS, [copy.buffer]);
  } catch (error) {
    if (error instanceof WorkerTaskFailed) return { refused: [error.reason === 'crash' ? uploadRefusals.unreadable : uploadRefusals.tooHeavy] };
    throw error;
  }
  return 'refused' in outcome ? outcome : { found: new ParsedList(outcome.lines) };
}

/** The template: the header row (protected), data validation per column, and a sheet of instructions. */
export async function templateWorkbook(year: number): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'e-loket Departement Zorg';
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    // Text format for the RIZIV-nummer, so Excel shows all 11 digits as typed (never 1,23E+10); data cells stay editable.
    style: { protection: { locked: false }, ...(c.key === 'riziv' ? { numFmt: '@' } : {}) },
  }));
  const header = sheet.getRow(1);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.protection = { locked: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
  });
  // ExcelJS keeps validations per range (one <dataValidation sqref="A2:A5001">), but its typings only know the per-cell API.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  COLUMNS.forEach((c, i) => {
    const v = 'validation' in c ? c.validation : undefined;
    if (!v) return;
    const range = `${columnLetter(i)}2:${columnLetter(i)}${MAX_LINES + 1}`;
    const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, errorTitle: c.header };
    if (v.kind === 'list') {
      validations.add(range, { ...common, type: 'list', formulae: [`"${v.values.join(',')}"`], error: `Kies ${v.values.join(', ')}.` });
    } else if (v.kind === 'whole') {
      validations.add(range, { ...common, type: 'whole', operator: 'between', formulae: [v.min, v.max], error: `Geef een geheel getal van ${v.min} tot ${v.max} op.` });
    } else {
      validations.add(range, { ...common, type: 'textLength', operator: 'between', formulae: [v.min, v.max], error: 'Geef het RIZIV-nummer van 11 cijfers op.' });
    }
  });
  // No password: the protection keeps the header from being changed by mistake, it is no secret.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, insertRows: true, deleteRows: true, sort: true, autoFilter: true });

  const info = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  info.columns = [{ width: 42 }, { width: 100 }];
  const paragraphs = [
    `Zorgaanbod ${year}: de lijst van de aangesloten huisartsen van uw huisartsenkring`,
    '',
    `Vul op het werkblad ‘${DATA_SHEET}’ vanaf rij 2 één lijn per huisarts in. Laat de eerste rij ongewijzigd en voeg geen kolommen in.`,
    `Laad het bestand op in het e-loket, onder het thema Zorgaanbod. Het e-loket controleert de lijst op fouten: per lijn (het rijnummer in Excel) welke fouten er zijn en hoeveel.`,
    'U kunt de lijst met een extra kolom ‘Fouten’ downloaden, de fouten in Excel verbeteren en het bestand opnieuw opladen.',
    `Een lijst zonder fouten dient u in met de knop ‘Indienen’. U kunt hoogstens ${MAX_LINES.toLocaleString('nl-BE')} huisartsen opgeven.`,
    '',
  ];
  for (const text of paragraphs) info.addRow([text]);
  info.getRow(1).font = { bold: true, size: 14 };
  info.addRow(['Kolom', 'Wat vult u in?']).font = { bold: true };
  for (const c of COLUMNS) info.addRow([c.header, c.instruction]);
  info.addRow([]);
  info.addRow(['Vragen?', 'eerstelijn@vlaanderen.be of via de berichtenmodule van het e-loket, thema Zorgaanbod.']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The work the upload task module does in its worker thread. */
export type UploadTask = { kind: 'read'; content: Uint8Array } | { kind: 'annotate'; content: Uint8Array; errors: [row: number, errors: string[]][] };

/**
 * The user's file with a column "Fouten" (replacing an earlier one) holding
 * each line's errors. Built afresh from the cell values the streaming reader
 * takes from the user's data sheet (never by loading the user's file whole,
 * whose merge ranges and validations could cost any amount), in a worker
 * thread with a memory and a time limit.
 */
export async function annotatedWorkbook(content: Uint8Array, lines: ReportLine[]): Promise<Buffer> {
  const copy = transferable(content);
  const task: UploadTask = { kind: 'annotate', content: copy, errors: lines.map((l) => [l.row, l.errors]) };
  const written = await runWorkerTask<Uint8Array>(UPLOAD_TASK, task, ANNOTATE_WORKER_LIMITS, [copy.buffer]);
  return Buffer.from(written.buffer, written.byteOffset, written.byteLength);
}

/** The annotated file (in the worker thread, see annotatedWorkbook). */
export async function writeAnnotated(content: Buffer, errors: Map<number, string[]>): Promise<Buffer> {
  const rows: { row: number; cells: (XlsxValue | undefined)[] }[] = [];
  let nonEmpty = 0;
  const { sheetName } = readXlsxRows(
    content,
    READ_LIMITS,
    (row, cells) => {
      rows.push({ row, cells });
      return ++nonEmpty > MAX_LINES + 1 ? 'stop' : 'continue';
    },
    DATA_SHEET,
  );
  const header = rows[0]?.row === 1 ? rows[0].cells : [];
  let column = header.findIndex((c) => normalHeader(cellText(c ?? null)) === normalHeader(ERRORS_HEADER)) + 1;
  if (column === 0) column = Math.max(header.length, COLUMNS.length) + 1;

  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'e-loket Departement Zorg';
  const sheet = workbook.addWorksheet(sheetName || DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  sheet.getColumn(column).width = 80;
  for (const { row, cells } of rows) {
    const target = sheet.getRow(row);
    cells.forEach((value, i) => {
      if (value !== undefined && i + 1 !== column) target.getCell(i + 1).value = value;
    });
    if (row === 1) target.font = { bold: true };
    else {
      const found = errors.get(row) ?? [];
      if (found.length) target.getCell(column).value = `${found.length} ${found.length === 1 ? 'fout' : 'fouten'}: ${found.join('; ')}`;
    }
  }
  const headerCell = sheet.getRow(1).getCell(column);
  headerCell.value = ERRORS_HEADER;
  headerCell.font = { bold: true, color: { argb: 'FFB00020' } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
