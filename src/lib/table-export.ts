// A table exported for a Belgian Excel (M27's conventions): CSV with `;`,
// UTF-8 with BOM and a decimal comma, or XLSX written in a worker thread
// (xlsx-stream.ts); both read batch by batch and written to the response as
// the client takes them, so memory stays flat however many rows there are.
// Every text cell is neutralised against formulas (Q3).
import type { Writable } from 'node:stream';
import { brusselsWallTime, dbDateOf, formatCalendar, formatDateTime, type CalendarDate } from './dates.js';
import { formatMoneyPlain } from './money.js';
import { csvField, neutralizeFormula } from './spreadsheet.js';
import type { WorkerLimits } from './worker-task.js';
import { drained, streamWorkbook, type CellValue } from './xlsx-stream.js';

export { DownloadAborted } from './xlsx-stream.js';

type ColumnValue<K> = K extends 'text' ? string : K extends 'integer' | 'money' ? number : K extends 'date' ? CalendarDate : Date;

/**
 * One column: its heading, what it holds (money in integer cents) and its width
 * in the workbook. `value` is a method so that a dossier type's columns of its
 * own row type fit the registry's one DossierExport (type.ts): the core only
 * ever hands a type's columns the rows of the same type's export.
 */
export type ExportColumn<T> = {
  [K in 'text' | 'integer' | 'money' | 'date' | 'datetime']: { header: string; kind: K; value(row: T): ColumnValue<K> | null; width: number };
}['text' | 'integer' | 'money' | 'date' | 'datetime'];

/** Excel number formats: amounts with two decimals, dates as Brussels wall time. */
export const NUMBER_FORMATS = { money: '0.00', date: 'dd/mm/yyyy', datetime: 'dd/mm/yyyy hh:mm' } as const;

function csvCell<T>(column: ExportColumn<T>, row: T): string {
  switch (column.kind) {
    case 'text': {
      const value = column.value(row);
      return value === null ? '' : csvField(neutralizeFormula(value));
    }
    case 'integer': {
      const value = column.value(row);
      return value === null ? '' : String(value);
    }
    case 'money': {
      const value = column.value(row);
      return value === null ? '' : formatMoneyPlain(value);
    }
    case 'date': {
      const value = column.value(row);
      return value === null ? '' : formatCalendar(value);
    }
    case 'datetime': {
      const value = column.value(row);
      return value === null ? '' : csvField(formatDateTime(value));
    }
  }
}

function xlsxCell<T>(column: ExportColumn<T>, row: T): CellValue {
  switch (column.kind) {
    case 'text': {
      const value = column.value(row);
      return value === null ? null : neutralizeFormula(value);
    }
    case 'integer':
      return column.value(row);
    case 'money': {
      const value = column.value(row);
      return value === null ? null : value / 100;
    }
    case 'date': {
      const value = column.value(row);
      // A calendar day has no time zone: ExcelJS writes the UTC fields, midnight.
      return value === null ? null : dbDateOf(value);
    }
    case 'datetime': {
      const value = column.value(row);
      return value === null ? null : brusselsWallTime(value);
    }
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  out.write(chunk);
  await drained(out);
}

export async function writeCsvTable<T>(columns: readonly ExportColumn<T>[], batches: AsyncIterable<T[]>, out: Writable): Promise<void> {
  await write(out, `\uFEFF${columns.map((c) => csvField(c.header)).join(';')}\r\n`);
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    await write(out, `${batch.map((row) => columns.map((c) => csvCell(c, row)).join(';')).join('\r\n')}\r\n`);
  }
  out.end();
}

export async function writeXlsxTable<T>(columns: readonly ExportColumn<T>[], batches: AsyncIterable<T[]>, out: Writable, sheetName: string, limits: WorkerLimits): Promise<void> {
  async function* rows(): AsyncGenerator<CellValue[][]> {
    for await (const batch of batches) yield batch.map((row) => columns.map((c) => xlsxCell(c, row)));
  }
  await streamWorkbook({
    rows: rows(),
    out,
    sheetName,
    columns: columns.map((c) => ({ header: c.header, width: c.width, ...(c.kind === 'money' || c.kind === 'date' || c.kind === 'datetime' ? { numFmt: NUMBER_FORMATS[c.kind] } : {}) })),
    limits,
  });
}
