// "Ontvangstbewijs (PDF)" of a submitted dossier whose type presents its lines
// (the Meting dagprijzen keeps its own, with its campaign's facts). Drawn in a
// worker thread within the receipt's generator limits.
import { formatDateTime } from '../../lib/dates.js';
import { DOCUMENT_FACILITY_SELECT, documentFacility } from '../../lib/document-facility.js';
import { GENERATOR_LIMITS } from '../../lib/generators.js';
import { runWorkerTask, taskModule, type WorkerLimits } from '../../lib/worker-task.js';
import type { LifecycleTx } from './lifecycle.js';
import type { DossierReceiptData } from './receipt-document.js';
import { dossierType } from './registry.js';
import { SUBMITTED_STATUSES } from './type.js';

/**
 * The receipt of a submitted dossier, read through `db` (the facility scope on
 * the facility's pages); undefined when there is no such submitted dossier.
 */
export async function dossierReceipt(db: LifecycleTx, dossierId: number, options: { limits?: WorkerLimits; compress?: boolean } = {}): Promise<{ reference: string; pdf: Buffer } | undefined> {
  const dossier = await db.dossier.findUnique({
    where: { id: dossierId },
    select: { reference: true, typeCode: true, status: true, submittedAt: true, submittedBy: { select: { givenName: true, surname: true } }, facility: { select: DOCUMENT_FACILITY_SELECT } },
  });
  if (!dossier || !dossier.submittedAt || !SUBMITTED_STATUSES.includes(dossier.status)) return undefined;
  const type = dossierType(dossier.typeCode);
  if (!type.documentLines) return undefined;
  const data: DossierReceiptData = {
    typeName: type.name,
    reference: dossier.reference,
    submittedAt: formatDateTime(dossier.submittedAt),
    submittedBy: dossier.submittedBy ? `${dossier.submittedBy.givenName} ${dossier.submittedBy.surname}`.trim() : 'onbekend',
    facility: documentFacility(dossier.facility),
    lines: await type.documentLines(db, dossierId),
    compress: options.compress ?? true,
  };
  const pdf = await runWorkerTask<Uint8Array>(taskModule(import.meta.url, 'receipt-document'), data, options.limits ?? GENERATOR_LIMITS.receipt);
  return { reference: dossier.reference, pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
}
