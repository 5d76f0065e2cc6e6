// Who acts in a request, named once: set by setUpCurrentUser for every
// logged-in request and read by routes through requestActor(req). Services
// take this Actor for the audit trail, the quotas and the author's name.
import type { Request } from 'express';

export interface Actor {
  userId: number;
  /** The name as the audit trail and the messages show it. */
  name: string;
  /** The codes of a staff member's teams; empty for a facility user. */
  teamCodes: readonly string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set once per request for a logged-in user (setUpCurrentUser). */
    actor?: Actor;
  }
}

/** The actor of a user; their teams when they are staff. */
export function actorFor(user: { id: number; givenName: string; surname: string }, teamCodes: readonly string[] = []): Actor {
  return { userId: user.id, name: `${user.givenName} ${user.surname}`.trim(), teamCodes };
}

/** The request's actor. A route that needs one is behind a login guard (requireFacilityUser, requireStaff), so there always is one. */
export function requestActor(req: Request): Actor {
  if (!req.actor) throw new Error('a route that names an actor must be behind a login guard');
  return req.actor;
}
