// The drawing of the "Ontvangstbewijs (PDF)": a worker task (src/lib/worker-task.ts),
// so it imports nothing but PDFKit and takes plain, already formatted data.
// A tagged PDF (real text in a logical structure: headings, paragraphs and
// tables with header cells; language nl-BE; a title), so that a screen reader
// reads it and the text can be searched and copied.
import PDFDocument from 'pdfkit';

export interface ReceiptLine {
  kamertype: string;
  beschrijving: string;
  capaciteit: number;
  price: string;
  netto: string | null;
}

export interface ReceiptData {
  title: string;
  reference: string;
  campaignTitle: string;
  measurementDate: string;
  /** "10/05/2026 12:00", Brussels wall time. */
  submittedAt: string;
  submittedBy: string;
  korting: string;
  facility: { name: string; hcoNumber: string; kboNumber: string; enterpriseName: string; address: string | null };
  luiken: { luik: 1 | 2; title: string; lines: ReceiptLine[] }[];
  recognizedCapacity: number | null;
  /** Uncompressed content streams (tests read the text back). */
  compress: boolean;
}

/**
 * PDFKit draws a table as Table/TR/TH/TD structure elements under
 * `structParent`, with a header cell's scope; @types/pdfkit does not know
 * these two options yet.
 */
type Cell = string | (PDFKit.Mixins.CellOptions & { scope?: 'Column' | 'Row' });
type AccessibleTable = Omit<PDFKit.Mixins.TableOptionsWithData, 'data'> & { structParent: PDFKit.PDFStructureElement; data: Cell[][] };

const BLUE = '#0055cc';
const GREY = '#e8ebee';

export default async function drawReceipt(data: ReceiptData): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: 'nl-BE',
    displayTitle: true,
    compress: data.compress,
    pdfVersion: '1.7',
    info: { Title: data.title, Author: 'Departement Zorg', Subject: `${data.reference} - ${data.facility.name}` },
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
  const block = (tag: string, text: string, font = 'Helvetica', size = 11, color = 'black') => {
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).fillColor(color).text(text, left, undefined, { width });
      }),
    );
  };
  /** Lines and bands only decorate: artifacts, skipped by screen readers. */
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  };
  const gap = (lines = 0.6) => doc.moveDown(lines);

  // The department's heading.
  block('P', 'Vlaamse overheid', 'Helvetica-Bold', 10, BLUE);
  block('P', 'Departement Zorg', 'Helvetica-Bold', 16);
  const ruleY = doc.y + 4;
  artifact(() => doc.moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(1.5).strokeColor(BLUE).stroke());
  doc.y = ruleY + 14;
  block('H1', data.title, 'Helvetica-Bold', 18);
  gap(0.4);

  // Reference and submission time, prominent in a band.
  const bandTop = doc.y;
  const bandHeight = 58;
  artifact(() => doc.rect(left, bandTop, width, bandHeight).fillColor(GREY).fill());
  doc.y = bandTop + 10;
  root.add(
    doc.struct('P', {}, () => {
      doc.font('Helvetica-Bold').fontSize(14).fillColor('black').text(`Referentie: ${data.reference}`, left + 12, undefined, { width: width - 24 });
    }),
  );
  root.add(
    doc.struct('P', {}, () => {
      doc.font('Helvetica').fontSize(11).text(`Ingediend op ${data.submittedAt} (Brussel) door ${data.submittedBy}`, left + 12, undefined, { width: width - 24 });
    }),
  );
  doc.y = bandTop + bandHeight + 10;
  block('P', `Het Departement Zorg heeft uw dossier goed ontvangen. Referentie: ${data.reference}.`);
  gap();

  // The facility.
  block('H2', 'Voorziening', 'Helvetica-Bold', 13);
  block('P', `Voorziening: ${data.facility.name}`);
  block('P', `HCO-nummer: ${data.facility.hcoNumber}`);
  block('P', `Organisatie: ${data.facility.enterpriseName}, KBO-nummer ${data.facility.kboNumber}`);
  if (data.facility.address) block('P', `Adres: ${data.facility.address}`);
  gap();
  block('P', `Campagne: ${data.campaignTitle} (toestand op ${data.measurementDate})`);
  block('P', `Korting infrastructuurforfait: ${data.korting} euro per dag`);

  let total = 0;
  for (const luik of data.luiken) {
    gap();
    block('H2', luik.title, 'Helvetica-Bold', 13);
    const capacity = luik.lines.reduce((sum, l) => sum + l.capaciteit, 0);
    total += capacity;
    if (luik.lines.length === 0) {
      block('P', 'Geen lijnen.');
      continue;
    }
    gap(0.3);
    const withNetto = luik.luik === 2;
    const header = ['Nr.', 'Kamertype', 'Beschrijving', 'Capaciteit', withNetto ? 'Brutoprijs (euro)' : 'Prijs (euro)', ...(withNetto ? ['Nettoprijs (euro)'] : [])];
    const numeric = new Set([0, 3, 4, 5]);
    const rows = luik.lines.map((line, i) => [String(i + 1), line.kamertype, line.beschrijving, String(line.capaciteit), line.price, ...(withNetto ? [line.netto ?? ''] : [])]);
    const totalRow: Cell[] = [{ text: `Totaal Luik ${luik.luik}`, colSpan: 3, type: 'TH', scope: 'Row' }, String(capacity), '', ...(withNetto ? [''] : [])];
    doc.font('Helvetica').fontSize(10).fillColor('black');
    const table: AccessibleTable = {
      structParent: root,
      position: { x: left, y: doc.y },
      maxWidth: width,
      columnStyles: (i: number) => ({
        width: (withNetto ? [28, 120, '*', 58, 70, 70] : [28, 140, '*', 62, 80])[i],
        align: { x: numeric.has(i) ? 'right' : 'left' },
      }),
      defaultStyle: { border: 0.5, borderColor: '#8a9099', padding: 4 },
      rowStyles: (i: number) =>
        i === 0 ? { backgroundColor: GREY, font: { src: 'Helvetica-Bold' } } : i === rows.length + 1 ? { font: { src: 'Helvetica-Bold' } } : {},
      data: [header.map((text): Cell => ({ text, type: 'TH', scope: 'Column' })), ...rows, totalRow],
    };
    doc.table(table);
    doc.x = left;
    gap(0.3);
    block('P', `Totaal Luik ${luik.luik}: ${luik.lines.length} ${luik.lines.length === 1 ? 'lijn' : 'lijnen'}, capaciteit ${capacity}`, 'Helvetica', 10);
  }
  gap();
  block('P', `Totale capaciteit (Luik 1 en Luik 2): ${total}${data.recognizedCapacity === null ? '' : ` van ${data.recognizedCapacity} erkende woongelegenheden`}`, 'Helvetica-Bold');
  gap();
  block('P', `Bedragen in euro; de nettoprijs is de brutoprijs min ${data.korting} euro.`, 'Helvetica', 9);
  root.end();
  doc.end();
  return done;
}
