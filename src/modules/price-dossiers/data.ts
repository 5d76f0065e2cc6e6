// The raw SQL of the facility's price dossiers: what Prisma's model API
// cannot say. Called inside the facility's transaction on its scope.
import type { Prisma } from '../../generated/prisma/client.js';

/**
 * Two tabs starting the same type at once count its open dossiers one after
 * the other: the transaction holds a lock on (facility, type) until it ends.
 * `facilityId` is the scope's own ($facilityId()).
 */
export async function lockOpenDossiers(tx: Prisma.TransactionClient, facilityId: number, typeCode: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`dossier-open:${facilityId}:${typeCode}`}))`;
}

/** The new dossier's id, taken first: its reference ("DI-2026-000123") is made from it. */
export async function nextDossierId(tx: Prisma.TransactionClient): Promise<number> {
  const [row] = await tx.$queryRaw<{ id: number }[]>`SELECT nextval(pg_get_serial_sequence('dossier', 'id'))::int AS id`;
  if (!row) throw new Error('no id from the dossier sequence');
  return row.id;
}
