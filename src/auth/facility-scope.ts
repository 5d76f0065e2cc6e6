// Q1, isolation by construction: facility pages get a Prisma client that can
// only see and change the acting facility's rows. Every model that belongs to
// a facility is listed here with the column that says which facility; every
// query on it gets that column forced to the acting facility, whatever the
// route put in its `where` or `data`. Later features add their models here.
import type { PrismaClient } from '../db/client.js';

type Ownership =
  /** The model has a column with the owning facility's id (and, if named, the relation field over that column). */
  | { column: string; relation?: string }
  /** The model belongs to a facility through a relation; such rows are created through their parent. */
  | { through: (facilityId: number) => Record<string, unknown> };

/** Every model holding facility data, and how it belongs to a facility. */
export const FACILITY_OWNED_MODELS: Readonly<Record<string, Ownership>> = {
  Facility: { column: 'id' },
  FacilityRight: { column: 'facilityId', relation: 'facility' },
  ContactPerson: { column: 'facilityId', relation: 'facility' },
  ContactPersonTheme: { through: (facilityId) => ({ contactPerson: { facilityId } }) },
  ContactConfirmation: { through: (facilityId) => ({ contactPerson: { facilityId } }) },
  OutboxMail: { column: 'facilityId', relation: 'facility' },
  StoredFile: { column: 'facilityId', relation: 'facility' },
  // Read and written before a login exists (src/modules/session/service.ts), bound there to person and facility.
  FormRescue: { column: 'facilityId' },
  HelpdeskTicket: { column: 'facilityId' },
  Thread: { column: 'facilityId', relation: 'facility' },
  Message: { column: 'facilityId', relation: 'facility' },
  ThreadContact: { through: (facilityId) => ({ thread: { facilityId } }) },
  ThreadMutedContact: { through: (facilityId) => ({ thread: { facilityId } }) },
  MessageAttachment: { through: (facilityId) => ({ message: { facilityId } }) },
  // Read markers (per user) on the facility's received messages.
  MessageRead: { through: (facilityId) => ({ message: { facilityId } }) },
  Dossier: { column: 'facilityId', relation: 'facility' },
  DossierEvent: { column: 'facilityId' },
  DossierLetter: { column: 'facilityId' },
  DagprijzenLine: { through: (facilityId) => ({ dossier: { facilityId } }) },
  CampaignCapacity: { column: 'facilityId', relation: 'facility' },
  PriceDossier: { column: 'facilityId' },
  PriceDossierLine: { column: 'facilityId' },
  // The audit trail (src/modules/audit/record.ts): a facility page records its changes as its own facility's.
  AuditEvent: { column: 'facilityId' },
  ZorgaanbodUpload: { column: 'facilityId' },
  ZorgaanbodReportLine: { through: (facilityId) => ({ upload: { facilityId } }) },
  ZorgaanbodRow: { through: (facilityId) => ({ list: { facilityId } }) },
  PriceEntry: { column: 'facilityId', relation: 'facility' },
};

const WHERE_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);
const CREATE_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn', 'upsert']);
const UPDATE_OPERATIONS = new Set(['update', 'updateMany', 'updateManyAndReturn', 'upsert']);

export class ScopeViolation extends Error {}

type Args = Record<string, unknown>;

export function createFacilityScope(prisma: PrismaClient, facilityId: number) {
  return prisma.$extends({
    name: 'facility-scope',
    client: {
      /**
       * The acting facility's id, for the few hand-written SQL reads of facility
       * services (which the model hooks below cannot see): they bind this, never
       * an id from the request.
       */
      $facilityId: () => facilityId,
    },
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          const ownership = FACILITY_OWNED_MODELS[model];
          if (!ownership) return query(args);
          const scoped: Args = { ...(args as Args) };
          if (WHERE_OPERATIONS.has(operation)) {
            // Added as an extra AND condition: a `where` naming another facility's id finds nothing
            // (rather than being overwritten), and unique lookups keep their unique field on top.
            const where = (scoped.where as Args | undefined) ?? {};
            const and = where.AND === undefined ? [] : Array.isArray(where.AND) ? where.AND : [where.AND];
            const condition = 'column' in ownership ? { [ownership.column]: facilityId } : ownership.through(facilityId);
            scoped.where = { ...where, AND: [...and, condition] };
          }
          if (UPDATE_OPERATIONS.has(operation) && 'column' in ownership) {
            // A row never moves to another facility.
            const key = operation === 'upsert' ? 'update' : 'data';
            const data = scoped[key] as Args | undefined;
            for (const field of [ownership.column, ownership.relation]) {
              if (data && field !== undefined && field in data) throw new ScopeViolation(`a facility page cannot change ${model}.${field}`);
            }
          }
          if (CREATE_OPERATIONS.has(operation)) {
            if (!('column' in ownership) || ownership.column === 'id') {
              throw new ScopeViolation(`a facility page cannot ${operation} ${model} rows directly`);
            }
            const column = ownership.column;
            const key = operation === 'upsert' ? 'create' : 'data';
            const data = scoped[key];
            scoped[key] = Array.isArray(data) ? data.map((d: Args) => ({ ...d, [column]: facilityId })) : { ...(data as Args), [column]: facilityId };
          }
          return query(scoped as typeof args);
        },
      },
    },
  });
}

/** The data access of facility pages: only the acting facility's data. */
export type FacilityScope = ReturnType<typeof createFacilityScope>;

// A scope holds nothing but the facility id, so one per facility (per client) serves every
// request instead of building the extension anew each time.
const scopes = new WeakMap<PrismaClient, Map<number, FacilityScope>>();

/** The scope of a facility, made once per Prisma client. */
export function facilityScope(prisma: PrismaClient, facilityId: number): FacilityScope {
  let byFacility = scopes.get(prisma);
  if (!byFacility) {
    byFacility = new Map();
    scopes.set(prisma, byFacility);
  }
  let scope = byFacility.get(facilityId);
  if (!scope) {
    scope = createFacilityScope(prisma, facilityId);
    byFacility.set(facilityId, scope);
  }
  return scope;
}

/** A transaction opened on a facility scope: the same guards, and the same `$facilityId()`. */
export type FacilityScopeTx = Parameters<Parameters<FacilityScope['$transaction']>[0]>[0];
