// "Aangemeld blijven" in the idle warning (public/js/session-timeout.js): a
// small POST, protected by the CSRF token like every other, that renews the
// idle timeout. It cannot pass the absolute timeout: the answer says how long
// the session now lasts and whether a later extension could still help.
import { Router } from 'express';
import type { Config } from '../../config.js';
import { sessionTimeLeft } from '../../auth/session-timing.js';
import { idleEndsAt, renewIdleTimeout } from '../../middleware/session.js';

export function sessionRoutes(config: Config): Router {
  const router = Router();

  router.post('/sessie/verlengen', (req, res) => {
    const loginAt = req.session.loginAt;
    if (!req.currentUser || loginAt === undefined) {
      res.status(401).json({ ended: true });
      return;
    }
    // The extension itself: renewed now, whatever the minute precision of other requests. The time left is
    // judged at the moment of the renewal, so a full idle timeout reads as such (not one second less a millisecond later).
    const renewedAt = Date.now();
    renewIdleTimeout(req);
    res.json(sessionTimeLeft(loginAt, idleEndsAt(req), config, renewedAt));
  });

  return router;
}
