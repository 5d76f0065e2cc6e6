// The drawing of the "Ontvangstbewijs (PDF)" of a dossier of any type that
// presents its lines (DossierType.documentLines): a worker task on the
// department's shared document layout, taking plain, already formatted data.
import { drawBand, drawDocumentLines, drawFacility, openDocument, type DocumentFacility, type DocumentLines } from '../../lib/pdf-layout.js';

export interface DossierReceiptData {
  typeName: string;
  /** The dossier's title: "Meting dagprijzen mei 2026", "… (DI-2026-000123)". */
  title: string;
  reference: string;
  /** "10/05/2026 12:00", Brussels wall time. */
  submittedAt: string;
  submittedBy: string;
  facility: DocumentFacility;
  lines: DocumentLines;
  compress: boolean;
}

export default async function drawDossierReceipt(data: DossierReceiptData): Promise<Uint8Array> {
  const page = openDocument({ title: `Ontvangstbewijs ${data.title}`, subject: `${data.reference} - ${data.facility.name}`, compress: data.compress });
  drawBand(page, [{ text: `Referentie: ${data.reference}`, bold: true }, { text: `Ingediend op ${data.submittedAt} (Brussel) door ${data.submittedBy}` }]);
  page.block('P', `Het Departement Zorg heeft uw dossier ‘${data.typeName}’ goed ontvangen. Referentie: ${data.reference}.`);
  page.gap();
  drawFacility(page, data.facility);
  page.gap();
  drawDocumentLines(page, data.lines);
  return page.finish();
}
