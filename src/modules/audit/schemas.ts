// The filters of /beheer/audit, from the query string.
import { z } from 'zod';
import { optionalDay, periodOf } from '../../lib/date-filter.js';
import { optionalChoice, readFilterQuery } from '../../lib/list-filter.js';
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
  soort: optionalChoice(Object.keys(AUDIT_KINDS) as AuditKind[], 'Kies een soort uit de lijst.'),
  van: optionalDay,
  tot: optionalDay,
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});


/** The filter and page a query asks for; a date or a soort that is not one is left out and reported. */
export function readAuditQuery(query: Record<string, unknown>): { filter: AuditFilter; page: number; values: Record<string, string>; errors: FieldError[] } {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const { read, errors } = readFilterQuery(auditQuerySchema, query);
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
