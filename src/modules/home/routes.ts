import { Router } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { facilityContext, requireFacilityUser } from '../../auth/current-user.js';
import { themesWithoutConfirmedContact } from '../contacts/service.js';
import { themesOfFacilityType } from '../themes/service.js';
import type { MessagesService } from '../messages/service.js';
import type { DossierService } from '../dossiers/service.js';
import type { ZorgaanbodService } from '../zorgaanbod/service.js';

/**
 * The startpagina (M5-M7). Visitors see the introduction with "Aanmelden";
 * department staff go to their pages; facility users see their themes, their
 * tasks and their latest received messages.
 */
export function homeRoutes(
  { prisma }: Pick<AppDependencies, 'prisma'>,
  messages: MessagesService,
  dossiers: Pick<DossierService, 'draftTasks'>,
  zorgaanbod: Pick<ZorgaanbodService, 'task'>,
): Router {
  const router = Router();
  router.get(
    '/',
    (req, res, next) => {
      if (!req.currentUser) return res.render('home/index.njk', { loggedOut: req.query.afgemeld === '1' });
      if (req.currentUser.staff && req.currentUser.facilities.length === 0) return res.redirect('/beheer');
      next();
    },
    requireFacilityUser(prisma),
    async (req, res) => {
      const { scope, facility } = facilityContext(req);
      const [themes, withoutContact, received, drafts, zorgaanbodTask] = await Promise.all([
        themesOfFacilityType(scope, facility.facilityTypeId),
        themesWithoutConfirmedContact(scope, facility),
        messages.latestReceived(scope, facility),
        dossiers.draftTasks(scope),
        zorgaanbod.task(scope, facility),
      ]);
      res.render('home/start.njk', { themes, tasks: withoutContact, received, dossierTasks: drafts, zorgaanbodTask });
    },
  );
  return router;
}
