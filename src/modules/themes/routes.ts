// /themas/:slug: the themapagina (M5, M20) with the theme's information and
// guidance. Messages and dossiers join it with their own features; the
// dossier panel loops over the registry of dossier types (dossier-core).
import { Router } from 'express';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { facilityTypeCode, themesOfFacilityType } from './service.js';
import { themeDefinition } from './catalog.js';
import { helpForTheme } from '../help/index.js';
import { listView, readListQuery, THEME_MESSAGES } from '../messages/index.js';
import { dossierPanel as dossierPanelOf } from '../dossier-core/index.js';
import { NotFound } from '../../lib/http-errors.js';

export function themeRoutes({ facilityUser, now, messages, zorgaanbodPanel: zorgaanbodPanelOf }: Pick<Services, 'facilityUser' | 'now' | 'messages' | 'zorgaanbodPanel'>): Router {
  const router = Router();
  router.get('/themas/:slug', facilityUser, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const themes = await themesOfFacilityType(scope, facility.facilityTypeId);
    const theme = themes.find((t) => t.slug === req.params.slug);
    const definition = theme ? themeDefinition(theme.slug) : undefined;
    if (!theme || !definition) throw new NotFound();
    helpForTheme(res, theme.slug);
    // The theme's messages, received and sent in one list (M20), and its dossiers (M22).
    const query = req.query as Record<string, unknown>;
    const listQuery = readListQuery(THEME_MESSAGES, query);
    const [contacts, result, dossierPanel, zorgaanbodPanel] = await Promise.all([
      scope.contactPerson.findMany({
        where: { confirmedAt: { not: null }, themes: { some: { themeId: theme.id } } },
        orderBy: [{ surname: 'asc' }, { givenName: 'asc' }],
        select: { surname: true, givenName: true, email: true },
      }),
      messages.listMessages(scope, facility, THEME_MESSAGES, listQuery, theme.id, req.currentUser?.id),
      facilityTypeCode(scope, facility.facilityTypeId).then((code) => dossierPanelOf(scope, facility, code, theme.slug, now())),
      theme.slug === 'zorgaanbod' ? zorgaanbodPanelOf(scope, facility) : undefined,
    ]);
    const list = listView({ component: THEME_MESSAGES, title: 'Berichten', path: `/themas/${theme.slug}`, query, listQuery, result });
    res.render('themes/show.njk', { theme, definition, contacts, messages: list, dossierPanel, zorgaanbodPanel });
  });
  return router;
}
