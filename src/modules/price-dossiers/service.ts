// The facility's side of the price dossiers (M34-M38): create one of a type,
// edit its lines and facts, submit it through the core's lifecycle. Every
// read and write goes through the facility scope; the type's definition
// (src/modules/dossier-core/types/price/) holds its form and rules.
import type { Config } from '../../config.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { ActingFacility } from '../../auth/current-user.js';
import { Prisma } from '../../generated/prisma/client.js';
import { brusselsDateOf } from '../../lib/dates.js';
import type { LineError } from '../../lib/editable-lines.js';
import type { FieldError } from '../../lib/form-errors.js';
import { recordAudit } from '../audit/index.js';
import { lockOpenDossiers, nextDossierId } from './data.js';
import { claimUploads, StagedFilesUnavailable } from '../../uploads/index.js';
import { facilityTypeCode } from '../themes/index.js';
import {
  dossierHistory,
  dossierType,
  EDITABLE_STATUSES,
  facilityLetterPath,
  isPriceDossierType,
  mailSubmission,
  mayEditType,
  roleNeeded,
  type RoleNeeded,
  outcomeText,
  parseForm,
  STATUS_TEXT,
  storedPriceDossier,
  transition,
  WAITING_STATUSES,
  storePriceContent,
  type DossierStatus,
  type HistoryEntry,
  type LifecycleTx,
  type PriceDossierType,
  type PriceFacts,
  type PriceFormValues,
  type PriceLine,
  type PriceIndexationView,
} from '../dossier-core/index.js';

export interface PriceActor {
  userId: number;
  name: string;
  facility: ActingFacility;
}

export class PriceDossierRefused extends Error {
  constructor(
    readonly reason: 'notFound' | 'role' | 'maxOpen' | 'rule',
    message: string = reason,
  ) {
    super(message);
  }
}

export interface PriceDossierView {
  id: number;
  type: PriceDossierType;
  reference: string;
  title: string;
  status: DossierStatus;
  statusText: string;
  outcomeText: string | null;
  motivation: string | null;
  version: number;
  editable: boolean;
  mayEdit: boolean;
  /** The note for a user without the type's role. */
  roleNeeded: RoleNeeded | undefined;
  submittedAt: Date | null;
  submittedBy: string | null;
  reopenReason: string | null;
  termEndsOn: Date | null;
  lines: PriceLine[];
  facts: PriceFacts;
  /** The indexering's months, figures and highest prices (M34), for a type that has them. */
  indexation?: PriceIndexationView;
  history: HistoryEntry[];
  letterPath: string | null;
  receiptPath: string | null;
}

export type SaveOutcome =
  | { kind: 'saved' }
  | { kind: 'submitted' }
  | { kind: 'invalid'; lineErrors: LineError[]; fieldErrors: FieldError[] }
  /** Another tab or colleague saved meanwhile, or it was submitted. */
  | { kind: 'conflict' };

type Tx = LifecycleTx;
const asTx = (scope: FacilityScope | Parameters<Parameters<FacilityScope['$transaction']>[0]>[0]) => scope as unknown as Tx;

const OPEN_STATUSES: DossierStatus[] = [...EDITABLE_STATUSES, ...WAITING_STATUSES];

function priceType(code: string): PriceDossierType | undefined {
  try {
    const type = dossierType(code);
    return isPriceDossierType(type) ? type : undefined;
  } catch {
    return undefined;
  }
}

