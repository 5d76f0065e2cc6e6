// Mijn organisatie: the tab "Organisatiegegevens" (M8) and the tab
// "Contactpersonengegevens" (M9), each with a read mode and an edit mode.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../../dependencies.js';
import { facilityContext, requireFacilityUser } from '../../auth/current-user.js';
import { rescuedForm } from '../session/form-rescue.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { organisationDataSchema, readContactLines, validateContactLines, FIELD_LABELS, type ContactLineInput, type LineError } from '../contacts/schemas.js';
import { ContactsChangedMeanwhile, UnknownContact, loadContacts, saveContacts, updateOrganisationData, type ContactsOverview } from '../contacts/service.js';

const versionSchema = z.coerce.number().int().min(0);

const emptyLine = (): ContactLineInput => ({ id: '', surname: '', givenName: '', email: '', phone: '', themes: [] });

function linesFromOverview(overview: ContactsOverview): ContactLineInput[] {
  return overview.contacts.map((c) => ({
    id: String(c.id),
    surname: c.surname,
    givenName: c.givenName,
    email: c.email,
    phone: c.phone,
    themes: c.themes.map((t) => t.slug),
  }));
}

const switchedNotice = (name: string) =>
  `Dit formulier hoorde bij een andere organisatie: u werkt nu voor ${name}. Er werd niets bewaard. Controleer de gegevens hieronder en klik opnieuw op ‘Bewaren’.`;

