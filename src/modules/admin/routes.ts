import { Router } from 'express';
import type { Services } from '../../services.js';
import { requireStaff } from '../../auth/current-user.js';
import { requestActor } from '../../auth/actor.js';
import { HELPDESK_TEAM, isTeamMember } from '../../auth/teams.js';

/** /beheer: the department's pages, for staff only; the start page counts what waits in the team inbox. */
export function adminRoutes({ inbox }: Pick<Services, 'inbox'>): Router {
  const router = Router();
  router.use('/beheer', requireStaff);
  router.get('/beheer', async (req, res) => {
    const staff = await inbox.staffOf(requestActor(req).userId);
    res.render('admin/index.njk', {
      staff: req.currentUser?.staff,
      inbox: staff ? await inbox.dashboard(staff) : undefined,
      helpdesk: isTeamMember(req, HELPDESK_TEAM),
    });
  });
  return router;
}
