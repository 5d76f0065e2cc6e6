// Stilzwijgende goedkeuring (issue 25 item 4): a dossier whose term ended
// without a decision is approved by the portal. Run by the job library
// (src/jobs/) every few minutes and once at start.
//
// Exactly once: each dossier goes through `transition` in a transaction of its
// own, and that transition is a conditional update on the status. Two workers
// that pick the same dossier both try; the second waits for the first's row
// lock, finds the status afgehandeld and changes nothing. A worker killed in
// the middle leaves every dossier either approved (committed with its history,
// audit row and e-mail) or untouched, for the next run.
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import { brusselsDateOf, dbDateOf } from '../../lib/dates.js';
import { decisionLetter } from './letter.js';
import { PORTAL_ACTOR, transition } from './lifecycle.js';
import { WAITING_STATUSES } from './type.js';

/** Dossiers approved per query; a run takes batches until none is left. */
const BATCH = 100;

/**
 * Approves every waiting dossier (any type) whose last day of the term lies
 * before today in Brussels, i.e. the end of that day has passed at `now`.
 * Returns how many this run approved (dossiers another worker took are not counted).
 */
export async function approveExpiredTerms(prisma: PrismaClient, config: Pick<Config, 'baseUrl'>, now: Date): Promise<number> {
  const today = dbDateOf(brusselsDateOf(now));
  let approved = 0;
  let afterId = 0;
  for (;;) {
    const due = await prisma.dossier.findMany({
      where: { status: { in: [...WAITING_STATUSES] }, termEndsOn: { lt: today }, id: { gt: afterId } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    for (const { id } of due) {
      // The letter is made before the transaction (in a worker, within its limits) and stored in it.
      const decision = { dossierId: id, name: 'term', outcome: 'aanvaard', actor: PORTAL_ACTOR, at: now } as const;
      const letter = await decisionLetter(prisma, decision);
      const result = await prisma.$transaction((tx) => transition(tx, config, { ...decision, letter }));
      if (result.kind === 'done') approved++;
    }
    const last = due.at(-1);
    if (!last || due.length < BATCH) return approved;
    afterId = last.id;
  }
}
