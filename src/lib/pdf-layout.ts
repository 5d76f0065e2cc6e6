// The layout every PDF of the department shares (the receipt, the decision
// letter): a tagged PDF in nl-BE (real text in a logical structure: headings,
// paragraphs and tables with header cells; a title), the department's heading,
// the facility block and the tables of a dossier's lines. Drawn inside the
// generators' worker threads (worker-task.ts), so it imports nothing but PDFKit
// and takes plain, already formatted data.
import PDFDocument from 'pdfkit';

/** The facility as a document names it; formatted by documentFacility() (document-facility.ts). */
export interface DocumentFacility {
  name: string;
  hcoNumber: string;
  /** "0412.345.614". */
  kboNumber: string;
  enterpriseName: string;
  address: string | null;
}

/** One table of a dossier's lines, as a dossier type presents them in its documents. */
export interface DocumentTable {
  title: string;
  columns: { title: string; width: number | '*'; numeric?: boolean }[];
  rows: string[][];
  /** A row header over the first `span` columns, then the remaining cells. */
  total?: { label: string; span: number; cells: string[] };
  /** Said instead of an empty table. */
  empty: string;
  /** A sentence after the table ("Totaal Luik 1: 2 lijnen, capaciteit 72"). */
  summary?: string;
}

/** What a type puts in its documents: a few sentences, its tables, and notes after them. */
export interface DocumentLines {
  paragraphs: string[];
  tables: DocumentTable[];
  /** Sentences after the tables: a total in bold, a note in small print. */
  notes?: { text: string; style?: 'bold' | 'small' }[];
}

/**
 * PDFKit draws a table as Table/TR/TH/TD structure elements under
 * `structParent`, with a header cell's scope; @types/pdfkit does not know
 * these two options yet.
 */
type Cell = string | (PDFKit.Mixins.CellOptions & { scope?: 'Column' | 'Row' });
type AccessibleTable = Omit<PDFKit.Mixins.TableOptionsWithData, 'data'> & { structParent: PDFKit.PDFStructureElement; data: Cell[][] };

export const BLUE = '#0055cc';
export const GREY = '#e8ebee';

export interface PdfPage {
  doc: PDFKit.PDFDocument;
  root: PDFKit.PDFStructureElement;
  left: number;
  width: number;
  /** One structure element (P, H1, H2 ...) holding one text. */
  block(tag: string, text: string, font?: string, size?: number, color?: string): void;
  /** Lines and bands only decorate: artifacts, skipped by screen readers. */
  artifact(draw: () => void): void;
  gap(lines?: number): void;
  /** Ends the structure and the document: the PDF's bytes. */
  finish(): Promise<Uint8Array>;
}

/** A new A4 document with the department's heading ("Vlaamse overheid", "Departement Zorg", a rule) and the title as H1. */
export function openDocument(meta: { title: string; subject: string; compress: boolean }): PdfPage {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: 'nl-BE',
    displayTitle: true,
    compress: meta.compress,
    pdfVersion: '1.7',
    info: { Title: meta.title, Author: 'Departement Zorg', Subject: meta.subject },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const page: PdfPage = {
    doc,
    root,
    left,
    width,
    block(tag, text, font = 'Helvetica', size = 11, color = 'black') {
      root.add(
        doc.struct(tag, {}, () => {
          doc.font(font).fontSize(size).fillColor(color).text(text, left, undefined, { width });
        }),
      );
    },
    artifact(draw) {
      doc.markContent('Artifact', { type: 'Layout' });
      draw();
      doc.endMarkedContent();
    },
    gap(lines = 0.6) {
      doc.moveDown(lines);
    },
    finish() {
      root.end();
      doc.end();
      return done;
    },
  };
  page.block('P', 'Vlaamse overheid', 'Helvetica-Bold', 10, BLUE);
  page.block('P', 'Departement Zorg', 'Helvetica-Bold', 16);
  const ruleY = doc.y + 4;
  page.artifact(() => doc.moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(1.5).strokeColor(BLUE).stroke());
  doc.y = ruleY + 14;
  page.block('H1', meta.title, 'Helvetica-Bold', 18);
  page.gap(0.4);
  return page;
}

