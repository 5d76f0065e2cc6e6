// The development identity provider's own sessions (a sign-in at the IdP),
// kept in dev_idp_session and named in assertions by their SessionIndex.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../db/client.js';
import { samlId } from './saml-response.js';

/** A person signs in at the IdP: a new session, named by the person's INSZ; undefined for an unknown person. */
export async function startIdpSession(prisma: PrismaClient, personId: number) {
  const person = await prisma.devIdpPerson.findUnique({ where: { id: personId } });
  if (!person) return undefined;
  return prisma.devIdpSession.create({ data: { id: randomBytes(24).toString('base64url'), personId, nameId: person.insz, sessionIndex: samlId() } });
}

/** Ends the IdP sessions a LogoutRequest from the service provider names (all of the NameID without a SessionIndex). */
export async function endIdpSessions(prisma: PrismaClient, nameId: string, sessionIndex: string | undefined): Promise<number> {
  const ended = await prisma.devIdpSession.updateMany({
    where: { nameId, endedAt: null, ...(sessionIndex ? { sessionIndex } : {}) },
    data: { endedAt: new Date() },
  });
  return ended.count;
}

export async function listActiveIdpSessions(prisma: PrismaClient) {
  return prisma.devIdpSession.findMany({ where: { endedAt: null }, include: { person: true }, orderBy: { createdAt: 'desc' }, take: 100 });
}

/** IdP-initiated logout: ends the session and remembers the LogoutRequest sent for it. */
export async function endIdpSessionWithRequest(prisma: PrismaClient, sessionId: string, requestFor: (session: { nameId: string; sessionIndex: string }) => { id: string; url: string }) {
  const session = await prisma.devIdpSession.findFirst({ where: { id: sessionId, endedAt: null } });
  if (!session) return undefined;
  const request = requestFor(session);
  await prisma.devIdpSession.update({ where: { id: session.id }, data: { endedAt: new Date(), logoutRequestId: request.id } });
  return request.url;
}

/** The service provider answered an IdP-initiated LogoutRequest; false when no such request awaits an answer. */
export async function completeIdpLogout(prisma: PrismaClient, inResponseTo: string): Promise<boolean> {
  const done = await prisma.devIdpSession.updateMany({ where: { logoutRequestId: inResponseTo }, data: { logoutRequestId: null } });
  return done.count === 1;
}