export function createPriceDossierService({ config, now }: { config: Config; now: () => Date }) {
  return {
    /** The type of a price dossier the acting facility may file, or undefined. */
    async typeFor(scope: FacilityScope, facility: ActingFacility, code: string): Promise<PriceDossierType | undefined> {
      const type = priceType(code);
      const facilityType = await facilityTypeCode(scope, facility.facilityTypeId);
      return type && facilityType && type.facilityTypeCodes.includes(facilityType) ? type : undefined;
    },

    /**
     * Creates a dossier of the type with its prefilled lines; refused when the
     * user lacks the role, the facility has the most it may have open, or a rule
     * of the type says no. Two clicks at once make one dossier: the check and the
     * insert hold a lock on the facility and type.
     */
    async create(scope: FacilityScope, actor: PriceActor, type: PriceDossierType): Promise<number> {
      if (!mayEditType(type, actor.facility)) throw new PriceDossierRefused('role');
      const at = now();
      return scope.$transaction(async (scoped) => {
        const tx = asTx(scoped);
        await lockOpenDossiers(tx, scope.$facilityId(), type.code);
        const open = await tx.dossier.count({ where: { facilityId: actor.facility.id, typeCode: type.code, status: { in: OPEN_STATUSES } } });
        if (open >= type.maxOpen) throw new PriceDossierRefused('maxOpen');
        const ctx = { db: tx, facilityId: actor.facility.id, now: at };
        const refused = type.price.startRefusal ? await type.price.startRefusal(ctx) : undefined;
        if (refused) throw new PriceDossierRefused('rule', refused);
        const prefill = type.price.prefill ? await type.price.prefill(ctx) : { lines: [] };
        const id = await nextDossierId(tx);
        const reference = `${type.price.referencePrefix}-${brusselsDateOf(at).year}-${String(id).padStart(6, '0')}`;
        await scoped.dossier.create({ data: { id, facilityId: actor.facility.id, typeCode: type.code, reference, createdById: actor.userId, updatedById: actor.userId } });
        const facts: PriceFacts = { validFrom: null, motivation: '', approvalDate: null, approvalReference: '', ...prefill.facts };
        await storePriceContent(tx, id, actor.facility.id, prefill.lines, facts);
        await recordAudit(scoped, {
          actor: { userId: actor.userId, name: actor.name },
          kind: 'dossier.created',
          record: { type: 'Dossier', id },
          facilityId: actor.facility.id,
          summary: `${type.name} aangemaakt (${reference}).`,
          details: { reference, type: type.code, prefilledLines: prefill.lines.length },
        });
        return id;
      });
    },

    /** A price dossier of the acting facility; undefined for anything else. */
    async view(scope: FacilityScope, facility: ActingFacility, id: number): Promise<PriceDossierView | undefined> {
      const row = await scope.dossier.findUnique({ where: { id }, include: { submittedBy: { select: { givenName: true, surname: true } } } });
      const type = row ? priceType(row.typeCode) : undefined;
      if (!row || !type) return undefined;
      const [content, history, letters] = await Promise.all([
        storedPriceDossier(asTx(scope), id),
        dossierHistory(scope, row),
        row.status === 'afgehandeld' ? scope.dossierLetter.count({ where: { dossierId: id } }) : 0,
      ]);
      const mayEdit = mayEditType(type, facility);
      return {
        id: row.id,
        type,
        reference: row.reference,
        title: type.title({ campaignYear: null, reference: row.reference }),
        status: row.status,
        statusText: STATUS_TEXT[row.status],
        outcomeText: row.outcome ? outcomeText(type, row.outcome) : null,
        motivation: row.motivation,
        version: row.version,
        editable: mayEdit && EDITABLE_STATUSES.includes(row.status),
        mayEdit,
        roleNeeded: roleNeeded(type),
        submittedAt: row.submittedAt,
        submittedBy: row.submittedBy ? `${row.submittedBy.givenName} ${row.submittedBy.surname}`.trim() : null,
        reopenReason: row.status === 'heropend' ? row.reopenReason : null,
        termEndsOn: row.termEndsOn,
        lines: content.lines,
        facts: content.facts,
        ...(type.price.indexation ? { indexation: await type.price.indexation({ db: asTx(scope), facilityId: facility.id, now: now() }, content) } : {}),
        history,
        letterPath: letters > 0 ? facilityLetterPath(row.id) : null,
        receiptPath: row.submittedAt && row.status !== 'heropend' && row.status !== 'opmaak' ? (type.receiptPath?.(row.id) ?? null) : null,
      };
    },

    /**
     * Saves (action save) or submits (action submit) the form. Saving keeps
     * what can be read, incomplete lines too; submitting needs a complete
     * dossier that satisfies the type's rules. Bad input changes nothing.
     */
    /** `approval.stagedFileId`: the approval's PDF staged by this post (M37, M38), claimed with the save and replacing the stored one. */
    async save(scope: FacilityScope, actor: PriceActor, view: PriceDossierView, version: number, values: PriceFormValues, submit: boolean, approval: { stagedFileId?: number } = {}): Promise<SaveOutcome> {
      if (!view.mayEdit) throw new PriceDossierRefused('role');
      if (!view.editable) return { kind: 'conflict' };
      const type = view.type;
      const parsed = parseForm(type.price.form, values, view.lines, submit);
      const at = now();
      if (parsed.lineErrors.length || parsed.fieldErrors.length) return { kind: 'invalid', lineErrors: parsed.lineErrors, fieldErrors: parsed.fieldErrors };
      const newFileId = type.price.form.approval ? approval.stagedFileId : undefined;
      if (type.price.form.approval) parsed.facts.approvalFileId = newFileId ?? view.facts.approvalFileId ?? null;
      if (submit) {
        if (type.price.factsAtSubmission) parsed.facts = await type.price.factsAtSubmission({ db: asTx(scope), facilityId: actor.facility.id, now: at }, parsed);
        const ruled = await type.price.rules({ db: asTx(scope), facilityId: actor.facility.id, now: at }, parsed);
        if (ruled.lineErrors.length || ruled.fieldErrors.length) return { kind: 'invalid', ...ruled };
      }
      return scope.$transaction(async (scoped): Promise<SaveOutcome> => {
        const tx = asTx(scoped);
        if (submit) {
          const done = await transition(tx, config, {
            dossierId: view.id,
            name: 'submit',
            version,
            actor: { userId: actor.userId, name: actor.name },
            data: { updatedById: actor.userId, submittedAt: at, submittedById: actor.userId },
            auditDetails: { lines: parsed.lines.length },
            at,
          });
          if (done.kind === 'stale') return { kind: 'conflict' };
        } else {
          const changed = await scoped.dossier.updateMany({ where: { id: view.id, version, status: { in: [...EDITABLE_STATUSES] } }, data: { version: { increment: 1 }, updatedById: actor.userId } });
          if (changed.count === 0) return { kind: 'conflict' };
          await recordAudit(scoped, {
            actor: { userId: actor.userId, name: actor.name },
            kind: 'dossier.saved',
            record: { type: 'Dossier', id: view.id },
            facilityId: actor.facility.id,
            summary: `${type.name} ${view.reference} bewaard.`,
            details: { reference: view.reference, lines: parsed.lines.length },
          });
        }
        if (newFileId !== undefined) {
          // StagedFilesUnavailable (claimed from another tab, or expired) rolls the save back.
          await claimUploads(tx, { ids: [newFileId], facilityId: actor.facility.id, userId: actor.userId });
          // A dossier has one approval: the one it replaces goes.
          if (view.facts.approvalFileId) await scoped.storedFile.deleteMany({ where: { id: view.facts.approvalFileId } });
        }
        await storePriceContent(tx, view.id, actor.facility.id, parsed.lines, parsed.facts);
        if (submit) await mailSubmission(tx, config, { dossierId: view.id, actor: { userId: actor.userId, name: actor.name }, at });
        return { kind: submit ? 'submitted' : 'saved' };
      }).catch((error: unknown): SaveOutcome => {
        if (!(error instanceof StagedFilesUnavailable)) throw error;
        return { kind: 'invalid', lineErrors: [], fieldErrors: [{ field: 'approval', text: 'Het gekozen bestand is niet meer beschikbaar (al gebruikt in een ander venster, of verlopen). Kies het bestand opnieuw.' }] };
      });
    },
  };
}

export type PriceDossierService = ReturnType<typeof createPriceDossierService>;
export { Prisma };
