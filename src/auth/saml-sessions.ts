// The portal sessions of a login at the identity provider: an IdP-initiated
// logout names a NameID (and usually a SessionIndex) and may arrive in any
// browser, so the session rows carry them (indexed columns next to the
// session store's own; they disappear with the row).
import type { PrismaClient } from '../db/client.js';
import type { SamlSessionRef } from './service-provider.js';

export async function linkSessionToSamlLogin(prisma: PrismaClient, sessionId: string, login: SamlSessionRef): Promise<void> {
  await prisma.session.updateMany({ where: { sid: sessionId }, data: { samlNameId: login.nameId, samlSessionIndex: login.sessionIndex ?? null } });
}

/** Ends every portal session of the NameID, or only those of one SessionIndex when it is given; returns how many. */
export async function endSessionsOfSamlLogin(prisma: PrismaClient, nameId: string, sessionIndex: string | undefined): Promise<number> {
  const ended = await prisma.session.deleteMany({ where: { samlNameId: nameId, ...(sessionIndex ? { samlSessionIndex: sessionIndex } : {}) } });
  return ended.count;
}

/** Whether a session's login is one a logout request names. */
export function isNamedBy(login: SamlSessionRef | undefined, nameId: string, sessionIndex: string | undefined): boolean {
  return login !== undefined && login.nameId === nameId && (sessionIndex === undefined || login.sessionIndex === sessionIndex);
}
