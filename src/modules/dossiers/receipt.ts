// "Ontvangstbewijs (PDF)" of a submitted Meting dagprijzen. The PDF is drawn
// in a worker thread (receipt-document.ts) within the generator limits: a
// receipt whose drawing runs over them is ended there, and the portal's own
// event loop keeps answering others meanwhile.
import { formatDateTime } from '../../lib/dates.js';
import { GENERATOR_LIMITS } from '../../lib/generators.js';
import { documentFacility, type FacilityForDocument } from '../../lib/document-facility.js';
import { runWorkerTask, taskModule, type WorkerLimits } from '../../lib/worker-task.js';
import type { ReceiptData } from './receipt-document.js';
import { luikTables } from '../dossier-core/index.js';
import { summaryByLuik, type DossierView } from './service.js';

export interface ReceiptInput {
  dossier: DossierView;
  facility: FacilityForDocument;
}

export interface ReceiptOptions {
  /** Uncompressed content streams (tests read the text back). */
  compress?: boolean;
  limits?: WorkerLimits;
}

/** Everything the drawing needs, formatted here: the worker imports nothing of the portal. */
export function receiptData({ dossier, facility }: ReceiptInput, compress = true): ReceiptData {
  const luiken = summaryByLuik(dossier.lines);
  return {
    title: `Ontvangstbewijs ${dossier.campaign.title}`,
    reference: dossier.reference,
    campaignTitle: dossier.campaign.title,
    measurementDate: dossier.campaign.measurementDate,
    submittedAt: dossier.submittedAt ? formatDateTime(dossier.submittedAt) : '',
    submittedBy: dossier.submittedBy ?? 'onbekend',
    korting: dossier.campaign.korting,
    facility: documentFacility(facility),
    tables: luikTables(luiken),
    totalCapacity: luiken.reduce((sum, luik) => sum + luik.lines.reduce((n, l) => n + l.capaciteit, 0), 0),
    recognizedCapacity: dossier.recognizedCapacity,
    compress,
  };
}

export async function receiptPdf(input: ReceiptInput, options: ReceiptOptions = {}): Promise<Buffer> {
  const pdf = await runWorkerTask<Uint8Array>(
    taskModule(import.meta.url, 'receipt-document'),
    receiptData(input, options.compress ?? true),
    options.limits ?? GENERATOR_LIMITS.receipt,
  );
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
