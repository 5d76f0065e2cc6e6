// /geen-toegang: the explanation for a person who logged in at eHealth without
// the e-loket right for any facility. The ACS redirects here (after a POST the
// browser could not reload or bookmark it); the session remembers who it was,
// and opened cold the page explains access to anyone.
import { Router } from 'express';

export const NO_ACCESS_PATH = '/geen-toegang';

export function accessRoutes(): Router {
  const router = Router();

  router.get(NO_ACCESS_PATH, (req, res) => {
    const refused = req.session.loginWithoutAccess;
    res.render('auth/no-access.njk', { refused, cold: !refused, loggedIn: Boolean(req.currentUser) });
  });

  return router;
}
