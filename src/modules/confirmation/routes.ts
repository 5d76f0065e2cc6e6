// /bevestigen/:token (M10): a contact person confirms without logging in.
// Opening the link (GET, HEAD) changes nothing, because the link scanners of
// mail providers open links too: the page says who is confirmed for which
// facility and themes, and only its button "Bevestigen" (a POST with a CSRF
// token from the anonymous session) confirms.
import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { NotFound } from '../../lib/http-errors.js';

export function confirmationRoutes({ contacts }: Pick<Services, 'contacts'>): Router {
  const router = Router();
  // Links in e-mails must not leak through the Referer of any later navigation.
  const noReferrer = (res: Response) => res.setHeader('Referrer-Policy', 'no-referrer');

  router.get('/bevestigen/:token', async (req, res) => {
    noReferrer(res);
    const link = await contacts.describeConfirmation(req.params.token);
    if (link.status === 'valid') return res.render('confirmation/confirm.njk', { link, token: req.params.token });
    if (link.status === 'expired') return res.status(410).render('confirmation/expired.njk', { token: req.params.token });
    throw new NotFound('confirmation/invalid.njk');
  });
  router.post('/bevestigen/:token', async (req, res) => {
    noReferrer(res);
    const outcome = await contacts.confirm(req.params.token);
    if (outcome.status === 'confirmed') return res.render('confirmation/confirmed.njk');
    if (outcome.status === 'expired') return res.status(410).render('confirmation/expired.njk', { token: req.params.token });
    throw new NotFound('confirmation/invalid.njk');
  });
  router.post('/bevestigen/:token/opnieuw', async (req, res) => {
    noReferrer(res);
    if (await contacts.resendConfirmation(req.params.token)) return res.render('confirmation/resent.njk');
    throw new NotFound('confirmation/invalid.njk');
  });
  return router;
}
