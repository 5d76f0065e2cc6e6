// What the login routes (src/auth/routes.ts) ask of the portal: the service
// provider, and reading and writing the user and the SAML sessions, bound to
// the database once (createServices).
import type { PrismaClient } from '../db/client.js';
import type { SamlSessionRef, ServiceProvider } from './service-provider.js';
import type { Identity } from './attributes.js';
import { endSessionsOfSamlLogin, linkSessionToSamlLogin } from './saml-sessions.js';
import { syncUserFromIdentity, type LoggedInUser } from './user-sync.js';
import { loadCurrentUser, type CurrentUser } from './current-user.js';

export interface AuthService {
  sp: ServiceProvider;
  /** The user of a verified login, created or brought up to date from the identity's claims. */
  syncUser(identity: Identity): Promise<LoggedInUser>;
  /** The user as the pages need them, read once at login. */
  loadUser(userId: number): Promise<CurrentUser | undefined>;
  linkSession(sessionId: string, samlSession: SamlSessionRef): Promise<void>;
  /** Ends the portal sessions of a SAML login (IdP-initiated logout); how many ended. */
  endSessions(nameId: string, sessionIndex: string | undefined): Promise<number>;
}

export function createAuthService(prisma: PrismaClient, sp: ServiceProvider): AuthService {
  return {
    sp,
    syncUser: (identity) => syncUserFromIdentity(prisma, identity),
    loadUser: (userId) => loadCurrentUser(prisma, userId),
    linkSession: (sessionId, samlSession) => linkSessionToSamlLogin(prisma, sessionId, samlSession),
    endSessions: (nameId, sessionIndex) => endSessionsOfSamlLogin(prisma, nameId, sessionIndex),
  };
}
