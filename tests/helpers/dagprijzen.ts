// The Meting dagprijzen of 2026 as the dossier tests use it: open from 15 April
// to 31 May 2026, with a korting of 6,29 euro (seed 002).
import type { PrismaClient } from '../../src/db/client.js';
import { dbDateOf } from '../../src/lib/dates.js';

/** Sets the 2026 campaign's window and korting; returns the campaign. */
export function metingDagprijzen2026(prisma: PrismaClient) {
  return prisma.campaign.update({
    where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } },
    data: { openingDate: dbDateOf({ year: 2026, month: 4, day: 15 }), deadline: dbDateOf({ year: 2026, month: 5, day: 31 }), kortingCents: 629 },
  });
}