export function organisationRoutes(deps: AppDependencies): Router {
  const router = Router();
  const { prisma, config } = deps;
  router.use('/mijn-organisatie', requireFacilityUser(prisma));

  async function renderOrganisation(
    req: Request,
    res: Response,
    options: { editing: boolean; values?: Record<string, unknown>; errors?: FieldError[]; saved?: boolean; notice?: string },
  ) {
    const { scope, facility: acting } = facilityContext(req);
    const facility = await scope.facility.findUniqueOrThrow({ where: { id: acting.id }, include: { enterprise: true, facilityType: true } });
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
    if (rescued) return renderOrganisation(req, res, { editing: true, values: rescued.body, notice: rescued.notice('Bewaren') });
    await renderOrganisation(req, res, { editing: req.query.bewerken === '1', saved: req.query.bewaard === '1' });
  });

  router.post('/mijn-organisatie', async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const body = req.body as Record<string, unknown>;
    if (body.facilityId !== String(facility.id)) {
      // The form was opened for another facility (the user switched in another tab): save nothing.
      res.status(409);
      return renderOrganisation(req, res, { editing: true, values: body, notice: switchedNotice(facility.name) });
    }
    const parsed = organisationDataSchema.safeParse(body);
    if (!parsed.success) {
      res.status(400);
      return renderOrganisation(req, res, { editing: true, values: body, errors: fieldErrors(parsed.error) });
    }
    await updateOrganisationData(scope, facility.id, parsed.data);
    req.log?.info({ facilityId: facility.id }, 'organisation data saved');
    res.redirect(303, '/mijn-organisatie?bewaard=1');
  });

  async function renderContacts(
    req: Request,
    res: Response,
    options: {
      editing: boolean;
      lines?: ContactLineInput[];
      version?: number;
      errors?: LineError[];
      notice?: string;
      confirmRemoval?: number;
      saved?: boolean;
      /** The table as already read by the caller, when it has it. */
      overview?: ContactsOverview;
    },
  ) {
    const { scope, facility } = facilityContext(req);
    const overview = options.overview ?? (await loadContacts(scope, facility));
    const lines = options.lines ?? linesFromOverview(overview);
    const errors = options.errors ?? [];
    res.render('organisation/contacts.njk', {
      overview,
      editing: options.editing,
      lines,
      version: options.version ?? overview.version,
      saved: options.saved,
      notice: options.notice,
      confirmRemoval: options.confirmRemoval,
      lineErrors: Object.fromEntries(errors.map((e) => [`${e.line}.${e.field}`, e.text])),
      summaryErrors: errors.map((e) => ({
        href: `#lines-${e.line}-${e.field === 'id' ? 'surname' : e.field}`,
        text: `Lijn ${e.line + 1}, ${(FIELD_LABELS[e.field] ?? 'gegevens').toLowerCase()}: ${e.text}`,
      })),
    });
  }

  router.get('/mijn-organisatie/contactpersonen', async (req, res) => {
    const rescued = rescuedForm(req);
    if (rescued) {
      const version = versionSchema.safeParse(rescued.body.version);
      const lines = readContactLines(rescued.body);
      return renderContacts(req, res, { editing: true, lines, version: version.success ? version.data : undefined, notice: rescued.notice('Bewaren') });
    }
    await renderContacts(req, res, { editing: req.query.bewerken === '1', saved: req.query.bewaard === '1' });
  });

  router.post('/mijn-organisatie/contactpersonen', async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const body = req.body as Record<string, unknown>;
    const lines = readContactLines(body);
    const version = versionSchema.safeParse(body.version);
    if (!version.success) return res.status(400).render('errors/400.njk');
    if (body.facilityId !== String(facility.id)) {
      // The table was opened for another facility (the user switched in another tab): its lines do not belong here.
      res.status(409);
      return renderContacts(req, res, { editing: true, notice: switchedNotice(facility.name) });
    }

    // Without JavaScript, the buttons of the edit mode post the whole table.
    if (body.action === 'add') return renderContacts(req, res, { editing: true, lines: [...lines, emptyLine()], version: version.data });
    // The cross asks "Bent u zeker ...?" first; the answer removes the line from the form (saved with "Bewaren").
    const lineIndex = z.coerce.number().int().min(0).max(Math.max(lines.length - 1, 0));
    const confirmed = lineIndex.safeParse(body.confirmRemove);
    if (body.confirmRemove !== undefined && confirmed.success) {
      return renderContacts(req, res, { editing: true, lines: lines.filter((_, i) => i !== confirmed.data), version: version.data });
    }
    const remove = lineIndex.safeParse(body.remove);
    if (body.remove !== undefined && remove.success) {
      return renderContacts(req, res, { editing: true, lines, version: version.data, confirmRemoval: remove.data });
    }
    if (body.action !== 'save') return renderContacts(req, res, { editing: true, lines, version: version.data });

    // A new line left completely empty is not a mistake to report: it is dropped.
    const filled = lines.filter((l) => l.id !== '' || [l.surname, l.givenName, l.email, l.phone].some((v) => v.trim() !== '') || l.themes.length > 0);
    const overview = await loadContacts(scope, facility);
    const validated = validateContactLines(filled, overview.themes.map((t) => t.slug));
    if (!validated.ok) {
      res.status(400);
      return renderContacts(req, res, { editing: true, lines: filled, version: version.data, errors: validated.errors, overview });
    }
    try {
      await saveContacts(scope, config, facility, version.data, validated.lines);
    } catch (error) {
      if (error instanceof UnknownContact) return res.status(404).render('errors/404.njk');
      if (!(error instanceof ContactsChangedMeanwhile)) throw error;
      res.status(409);
      // The current data is shown above; the typed lines stay, now based on the current version. A line
      // whose contact was removed meanwhile stays as a new line, so that saving again does not fail on it.
      const current = await loadContacts(scope, facility);
      const existing = new Set(current.contacts.map((c) => String(c.id)));
      return renderContacts(req, res, {
        editing: true,
        lines: filled.map((l) => (l.id === '' || existing.has(l.id) ? l : { ...l, id: '' })),
        version: current.version,
        overview: current,
        notice: 'De contactpersonen werden intussen gewijzigd door iemand anders. Hierboven ziet u de huidige gegevens; uw wijzigingen staan nog in het formulier. Controleer ze en klik opnieuw op ‘Bewaren’.',
      });
    }
    req.log?.info({ facilityId: facility.id, lines: validated.lines.length }, 'contact persons saved');
    res.redirect(303, '/mijn-organisatie/contactpersonen?bewaard=1');
  });

  return router;
}
