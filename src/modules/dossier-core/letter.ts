// The decision letter (beslissingsbrief, M31) of a dossier: made BEFORE the
// transaction of the decision, from the data the dossier will have, and handed
// to transition() which stores it in that transaction. So the decision, the
// letter and the e-mail commit together or not at all: a letter that cannot be
// made (a generator over its limits) leaves the dossier undecided, and a
// decision that turns out stale throws its letter away. The lines cannot change
// meanwhile: a dossier that waits for the department is not editable.
import { formatLongDate } from '../../lib/dates.js';
import { DOCUMENT_FACILITY_SELECT, documentFacility } from '../../lib/document-facility.js';
import { GENERATOR_LIMITS } from '../../lib/generators.js';
import { runWorkerTask, taskModule, type WorkerLimits } from '../../lib/worker-task.js';
import type { LifecycleActor, LifecycleTx } from './lifecycle.js';
import type { LetterData } from './letter-document.js';
import { dossierType } from './registry.js';
import { outcomeText, type DossierOutcome, type DossierType } from './type.js';

export interface LetterRequest {
  dossierId: number;
  /** decide: by a staff member; term: by the portal when the term ran out. */
  name: 'decide' | 'term';
  outcome: DossierOutcome;
  /** The motivation. */
  reason?: string;
  actor: LifecycleActor;
  at: Date;
}

export interface LetterOptions {
  limits?: WorkerLimits;
  /** Uncompressed content streams (tests read the text back). */
  compress?: boolean;
}

function decisionText(type: DossierType, request: LetterRequest, reference: string): string {
  const dossier = `uw dossier ‘${type.name}’ (referentie ${reference})`;
  if (request.name === 'term') {
    return `Het Departement Zorg heeft niet beslist binnen de termijn: ${dossier} is stilzwijgend goedgekeurd na het verstrijken van de termijn van ${type.termDays ?? 0} dagen.`;
  }
  if (request.outcome === 'geweigerd') return `Het Departement Zorg weigert ${dossier}.`;
  return type.decision === 'kennisname' ? `Het Departement Zorg heeft kennis genomen van ${dossier}.` : `Het Departement Zorg keurt ${dossier} goed.`;
}

/** Everything the drawing needs, formatted here: the worker imports nothing of the portal. */
export async function letterData(db: LifecycleTx, request: LetterRequest, compress = true): Promise<LetterData> {
  const dossier = await db.dossier.findUniqueOrThrow({ where: { id: request.dossierId }, select: { reference: true, typeCode: true, facility: { select: DOCUMENT_FACILITY_SELECT } } });
  const type = dossierType(dossier.typeCode);
  return {
    reference: dossier.reference,
    typeName: type.name,
    facility: documentFacility(dossier.facility),
    // A term only ever approves (M31: stilzwijgende goedkeuring).
    outcomeText: request.name === 'term' ? 'stilzwijgend goedgekeurd' : outcomeText(type, request.outcome),
    decisionText: decisionText(type, request, dossier.reference),
    motivation: request.reason ?? null,
    decidedBy: request.name === 'term' ? `${request.actor.name} (stilzwijgende goedkeuring)` : request.actor.name,
    date: formatLongDate(request.at),
    lines: type.documentLines ? await type.documentLines(db, request.dossierId) : null,
    compress,
  };
}

/** The decision letter's PDF, drawn in a worker within the letter's limits (WorkerTaskFailed over them). */
export async function decisionLetter(db: LifecycleTx, request: LetterRequest, options: LetterOptions = {}): Promise<Buffer> {
  const pdf = await runWorkerTask<Uint8Array>(taskModule(import.meta.url, 'letter-document'), await letterData(db, request, options.compress ?? true), options.limits ?? GENERATOR_LIMITS.letter);
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
