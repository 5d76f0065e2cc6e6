// The filters of /beheer/audit, from the query string.
import { z } from 'zod';
import { optionalDay, periodOf } from '../../lib/date-filter.js';
import type { FieldError } from '../../lib/form-errors.js';
import { AUDIT_KINDS, type AuditKind } from './record.js';
import type { AuditFilter } from './service.js';

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : undefined));

export const auditQuerySchema = z.object({
  voorziening: optionalId,
  persoon: optionalId,
  soort: z
    .string()
    .optional()
    .transform((v) => (v && v in AUDIT_KINDS ? (v as AuditKind) : undefined)),
  van: optionalDay,
  tot: optionalDay,
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

type AuditQuery = z.output<typeof auditQuerySchema>;

/** The filter and page a query asks for; a date that is not one is left out and reported. */
export function readAuditQuery(query: Record<string, unknown>): { filter: AuditFilter; page: number; values: Record<string, string>; errors: FieldError[] } {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const errors: FieldError[] = [];
  const read = <K extends keyof AuditQuery>(key: K): AuditQuery[K] | undefined => {
    const parsed = auditQuerySchema.shape[key].safeParse(typeof query[key] === 'string' ? query[key] : undefined);
    if (parsed.success) return parsed.data as AuditQuery[K];
    errors.push({ field: key, text: parsed.error.issues[0]?.message ?? 'Ongeldige waarde.' });
    return undefined;
  };
  const facilityId = read('voorziening');
  const actorUserId = read('persoon');
  const kind = read('soort');
  const period = periodOf(read('van'), read('tot'));
  const filter: AuditFilter = {
    ...(facilityId !== undefined ? { facilityId } : {}),
    ...(actorUserId !== undefined ? { actorUserId } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...period,
  };
  return {
    filter,
    page: read('pagina') ?? 1,
    values: { soort: text(query.soort), van: text(query.van), tot: text(query.tot) },
    errors,
  };
}
