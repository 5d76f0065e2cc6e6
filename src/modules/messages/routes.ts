// /berichten: Mijn berichten (M13). Until the Berichtenmodule exists it says
// so honestly, so that "Ga naar alle berichten" leads somewhere.
import { Router } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { requireFacilityUser } from '../../auth/current-user.js';

export function messageRoutes({ prisma }: AppDependencies): Router {
  const router = Router();
  router.get('/berichten', requireFacilityUser(prisma), (_req, res) => {
    res.render('messages/index.njk');
  });
  return router;
}
