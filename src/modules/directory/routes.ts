// /beheer/voorzieningen: the facility directory (M28), for every staff member.
import type { Services } from '../../services.js';
import { Router, type Request, type Response } from 'express';
import { requestActor } from '../../auth/actor.js';
import { requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM, isTeamMember, requireTeam } from '../../auth/teams.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { TEAM_PRIJZEN } from '../campaigns/index.js';
import { directoryFilterSchema, facilityIdSchema, priceFieldsSchema, type DirectoryFilters } from './schemas.js';
import { FACILITY_TYPES } from '../themes/index.js';
import { NotFound } from '../../lib/http-errors.js';

/** The facility types with the theme Prijzen: their facilities have a price register (M33). */
const TYPES_WITH_PRICES = new Set(FACILITY_TYPES.filter((t) => t.themes.includes('prijzen')).map((t) => t.code));

/** The directory's link for these filters and page (no empty parameters). */
function searchHref(filters: DirectoryFilters, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['naam', 'hco', 'kbo', 'type', 'gemeente'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('pagina', String(page));
  const query = params.toString();
  return `/beheer/voorzieningen${query ? `?${query}` : ''}`;
}

export function directoryRoutes({ directory }: Pick<Services, 'directory'>): Router {
  const router = Router();
  router.use('/beheer/voorzieningen', requireStaff);

  router.get('/beheer/voorzieningen', async (req, res) => {
    const filters = directoryFilterSchema.parse(req.query);
    const [result, types] = await Promise.all([directory.search(filters), directory.facilityTypes()]);
    res.render('directory/index.njk', {
      filters,
      result,
      types,
      filtered: Boolean(filters.naam || filters.hco || filters.kbo || filters.type || filters.gemeente),
      previousHref: result.page > 1 ? searchHref(filters, result.page - 1) : undefined,
      nextHref: result.page < result.totalPages ? searchHref(filters, result.page + 1) : undefined,
    });
  });

  /** The facility's page; with a refused price-fields form, its typed values and errors. */
  async function showFacility(req: Request, res: Response, form?: { values: Record<string, unknown>; errors: FieldError[] }) {
    const id = facilityIdSchema.safeParse(req.params.id);
    const teams = req.currentUser?.staff?.teams ?? [];
    // The helpdesk reads the whole audit trail (/beheer/audit), so its rows here are not withheld either.
    const helpdesk = isTeamMember(req, HELPDESK_TEAM);
    const facility = id.success ? await directory.facility(id.data, { teamCodes: teams.map((t) => t.code), wholeTrail: helpdesk }) : undefined;
    if (!facility) throw new NotFound();
    const withPrices = TYPES_WITH_PRICES.has(facility.type.code);
    const pricesHref = withPrices ? `/beheer/voorzieningen/${facility.id}/prijzen` : undefined;
    res.render('directory/show.njk', {
      facility,
      helpdesk,
      pricesHref,
      withPrices,
      // Team Prijzen keeps the fields the price dossiers' rules read; every other staff member reads them.
      mayEditPriceFields: withPrices && isTeamMember(req, TEAM_PRIJZEN),
      priceFieldsSaved: req.query.prijsgegevens === 'bewaard',
      priceFieldValues: form?.values,
      ...errorView(form?.errors ?? []),
    });
  }

  router.get('/beheer/voorzieningen/:id', (req, res) => showFacility(req, res));

  router.post('/beheer/voorzieningen/:id/prijsgegevens', requireTeam(TEAM_PRIJZEN), async (req, res) => {
    const id = facilityIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const body = req.body as Record<string, unknown>;
    const parsed = priceFieldsSchema.safeParse(body);
    if (!parsed.success) {
      res.status(400);
      return showFacility(req, res, { values: body, errors: fieldErrors(parsed.error) });
    }
    const updated = await directory.updatePriceFields(id.data, parsed.data, requestActor(req));
    if (!updated) throw new NotFound();
    res.redirect(303, `/beheer/voorzieningen/${id.data}?prijsgegevens=bewaard#prijsgegevens`);
  });

  return router;
}
