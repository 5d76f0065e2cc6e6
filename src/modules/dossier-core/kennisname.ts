// The bulk kennisname of a yearly kennisname type (Meting dagprijzen: Team
// Prijzen; Zorgaanbod: Team Eerstelijn): on the campaign's page the team marks
// the submitted dossiers as processed, each afgehandeld "kennis genomen"
// through the one lifecycle (history, trail, letter and e-mail).
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import { decisionLetter } from './letter.js';
import { transition, type LifecycleActor } from './lifecycle.js';
import { WAITING_STATUSES } from './type.js';

/** Dossiers marked as processed per click (each its own transaction with its letter and e-mail). */
export const PROCESS_BATCH = 25;

/** How many dossiers of the campaign wait for the department (ingediend or in behandeling). */
export function waitingInCampaign(prisma: PrismaClient, campaignId: number): Promise<number> {
  return prisma.dossier.count({ where: { campaignId, status: { in: [...WAITING_STATUSES] } } });
}

/**
 * One transaction per dossier, so that a colleague's reopening in between
 * wins. At most `batch` per call, oldest submission first, so that one
 * request's work stays bounded; the page says how many remain.
 */
export async function markCampaignProcessed(
  prisma: PrismaClient,
  config: Pick<Config, 'baseUrl'>,
  request: { campaignId: number; actor: LifecycleActor; now: () => Date; batch?: number },
): Promise<{ done: number; remaining: number }> {
  const ids = await prisma.dossier.findMany({
    where: { campaignId: request.campaignId, status: { in: [...WAITING_STATUSES] } },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
    take: request.batch ?? PROCESS_BATCH,
    select: { id: true },
  });
  let done = 0;
  for (const { id } of ids) {
    const decision = { dossierId: id, name: 'decide', outcome: 'aanvaard', actor: request.actor, at: request.now() } as const;
    // Each decision with its letter, made before its transaction and stored in it.
    const letter = await decisionLetter(prisma, decision);
    const result = await prisma.$transaction((tx) => transition(tx, config, { ...decision, letter }));
    if (result.kind === 'done') done++;
  }
  return { done, remaining: await waitingInCampaign(prisma, request.campaignId) };
}
