// Mijn organisatie, tab "Organisatiegegevens" (M8): a read mode and, after
// "Bewerken", a form that stores with "wijzigen" (seed 000 §3.1).
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { requestActor } from '../../auth/actor.js';
import { rescuedForm } from '../session/index.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { organisationDataSchema, switchedNotice } from '../contacts/index.js';

export function organisationRoutes({ facilityUser, contacts }: Pick<Services, 'facilityUser' | 'contacts'>): Router {
  const router = Router();
  router.use('/mijn-organisatie', facilityUser);

  async function renderOrganisation(
    req: Request,
    res: Response,
    options: { editing: boolean; values?: Record<string, unknown>; errors?: FieldError[]; saved?: boolean; notice?: string },
  ) {
    const { scope } = facilityContext(req);
    const facility = await contacts.loadOrganisation(scope);
    res.render('organisation/index.njk', {
      facility,
      editing: options.editing,
      values: options.values ?? { phone: facility.phone, email: facility.email, website: facility.website },
      saved: options.saved,
      notice: options.notice,
      ...errorView(options.errors ?? []),
    });
  }

  router.get('/mijn-organisatie', async (req, res) => {
    const rescued = rescuedForm(req);
    if (rescued) return renderOrganisation(req, res, { editing: true, values: rescued.body, notice: rescued.notice('wijzigen') });
    await renderOrganisation(req, res, { editing: req.query.bewerken === '1', saved: req.query.bewaard === '1' });
  });

  router.post('/mijn-organisatie', async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const body = req.body as Record<string, unknown>;
    if (body.facilityId !== String(facility.id)) {
      // The form was opened for another facility (the user switched in another tab): save nothing.
      res.status(409);
      return renderOrganisation(req, res, { editing: true, values: body, notice: switchedNotice(facility.name, 'wijzigen') });
    }
    const parsed = organisationDataSchema.safeParse(body);
    if (!parsed.success) {
      res.status(400);
      return renderOrganisation(req, res, { editing: true, values: body, errors: fieldErrors(parsed.error) });
    }
    await contacts.updateOrganisationData(scope, facility.id, parsed.data, requestActor(req));
    req.log?.info({ facilityId: facility.id }, 'organisation data saved');
    res.redirect(303, '/mijn-organisatie?bewaard=1');
  });

  return router;
}
