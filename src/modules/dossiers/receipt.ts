// "Ontvangstbewijs (PDF)" of a submitted Meting dagprijzen. The PDF is drawn
// in a worker thread (receipt-document.ts) within the generator limits: a
// receipt whose drawing runs over them is ended there, and the portal's own
// event loop keeps answering others meanwhile.
import { formatDateTime } from '../../lib/dates.js';
import { GENERATOR_LIMITS } from '../../lib/generators.js';
import { formatKbo } from '../../lib/identifiers.js';
import { runWorkerTask, taskModule, type WorkerLimits } from '../../lib/worker-task.js';
import type { ReceiptData } from './receipt-document.js';
import { summaryByLuik, type DossierView } from './service.js';

export interface ReceiptInput {
  dossier: DossierView;
  facility: {
    name: string;
    hcoNumber: string;
    street: string;
    postalCode: string;
    municipality: string;
    enterprise: { kboNumber: string; name: string };
  };
}

export interface ReceiptOptions {
  /** Uncompressed content streams (tests read the text back). */
  compress?: boolean;
  limits?: WorkerLimits;
}

/** Everything the drawing needs, formatted here: the worker imports nothing of the portal. */
export function receiptData({ dossier, facility }: ReceiptInput, compress = true): ReceiptData {
  const address = [facility.street, [facility.postalCode, facility.municipality].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return {
    title: `Ontvangstbewijs ${dossier.campaign.title}`,
    reference: dossier.reference,
    campaignTitle: dossier.campaign.title,
    measurementDate: dossier.campaign.measurementDate,
    submittedAt: dossier.submittedAt ? formatDateTime(dossier.submittedAt) : '',
    submittedBy: dossier.submittedBy ?? 'onbekend',
    korting: dossier.campaign.korting,
    facility: {
      name: facility.name,
      hcoNumber: facility.hcoNumber,
      kboNumber: formatKbo(facility.enterprise.kboNumber),
      enterpriseName: facility.enterprise.name,
      address: address || null,
    },
    luiken: summaryByLuik(dossier.lines),
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
