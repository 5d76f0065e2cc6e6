// /bevestigen/:token (M10): a contact person confirms without logging in.
import { Router } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { confirmContact, resendConfirmation } from '../contacts/service.js';

export function confirmationRoutes({ prisma, config }: AppDependencies): Router {
  const router = Router();
  router.get('/bevestigen/:token', async (req, res) => {
    // Links in e-mails must not leak through the Referer of any later navigation.
    res.setHeader('Referrer-Policy', 'no-referrer');
    const outcome = await confirmContact(prisma, req.params.token);
    if (outcome.status === 'confirmed') return res.render('confirmation/confirmed.njk');
    if (outcome.status === 'expired') return res.status(410).render('confirmation/expired.njk', { token: req.params.token });
    res.status(404).render('confirmation/invalid.njk');
  });
  router.post('/bevestigen/:token/opnieuw', async (req, res) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (await resendConfirmation(prisma, config, req.params.token)) return res.render('confirmation/resent.njk');
    res.status(404).render('confirmation/invalid.njk');
  });
  return router;
}
