// The tables of a list's pages (the kring's and the department's) as the
// portal's table macro (views/macros/table.njk) takes them: the report's lines
// with errors, and the GPs of a submitted list.
import { COLUMNS, type LineTexts } from './columns.js';
import type { ReportPage } from './service.js';

interface Cell {
  text?: string;
  errors?: string[];
  rowHeader?: boolean;
  classes?: string;
}

export interface TableView {
  caption: string;
  head: { text: string; classes?: string }[];
  rows: ({ id: string; cells: Cell[] } | Cell[])[];
  emptyText?: string;
}

const ofPages = (page: number, totalPages: number) => (totalPages > 1 ? ` (pagina ${page} van ${totalPages})` : '');

/** "Lijnen met fouten": each line is the target of its errors in the summary (`#rij-<row>`). */
export function reportTable(report: ReportPage): TableView {
  return {
    caption: `Lijnen met fouten${ofPages(report.page, report.totalPages)}`,
    head: [{ text: 'Lijn in Excel' }, { text: 'RIZIV-nummer' }, { text: 'Naam' }, { text: 'Aantal fouten', classes: 'table__cell--number' }, { text: 'Fouten' }],
    rows: report.lines.map((line) => ({
      id: `rij-${line.row}`,
      cells: [
        { text: String(line.row), rowHeader: true },
        { text: line.values.riziv },
        { text: `${line.values.naam} ${line.values.voornaam}` },
        { text: String(line.errors.length), classes: 'table__cell--number' },
        { errors: line.errors },
      ],
    })),
  };
}

/** The GPs of a submitted list, in the template's columns. */
export function rowsTable(caption: string, rows: (LineTexts & { excelRow: number })[]): TableView {
  return {
    caption,
    head: [{ text: 'Rij' }, ...COLUMNS.map((c) => ({ text: c.header }))],
    rows: rows.map((row) => [{ text: String(row.excelRow), rowHeader: true }, ...COLUMNS.map((c) => ({ text: row[c.key] }))]),
    emptyText: 'De lijst bevat geen huisartsen.',
  };
}