/** A band with a few prominent lines (the reference first), as the top of a document. */
export function drawBand(page: PdfPage, lines: { text: string; bold?: boolean }[]): void {
  const { doc, root, left, width } = page;
  const top = doc.y;
  doc.y = top + 10;
  // The band's height follows its text: drawn behind it once the text is placed.
  const texts = lines.map((line) => ({ ...line, height: doc.font(line.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(line.bold ? 14 : 11).heightOfString(line.text, { width: width - 24 }) }));
  const height = 20 + texts.reduce((sum, t) => sum + t.height, 0);
  page.artifact(() => doc.rect(left, top, width, height).fillColor(GREY).fill());
  for (const line of texts) {
    root.add(
      doc.struct('P', {}, () => {
        doc.font(line.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(line.bold ? 14 : 11).fillColor('black').text(line.text, left + 12, undefined, { width: width - 24 });
      }),
    );
  }
  doc.y = top + height + 10;
}

/** "Voorziening" with the name, HCO number, organisation with KBO number, and the address. */
export function drawFacility(page: PdfPage, facility: DocumentFacility): void {
  page.block('H2', 'Voorziening', 'Helvetica-Bold', 13);
  page.block('P', `Voorziening: ${facility.name}`);
  page.block('P', `HCO-nummer: ${facility.hcoNumber}`);
  page.block('P', `Organisatie: ${facility.enterpriseName}, KBO-nummer ${facility.kboNumber}`);
  if (facility.address) page.block('P', `Adres: ${facility.address}`);
}

/** A type's lines in a document (receipt, decision letter): its sentences, its tables, then its notes. */
export function drawDocumentLines(page: PdfPage, lines: DocumentLines): void {
  for (const paragraph of lines.paragraphs) page.block('P', paragraph);
  for (const table of lines.tables) drawTable(page, table);
  for (const note of lines.notes ?? []) {
    page.gap();
    if (note.style === 'bold') page.block('P', note.text, 'Helvetica-Bold');
    else if (note.style === 'small') page.block('P', note.text, 'Helvetica', 9);
    else page.block('P', note.text);
  }
}

/** One table of lines under its H2: header cells per column, the rows, the total row. */
export function drawTable(page: PdfPage, table: DocumentTable): void {
  const { doc, root, left, width } = page;
  page.gap();
  page.block('H2', table.title, 'Helvetica-Bold', 13);
  if (table.rows.length === 0) {
    page.block('P', table.empty);
    return;
  }
  page.gap(0.3);
  const totalRow: Cell[][] = table.total ? [[{ text: table.total.label, colSpan: table.total.span, type: 'TH', scope: 'Row' }, ...table.total.cells]] : [];
  doc.font('Helvetica').fontSize(10).fillColor('black');
  const options: AccessibleTable = {
    structParent: root,
    position: { x: left, y: doc.y },
    maxWidth: width,
    columnStyles: (i: number) => ({ width: table.columns[i]?.width ?? '*', align: { x: table.columns[i]?.numeric ? 'right' : 'left' } }),
    defaultStyle: { border: 0.5, borderColor: '#8a9099', padding: 4 },
    rowStyles: (i: number) => (i === 0 ? { backgroundColor: GREY, font: { src: 'Helvetica-Bold' } } : i === table.rows.length + 1 ? { font: { src: 'Helvetica-Bold' } } : {}),
    data: [table.columns.map((c): Cell => ({ text: c.title, type: 'TH', scope: 'Column' })), ...table.rows, ...totalRow],
  };
  doc.table(options);
  doc.x = left;
  if (table.summary) {
    page.gap(0.3);
    page.block('P', table.summary, 'Helvetica', 10);
  }
}
