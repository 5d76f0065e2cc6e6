// /themas/:slug: the themapagina (M5, M20) with the theme's information and
// guidance. Messages and dossiers join it with their own features.
import { Router } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { facilityContext, requireFacilityUser } from '../../auth/current-user.js';
import { themesOfFacilityType } from './service.js';
import { themeDefinition } from './catalog.js';
import type { DossierService } from '../dossiers/service.js';

export function themeRoutes({ prisma }: AppDependencies, dossiers: Pick<DossierService, 'themePanel'>): Router {
  const router = Router();
  router.get('/themas/:slug', requireFacilityUser(prisma), async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const themes = await themesOfFacilityType(scope, facility.facilityTypeId);
    const theme = themes.find((t) => t.slug === req.params.slug);
    const definition = theme ? themeDefinition(theme.slug) : undefined;
    if (!theme || !definition) return res.status(404).render('errors/404.njk');
    const [contacts, dossierPanel] = await Promise.all([
      scope.contactPerson.findMany({
        where: { confirmedAt: { not: null }, themes: { some: { themeId: theme.id } } },
        orderBy: [{ surname: 'asc' }, { givenName: 'asc' }],
        select: { surname: true, givenName: true, email: true },
      }),
      dossiers.themePanel(scope, facility, theme.slug),
    ]);
    res.render('themes/show.njk', { theme, definition, contacts, dossierPanel });
  });
  return router;
}
