import { Router } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { facilityContext, requireFacilityUser } from '../../auth/current-user.js';

/**
 * The startpagina. Visitors see the introduction with "Aanmelden"; department
 * staff go to their pages; facility users see their facility's themes.
 */
export function homeRoutes({ prisma }: AppDependencies): Router {
  const router = Router();
  const facilityUser = requireFacilityUser(prisma);
  router.get('/', (req, res, next) => {
    if (!req.currentUser) return res.render('home/index.njk', { loggedOut: req.query.afgemeld === '1' });
    if (req.currentUser.staff && req.currentUser.facilities.length === 0) return res.redirect('/beheer');
    next();
  }, facilityUser, async (req, res) => {
    const { scope, facility: acting } = facilityContext(req);
    const facility = await scope.facility.findUniqueOrThrow({
      where: { id: acting.id },
      select: { facilityType: { select: { name: true, themes: { select: { theme: { select: { name: true, slug: true } } } } } } },
    });
    res.render('home/start.njk', { facilityType: facility.facilityType.name, themes: facility.facilityType.themes.map((t) => t.theme) });
  });
  return router;
}
