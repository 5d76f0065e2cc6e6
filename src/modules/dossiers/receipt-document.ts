// The drawing of the "Ontvangstbewijs (PDF)": a worker task (src/lib/worker-task.ts)
// on the department's shared document layout (src/lib/pdf-layout.ts), so it
// imports nothing but that layout and takes plain, already formatted data.
import { drawBand, drawFacility, drawTable, openDocument, type DocumentFacility, type DocumentTable } from '../../lib/pdf-layout.js';

export interface ReceiptData {
  title: string;
  reference: string;
  campaignTitle: string;
  measurementDate: string;
  /** "10/05/2026 12:00", Brussels wall time. */
  submittedAt: string;
  submittedBy: string;
  korting: string;
  facility: DocumentFacility;
  /** The Luiken as the type presents them (luikTables in the dossier core). */
  tables: DocumentTable[];
  /** The sum of the capacities of every Luik. */
  totalCapacity: number;
  recognizedCapacity: number | null;
  /** Uncompressed content streams (tests read the text back). */
  compress: boolean;
}

export default async function drawReceipt(data: ReceiptData): Promise<Uint8Array> {
  const page = openDocument({ title: data.title, subject: `${data.reference} - ${data.facility.name}`, compress: data.compress });
  drawBand(page, [{ text: `Referentie: ${data.reference}`, bold: true }, { text: `Ingediend op ${data.submittedAt} (Brussel) door ${data.submittedBy}` }]);
  page.block('P', `Het Departement Zorg heeft uw dossier goed ontvangen. Referentie: ${data.reference}.`);
  page.gap();
  drawFacility(page, data.facility);
  page.gap();
  page.block('P', `Campagne: ${data.campaignTitle} (toestand op ${data.measurementDate})`);
  page.block('P', `Korting infrastructuurforfait: ${data.korting} euro per dag`);
  for (const table of data.tables) drawTable(page, table);
  page.gap();
  page.block(
    'P',
    `Totale capaciteit (Luik 1 en Luik 2): ${data.totalCapacity}${data.recognizedCapacity === null ? '' : ` van ${data.recognizedCapacity} erkende woongelegenheden`}`,
    'Helvetica-Bold',
  );
  page.gap();
  page.block('P', `Bedragen in euro; de nettoprijs is de brutoprijs min ${data.korting} euro.`, 'Helvetica', 9);
  return page.finish();
}
