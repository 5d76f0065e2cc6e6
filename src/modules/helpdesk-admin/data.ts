// The helpdesk admin's hand-written SQL: department work on tickets of any
// facility, so no query here is bound to a facility scope.
import type { SqlClient } from '../../db/client.js';

/**
 * Locks the ticket until the transaction commits (an answer and a closing of
 * the same ticket do not cross) and reads its status; undefined for an unknown id.
 */
export async function lockTicket(tx: SqlClient, id: number): Promise<'open' | 'closed' | undefined> {
  const locked = await tx.$queryRaw<{ status: 'open' | 'closed' }[]>`SELECT status::text AS status FROM helpdesk_ticket WHERE id = ${id} FOR UPDATE`;
  return locked[0]?.status;
}
