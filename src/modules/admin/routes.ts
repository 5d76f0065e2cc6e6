import { Router } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM } from '../themes/catalog.js';

/** /beheer: the department's pages, for staff only. */
export function adminRoutes(): Router {
  const router = Router();
  router.use('/beheer', requireStaff);
  router.get('/beheer', (req, res) => {
    res.render('admin/index.njk', { staff: req.currentUser?.staff, helpdesk: req.currentUser?.staff?.teams.some((t) => t.code === HELPDESK_TEAM) ?? false });
  });
  return router;
}
