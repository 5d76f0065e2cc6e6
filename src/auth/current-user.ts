// Who is logged in, and for which facility they act. Runs on every request
// after the session; the guards below protect facility and department pages.
import type { Express, NextFunction, Request, Response } from 'express';
import type { AppDependencies } from '../dependencies.js';
import { facilityScope, type FacilityScope } from './facility-scope.js';
import { loginUrlFor, rememberReturnPath } from './return-path.js';
import { isLoggedIn, sessionTimeLeft } from './session-timing.js';
import { idleEndsAt } from '../middleware/session.js';
import { actorFor } from './actor.js';
import './session-data.js';
import { Forbidden } from '../lib/http-errors.js';

export interface CurrentUser {
  id: number;
  insz: string;
  givenName: string;
  surname: string;
  email: string | null;
  /** The facilities the user holds the e-loket right for, by name. */
  facilities: ActingFacility[];
  staff: { staffId: string; teams: { code: string; name: string }[] } | null;
}

export interface ActingFacility {
  id: number;
  name: string;
  hcoNumber: string;
  facilityTypeId: number;
  roles: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    currentUser?: CurrentUser;
    actingFacility?: ActingFacility;
    /** Set by requireFacilityUser: the only way facility pages reach facility data. */
    scope?: FacilityScope;
  }
}

/** The user as the pages need them, read once at login: one query with their rights and teams. */
export async function loadCurrentUser(prisma: AppDependencies['prisma'], userId: number): Promise<CurrentUser | undefined> {
  const rows = await prisma.$queryRaw<
    { id: number; insz: string; givenName: string; surname: string; email: string | null; facilities: ActingFacility[]; staff: CurrentUser['staff'] }[]
  >`
    SELECT u.id, u.insz, u.given_name AS "givenName", u.surname, u.email,
           coalesce((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'hcoNumber', f.hco_number, 'facilityTypeId', f.facility_type_id, 'roles', r.roles))
                     FROM facility_right r JOIN facility f ON f.id = r.facility_id WHERE r.user_id = u.id), '[]') AS facilities,
           (SELECT json_build_object('staffId', s.staff_id,
                     'teams', coalesce((SELECT json_agg(json_build_object('code', t.code, 'name', t.name) ORDER BY st.team_id)
                                        FROM staff_team st JOIN team t ON t.id = st.team_id WHERE st.staff_member_id = s.id), '[]'))
            FROM staff_member s WHERE s.user_id = u.id) AS staff
    FROM app_user u WHERE u.id = ${userId}`;
  const user = rows[0];
  if (!user) return undefined;
  return { ...user, facilities: user.facilities.sort((a, b) => a.name.localeCompare(b.name, 'nl-BE')) };
}

export function setUpCurrentUser(app: Express, { config, prisma }: AppDependencies): void {
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const session = req.session;
    if (!session?.userId) return next();
    if (!isLoggedIn(session, config) || session.loginAt === undefined) {
      // The absolute timeout: log in again, whatever the activity.
      req.log?.info({ userId: session.userId }, 'session ended by the absolute timeout');
      // A fresh, empty session (not none): the rest of this request may still use it.
      return session.regenerate((error: unknown) => next(error));
    }
    // Who the user is and what they may do changes only at login (from the
    // assertion), so it is kept in the session rather than read on every request.
    session.user ??= await loadCurrentUser(prisma, session.userId);
    const currentUser = session.user;
    if (!currentUser) return session.regenerate((error: unknown) => next(error));
    req.currentUser = currentUser;
    req.actor = actorFor(currentUser, currentUser.staff?.teams.map((t) => t.code) ?? []);
    res.locals.currentUser = currentUser;
    // For the idle warning (public/js/session-timeout.js): the idle timeout as stored (renewed at most a minute ago).
    res.locals.sessionTimeLeft = sessionTimeLeft(session.loginAt, idleEndsAt(req), config);
    const acting = currentUser.facilities.find((f) => f.id === session.actingFacilityId);
    if (acting) {
      req.actingFacility = acting;
      res.locals.actingFacility = acting;
      res.locals.canSwitchFacility = currentUser.facilities.length > 1;
    }
    next();
  });
}

function loginRedirect(req: Request, res: Response): void {
  res.redirect(loginUrlFor(req.originalUrl));
}

// The guards requireFacilityUser made, so that a walk of the router (the
// isolation test) can tell facility routes from the others.
const facilityGuards = new WeakSet<object>();

/** Whether a handler is a guard made by requireFacilityUser. */
export function isFacilityGuard(handler: unknown): boolean {
  return typeof handler === 'function' && facilityGuards.has(handler);
}

/**
 * Facility pages: a logged-in user acting for a facility. Not logged in: to the
 * login; several facilities and none chosen: to the choice; department staff
 * without facility rights: 403; no e-loket right at all: the explanation.
 */
export function requireFacilityUser(prisma: AppDependencies['prisma']) {
  const guard = (req: Request, res: Response, next: NextFunction) => {
    const user = req.currentUser;
    if (!user) return loginRedirect(req, res);
    if (!req.actingFacility && user.facilities.length === 1 && user.facilities[0]) {
      // One facility (for instance after a right was added): it is the acting one.
      req.session.actingFacilityId = user.facilities[0].id;
      req.actingFacility = user.facilities[0];
      res.locals.actingFacility = user.facilities[0];
    }
    if (req.actingFacility) {
      req.scope = facilityScope(prisma, req.actingFacility.id);
      return next();
    }
    if (user.facilities.length > 1) {
      rememberReturnPath(req.session, req.originalUrl);
      return res.redirect('/organisatie/kiezen');
    }
    if (user.staff) throw new Forbidden();
    throw new Forbidden('auth/no-access.njk');
  };
  facilityGuards.add(guard);
  return guard;
}

/** Department pages: staff only (403 for everyone else). */
export function requireStaff(req: Request, res: Response, next: NextFunction): void {
  if (!req.currentUser) return loginRedirect(req, res);
  if (!req.currentUser.staff) throw new Forbidden();
  next();
}

/** The acting facility and its data access, in a route behind requireFacilityUser. */
export function facilityContext(req: Request): { scope: FacilityScope; facility: ActingFacility } {
  if (!req.scope || !req.actingFacility) throw new Error('a facility page must be behind requireFacilityUser');
  return { scope: req.scope, facility: req.actingFacility };
}
