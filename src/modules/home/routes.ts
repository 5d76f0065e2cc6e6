import { Router } from 'express';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { themesOfFacilityType } from '../themes/index.js';
import { myTasks } from './service.js';

/**
 * The startpagina (M5-M7). Visitors see the introduction with "Aanmelden";
 * department staff go to their pages; facility users see their themes, their
 * tasks and their latest received messages.
 */
export function homeRoutes(
  { facilityUser, now, messages, zorgaanbod }: Pick<Services, 'facilityUser' | 'now' | 'messages' | 'zorgaanbod'>,
): Router {
  const router = Router();
  router.get(
    '/',
    (req, res, next) => {
      if (!req.currentUser) return res.render('home/index.njk', { loggedOut: req.query.afgemeld === '1' });
      if (req.currentUser.staff && req.currentUser.facilities.length === 0) return res.redirect('/beheer');
      next();
    },
    facilityUser,
    async (req, res) => {
      const { scope, facility } = facilityContext(req);
      // Round trips besides the session: "Mijn taken", the latest received messages and,
      // for a huisartsenkring only, the Zorgaanbod list to submit.
      const [themes, tasks, received, zorgaanbodTask] = await Promise.all([
        themesOfFacilityType(scope, facility.facilityTypeId),
        myTasks(scope, facility, now()),
        messages.latestReceived(scope, facility, req.currentUser?.id),
        zorgaanbod.task(scope, facility),
      ]);
      res.render('home/start.njk', { themes, tasks: tasks.themesWithoutContact, organisationEmail: tasks.organisationEmail, received, dossierTasks: tasks.dossiers, campaignTasks: tasks.openCampaigns, zorgaanbodTask });
    },
  );
  return router;
}
