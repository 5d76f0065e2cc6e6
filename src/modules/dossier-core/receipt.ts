// "Ontvangstbewijs (PDF)" of a submitted dossier of any type that presents its
// lines (DossierType.documentLines). Drawn in a worker thread within the
// receipt's generator limits.
import { formatDateTime } from '../../lib/dates.js';
import { DOCUMENT_FACILITY_SELECT, documentFacility } from '../../lib/document-facility.js';
import { GENERATOR_LIMITS } from '../../lib/generators.js';
import { runWorkerTask, taskModule, type WorkerLimits } from '../../lib/worker-task.js';
import type { LifecycleTx } from './lifecycle.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { DossierReceiptData } from './receipt-document.js';
import { dossierType } from './registry.js';
import { SUBMITTED_STATUSES } from './type.js';

/**
 * The receipt of a submitted dossier of the acting facility, read through its
 * scope; undefined when the facility has no such submitted dossier.
 */
export async function dossierReceipt(scope: FacilityScope, dossierId: number, options: { limits?: WorkerLimits; compress?: boolean } = {}): Promise<{ reference: string; pdf: Buffer } | undefined> {
  // The scope is a Prisma client that sees only the acting facility's rows; the types' documentLines read through it as through a transaction.
  const db = scope as unknown as LifecycleTx;
  const dossier = await db.dossier.findUnique({
    where: { id: dossierId },
    select: { reference: true, typeCode: true, status: true, campaign: { select: { year: true } }, submittedAt: true, submittedBy: { select: { givenName: true, surname: true } }, facility: { select: DOCUMENT_FACILITY_SELECT } },
  });
  if (!dossier || !dossier.submittedAt || !SUBMITTED_STATUSES.includes(dossier.status)) return undefined;
  const type = dossierType(dossier.typeCode);
  if (!type.documentLines) return undefined;
  const data: DossierReceiptData = {
    typeName: type.name,
    title: type.title({ campaignYear: dossier.campaign?.year ?? null, reference: dossier.reference }),
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
