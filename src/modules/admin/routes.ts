import { Router } from 'express';
import { requireStaff } from '../../auth/current-user.js';

/** /beheer: the department's pages, for staff only. */
export function adminRoutes(): Router {
  const router = Router();
  router.use('/beheer', requireStaff);
  router.get('/beheer', (req, res) => {
    res.render('admin/index.njk', { staff: req.currentUser?.staff });
  });
  return router;
}
