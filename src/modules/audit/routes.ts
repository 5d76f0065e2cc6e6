// /beheer/audit: the audit trail (M28), for the Technische helpdesk only.
// Read-only: the portal has no route that changes the trail.
import type { Services } from '../../services.js';
import { Router } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM, requireTeam } from '../../auth/teams.js';
import { errorView } from '../../lib/form-errors.js';
import { AUDIT_KINDS } from './record.js';
import { readAuditQuery } from './schemas.js';
import type { AuditFilter } from './service.js';

const PATH = '/beheer/audit';

/** The query string of a filter and page, as the links and the form carry it. */
function hrefOf(filter: AuditFilter, values: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  if (filter.facilityId !== undefined) params.set('voorziening', String(filter.facilityId));
  if (filter.actorUserId !== undefined) params.set('persoon', String(filter.actorUserId));
  if (filter.kind) params.set('soort', filter.kind);
  if (filter.from && values.van) params.set('van', values.van);
  if (filter.before && values.tot) params.set('tot', values.tot);
  if (page > 1) params.set('pagina', String(page));
  const query = params.toString();
  return query ? `${PATH}?${query}` : PATH;
}

export function auditRoutes({ audit }: Pick<Services, 'audit'>): Router {
  const router = Router();
  router.use(PATH, requireStaff, requireTeam(HELPDESK_TEAM));

  router.get(PATH, async (req, res) => {
    const { filter, page, values, errors } = readAuditQuery(req.query as Record<string, unknown>);
    const [found, names] = await Promise.all([audit.list(filter, page), audit.filterNames(filter)]);
    const { facilityId, actorUserId, ...others } = filter;

    res.status(errors.length > 0 ? 400 : 200).render('audit/index.njk', {
      found,
      filter,
      values,
      names,
      kinds: [{ value: '', text: 'Alle soorten' }, ...Object.entries(AUDIT_KINDS).map(([value, text]) => ({ value, text }))],
      clearFacilityHref: hrefOf({ ...others, ...(actorUserId === undefined ? {} : { actorUserId }) }, values, 1),
      clearPersonHref: hrefOf({ ...others, ...(facilityId === undefined ? {} : { facilityId }) }, values, 1),
      facilityHref: (id: number) => hrefOf({ ...filter, facilityId: id }, values, 1),
      personHref: (id: number) => hrefOf({ ...filter, actorUserId: id }, values, 1),
      previousHref: page > 1 ? hrefOf(filter, values, page - 1) : undefined,
      nextHref: found.hasNext ? hrefOf(filter, values, page + 1) : undefined,
      ...errorView(errors),
    });
  });

  return router;
}
