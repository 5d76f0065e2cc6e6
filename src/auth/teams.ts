// Team-only actions on the department's pages: checked on the server, per request.
import type { NextFunction, Request, Response } from 'express';
import { Forbidden } from '../lib/http-errors.js';
import { loginUrlFor } from './return-path.js';

export { HELPDESK_TEAM } from '../modules/themes/index.js';

/** Whether the logged-in staff member belongs to the team with this code (to show or hide a team's action). */
export function isTeamMember(req: Request, teamCode: string): boolean {
  return req.currentUser?.staff?.teams.some((t) => t.code === teamCode) ?? false;
}

/**
 * The one guard for a team's pages and actions: staff of the team with this
 * code pass, other users get 403 (not logged in: to the login). Mount it after
 * requireStaff, which the route walks of the tests look for.
 */
export function requireTeam(teamCode: string) {
  return function requireTeamMember(req: Request, res: Response, next: NextFunction): void {
    if (!req.currentUser) return res.redirect(loginUrlFor(req.originalUrl));
    if (!isTeamMember(req, teamCode)) throw new Forbidden();
    next();
  };
}
