// /dossiers: create a Meting dagprijzen, the form with its two Luiken, its
// buttons (without JavaScript every button posts the whole form) and the
// receipt. The rules are in schemas.ts and service.ts.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { requestActor } from '../../auth/actor.js';
import { applyLineAction, lineErrorsAsFieldErrors, readLineAction, readLines, type LineAction, type LineError } from '../../lib/editable-lines.js';
import { errorViewWithSummary, type FieldError } from '../../lib/form-errors.js';
import {
  describeLineError,
  GROUP_NAMES,
  KAMERTYPE_DOUBLE,
  KAMERTYPES,
  linesByLuik,
  LUIK_GROUPS,
  luikenForView,
  luikOfGroup,
  newLine,
  parseDraft,
  type LinesByLuik,
} from './schemas.js';
import { CampaignClosed, METING, NotAllowed, PRICES_THEME, type DossierView } from './service.js';
import { pagesOfTheme } from '../help/index.js';
import { correctRefusedRoute, roleNeeded, sendPdf } from '../dossier-core/index.js';
import { NotFound, Forbidden } from '../../lib/http-errors.js';

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const versionSchema = z.coerce.number().int().min(0).max(2_147_483_647);

interface FormState {
  lines?: LinesByLuik;
  version?: number;
  errors?: LineError[];
  /** Errors that belong to no field (capacity, deadline). */
  formErrors?: FieldError[];
  notice?: string;
  confirmRemoval?: { group: string; index: number };
  confirmSubmit?: boolean;
  capacityQuestion?: { total: number; recognized: number };
}


