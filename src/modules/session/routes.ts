// "Aangemeld blijven" in the idle warning (public/js/session-timeout.js): a
// small POST, protected by the CSRF token like every other, that renews the
// idle timeout. It cannot pass the absolute timeout: the answer says how long
// the session now lasts and whether a later extension could still help.
import { Router } from 'express';
import type { Services } from '../../services.js';
import { sessionTimeLeft } from '../../auth/session-timing.js';
import { idleEndsAt, renewIdleTimeout } from '../../middleware/session.js';

export function sessionRoutes({ config }: Pick<Services, 'config'>): Router {
  const router = Router();

  router.post('/sessie/verlengen', (req, res) => {
    const loginAt = req.session.loginAt;
    if (!req.currentUser || loginAt === undefined) {
      res.status(401).json({ ended: true });
      return;
    }
    // The extension itself: renewed now, whatever the minute precision of other requests. The time left is
    // judged at the moment of the renewal, so a full idle timeout reads as such (not one second less a millisecond later).
    // The cookie's expiry comes from its stored original max age, which can be a few hundred milliseconds
    // short of the idle timeout; the renewal stands for a whole idle timeout from its moment.
    const renewedAt = Date.now();
    renewIdleTimeout(req);
    const idleEnd = Math.max(idleEndsAt(req), renewedAt + config.sessionIdleMinutes * 60_000);
    res.json(sessionTimeLeft(loginAt, idleEnd, config, renewedAt));
  });

  return router;
}
