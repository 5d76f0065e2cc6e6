// The development IdP's pages (./routes.ts) as one service: its key pair and
// metadata, the portal's service provider it answers, and its directory and
// sessions, bound to the database once (createServices).
import type { PrismaClient } from '../../db/client.js';
import type { ServiceProvider } from '../../auth/service-provider.js';
import type { DevIdentityProvider } from './identity-provider.js';
import { completeIdpLogout, endIdpSessions, endIdpSessionWithRequest, listActiveIdpSessions, startIdpSession } from './sessions.js';
import { addPerson, listSubafdelingen, loadDirectory } from './directory.js';

/** `f(prisma, ...args)` as `f(...args)`. */
type Bound<F> = F extends (prisma: PrismaClient, ...args: infer A) => infer R ? (...args: A) => R : never;
const bind =
  <A extends unknown[], R>(prisma: PrismaClient, f: (prisma: PrismaClient, ...args: A) => R) =>
  (...args: A): R =>
    f(prisma, ...args);

export interface DevIdpService {
  idp: DevIdentityProvider;
  sp: ServiceProvider;
  respond(...args: Parameters<DevIdentityProvider['respond']> extends [PrismaClient, ...infer A] ? A : never): ReturnType<DevIdentityProvider['respond']>;
  startSession: Bound<typeof startIdpSession>;
  endSessions: Bound<typeof endIdpSessions>;
  activeSessions: Bound<typeof listActiveIdpSessions>;
  endSessionWithRequest: Bound<typeof endIdpSessionWithRequest>;
  completeLogout: Bound<typeof completeIdpLogout>;
  directory: Bound<typeof loadDirectory>;
  subafdelingen: Bound<typeof listSubafdelingen>;
  addPerson: Bound<typeof addPerson>;
}

export function createDevIdpService(prisma: PrismaClient, idp: DevIdentityProvider, sp: ServiceProvider): DevIdpService {
  return {
    idp,
    sp,
    respond: (...args) => idp.respond(prisma, ...args),
    startSession: bind(prisma, startIdpSession),
    endSessions: bind(prisma, endIdpSessions),
    activeSessions: bind(prisma, listActiveIdpSessions),
    endSessionWithRequest: bind(prisma, endIdpSessionWithRequest),
    completeLogout: bind(prisma, completeIdpLogout),
    directory: bind(prisma, loadDirectory),
    subafdelingen: bind(prisma, listSubafdelingen),
    addPerson: bind(prisma, addPerson),
  };
}
