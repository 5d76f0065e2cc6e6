// Team-only actions on the department's pages: checked on the server, per request.
import type { Request } from 'express';

export { HELPDESK_TEAM } from '../modules/themes/catalog.js';

/** Whether the logged-in staff member belongs to the team with this code. */
export function isTeamMember(req: Request, teamCode: string): boolean {
  return req.currentUser?.staff?.teams.some((t) => t.code === teamCode) ?? false;
}
