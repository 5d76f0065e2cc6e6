// The drawing of the decision letter (beslissingsbrief, M31): a worker task
// (src/lib/worker-task.ts) on the department's shared document layout, so it
// imports nothing but that layout and takes plain, already formatted data.
import { drawBand, drawDocumentLines, drawFacility, openDocument, type DocumentFacility, type DocumentLines } from '../../lib/pdf-layout.js';

export interface LetterData {
  reference: string;
  typeName: string;
  facility: DocumentFacility;
  /** "kennis genomen", "goedgekeurd", "geweigerd". */
  outcomeText: string;
  /** The decision in one sentence ("Het Departement Zorg heeft kennis genomen van ..."). */
  decisionText: string;
  motivation: string | null;
  /** The deciding staff member's name, or "het e-loket" for a term that ran out. */
  decidedBy: string;
  /** "12 maart 2026", Brussels. */
  date: string;
  /** The dossier's lines as its type presents them; null for a type without lines. */
  lines: DocumentLines | null;
  /** Uncompressed content streams (tests read the text back). */
  compress: boolean;
}

export default async function drawLetter(data: LetterData): Promise<Uint8Array> {
  const page = openDocument({ title: `Beslissing over uw dossier ${data.typeName}`, subject: `${data.reference} - ${data.facility.name}`, compress: data.compress });
  drawBand(page, [{ text: `Referentie: ${data.reference}`, bold: true }, { text: `Beslissing van ${data.date}: ${data.outcomeText}` }]);
  drawFacility(page, data.facility);
  page.gap();
  page.block('H2', 'Beslissing', 'Helvetica-Bold', 13);
  page.block('P', data.decisionText);
  page.gap(0.4);
  page.block('H2', 'Motivering', 'Helvetica-Bold', 13);
  page.block('P', data.motivation ?? 'Geen motivering.');
  if (data.lines) {
    page.gap();
    page.block('H2', `Inhoud van het dossier ${data.typeName}`, 'Helvetica-Bold', 13);
    drawDocumentLines(page, data.lines);
  }
  page.gap(1.2);
  page.block('P', `Datum: ${data.date}`);
  page.block('P', `Beslist door: ${data.decidedBy}, Departement Zorg`);
  return page.finish();
}