export function dossierRoutes({ facilityUser, config, now, dossiers }: Pick<Services, 'facilityUser' | 'config' | 'now' | 'dossiers'>): Router {
  const router = Router();
  router.use('/dossiers', facilityUser, pagesOfTheme(PRICES_THEME));

  function renderForm(req: Request, res: Response, view: DossierView, state: FormState = {}) {
    const lines = state.lines ?? linesByLuik(view.lines);
    const lineErrors = lineErrorsAsFieldErrors(state.errors ?? [], describeLineError);
    const errors = errorViewWithSummary([...(state.formErrors ?? []), ...lineErrors.beside], [...(state.formErrors ?? []), ...lineErrors.summary]);
    const luiken = luikenForView(lines, view.campaign.kortingCents);
    const doomed = state.confirmRemoval;
    res.render('dossiers/form.njk', {
      dossier: view,
      luiken,
      kamertypes: KAMERTYPES.map((k) => ({ value: k, text: k })),
      kamertypeDouble: KAMERTYPE_DOUBLE,
      version: state.version ?? view.version,
      notice: state.notice,
      confirmRemoval: doomed ? { ...doomed, luik: luikOfGroup(doomed.group), line: doomed.index + 1 } : undefined,
      confirmSubmit: state.confirmSubmit,
      capacityQuestion: state.capacityQuestion,
      saved: req.query.bewaard === '1',
      submitted: req.query.ingediend === '1',
      submitterEmail: req.currentUser?.email ?? null,
      ...errors,
    });
  }

  async function load(req: Request): Promise<DossierView> {
    const id = idSchema.safeParse(req.params.id);
    const { scope, facility } = facilityContext(req);
    const view = id.success ? await dossiers.view(scope, facility, id.data) : undefined;
    if (!view) throw new NotFound();
    return view;
  }

  // The begeleidend document of seed 002 §4.4.3, linked from the form, the theme page and "Hulp nodig?".
  router.get('/dossiers/richtlijnen', async (req, res) => {
    const { scope, facility } = facilityContext(req);
    res.render('dossiers/guidelines.njk', { c: await dossiers.guidelinesCampaign(scope, facility) });
  });

  router.post('/dossiers', async (req, res) => {
    const { scope, facility } = facilityContext(req);
    try {
      const id = await dossiers.create(scope, { ...requestActor(req), facility });
      req.log?.info({ facilityId: facility.id, dossierId: id }, 'dossier created');
      res.redirect(303, `/dossiers/${id}`);
    } catch (error) {
      if (error instanceof NotAllowed) throw new Forbidden('dossiers/not-allowed.njk', { roleNeeded: roleNeeded(METING) });
      if (error instanceof CampaignClosed) return res.status(409).render('dossiers/closed.njk');
      throw error;
    }
  });

  router.get('/dossiers/:id', async (req, res) => {
    renderForm(req, res, await load(req));
  });

  router.post('/dossiers/:id', async (req, res) => {
    const view = await load(req);
    const { scope, facility } = facilityContext(req);
    if (!view.mayEdit) throw new Forbidden('dossiers/not-allowed.njk', { roleNeeded: view.roleNeeded });
    // Submitted meanwhile (another tab, a double click): the read-only dossier says so.
    if (!view.editable) return res.redirect(303, `/dossiers/${view.id}`);
    const body = req.body as Record<string, unknown>;
    const version = versionSchema.safeParse(body.version);
    if (!version.success) return res.status(400).render('errors/400.njk');
    const typed: LinesByLuik = { 1: readLines(body, LUIK_GROUPS[1]), 2: readLines(body, LUIK_GROUPS[2]) };
    let action: LineAction = readLineAction(body, GROUP_NAMES);
    // The answer to the capacity question is a button of its own; it also means "OK, indienen".
    const capacityConfirmed = z.coerce.number().int().min(0).safeParse(body.capacityConfirmed);
    if (action.kind === 'other' && body.capacityConfirmed !== undefined) action = { kind: 'other', action: 'confirmSubmit' };
    const state = { version: version.data };

    if (action.kind === 'add' || action.kind === 'confirmRemove') {
      const lines: LinesByLuik = { 1: applyLineAction(typed[1], LUIK_GROUPS[1], action, newLine), 2: applyLineAction(typed[2], LUIK_GROUPS[2], action, newLine) };
      return renderForm(req, res, view, { ...state, lines });
    }
    if (action.kind === 'remove') {
      const count = typed[luikOfGroup(action.group)].length;
      if (action.index >= count) return renderForm(req, res, view, { ...state, lines: typed });
      return renderForm(req, res, view, { ...state, lines: typed, confirmRemoval: { group: action.group, index: action.index } });
    }
    if (action.action === 'submit') return renderForm(req, res, view, { ...state, lines: typed, confirmSubmit: true });
    if (action.action !== 'save' && action.action !== 'confirmSubmit') return renderForm(req, res, view, { ...state, lines: typed });

    const draft = parseDraft(typed);
    if (!draft.ok) {
      res.status(400);
      return renderForm(req, res, view, { ...state, lines: typed, errors: draft.errors });
    }
    const actor = { ...requestActor(req), facility };
    const conflict = async () => {
      res.status(409);
      const current = await dossiers.view(scope, facility, view.id);
      if (!current?.editable) return res.redirect(303, `/dossiers/${view.id}`);
      return renderForm(req, res, current, {
        lines: typed,
        version: current.version,
        notice:
          'Het dossier werd intussen gewijzigd door iemand anders. Uw gegevens staan nog in het formulier, maar werden niet bewaard. Controleer ze en klik opnieuw op ‘Bewaren’ of ‘Indienen’: dan vervangen ze de gewijzigde gegevens.',
      });
    };

    if (action.action === 'save') {
      const outcome = await dossiers.saveDraft(scope, actor, view.id, version.data, draft.lines);
      if (outcome.kind === 'conflict') return conflict();
      if (outcome.kind === 'notDraft') return res.redirect(303, `/dossiers/${view.id}`);
      req.log?.info({ facilityId: facility.id, dossierId: view.id }, 'dossier saved');
      return res.redirect(303, `/dossiers/${view.id}?bewaard=1`);
    }

    const outcome = await dossiers.submit(scope, actor, view.id, version.data, draft.lines, capacityConfirmed.success ? capacityConfirmed.data : undefined);
    const again = (formErrors: FieldError[], extra: FormState = {}) => {
      res.status(400);
      return renderForm(req, res, view, { ...state, lines: typed, formErrors, ...extra });
    };
    switch (outcome.kind) {
      case 'submitted':
        req.log?.info({ facilityId: facility.id, dossierId: view.id }, 'dossier submitted');
        return res.redirect(303, `/dossiers/${view.id}?ingediend=1`);
      case 'alreadySubmitted':
        return res.redirect(303, `/dossiers/${view.id}`);
      case 'conflict':
        return conflict();
      case 'invalid':
        res.status(400);
        return renderForm(req, res, view, { ...state, lines: typed, errors: outcome.errors });
      case 'closed':
        return again([
          { field: 'indienen', text: `De indieningstermijn liep tot en met ${outcome.deadlineText}: u kan dit dossier niet meer indienen. Neem contact op met Team Prijzen via prijzen@vlaanderen.be.` },
        ]);
      case 'capacityUnknown':
        return again([{ field: 'capaciteit', text: 'De erkende capaciteit van uw woonzorgcentrum voor deze meting is nog niet gekend. Neem contact op met Team Prijzen via prijzen@vlaanderen.be.' }]);
      case 'capacityTooHigh':
        return again([
          {
            field: 'capaciteit',
            text: `De som van de capaciteit in Luik 1 en Luik 2 (${outcome.total}) is hoger dan de erkende capaciteit van uw woonzorgcentrum op ${view.campaign.measurementDate} (${outcome.recognized}). Pas de capaciteit van de lijnen aan.`,
          },
        ]);
      case 'capacityLower':
        res.status(400);
        return renderForm(req, res, view, { ...state, lines: typed, capacityQuestion: { total: outcome.total, recognized: outcome.recognized } });
    }
  });

  // "Corrigeren en opnieuw indienen": a refused dossier back to the facility (heropend), by a holder of the role.
  router.post('/dossiers/:id/corrigeren', correctRefusedRoute({ config, now }, load, (id) => `/dossiers/${id}`));

  router.get('/dossiers/:id/ontvangstbewijs.pdf', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const { scope } = facilityContext(req);
    await sendPdf(req, res, 'ontvangstbewijs', async () => (id.success ? dossiers.receipt(scope, id.data) : undefined));
  });

  router.get('/dossiers/:id/beslissing.pdf', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const { scope } = facilityContext(req);
    await sendPdf(req, res, 'beslissing', async () => (id.success ? dossiers.letter(scope, id.data) : undefined));
  });

  return router;
}
