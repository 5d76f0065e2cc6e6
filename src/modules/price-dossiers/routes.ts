// /dossiers/prijzen/...: the price dossiers (M34-M38) of the acting facility.
// One set of routes for the five types: the type's definition gives the form
// and the rules. Without JavaScript every button posts the whole form; the
// server applies the button (add a line, remove one after a question, save,
// submit) and shows the form again.
import { Forbidden, NotFound } from '../../lib/http-errors.js';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { actorOf } from '../audit/index.js';
import { applyLineAction, emptyLine, lineErrorsAsFieldErrors, readLineAction, type LineAction, type LineError } from '../../lib/editable-lines.js';
import { errorViewWithSummary, type FieldError } from '../../lib/form-errors.js';
import { calendarDateOfDbDate, formatCalendar } from '../../lib/dates.js';
import { pagesOfTheme } from '../help/index.js';
import { fileFieldView, findStoredFile, sendStoredFile, uploadsOf, type Refusal, type StoredFileInfo, type UploadMiddleware } from '../../uploads/index.js';
import {
  correctRefusedRoute,
  dossierReceipt,
  sendPdf,
  FIELD_LABELS,
  formValuesOf,
  linesOfGroup,
  lineGroup,
  NEW_PRICE_DOSSIER_PATH,
  PRICES_THEME,
  priceDossierPath,
  readForm,
  roleNeeded,
  UNIT_TEXT,
  type PriceFormValues,
  type PriceGroupSpec,
} from '../dossier-core/index.js';
import { PriceDossierRefused, type PriceDossierView } from './service.js';

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const versionSchema = z.coerce.number().int().min(0).max(2_147_483_647);
const newSchema = z.object({ type: z.string().max(64) });

interface FormState {
  values?: PriceFormValues;
  version?: number;
  lineErrors?: LineError[];
  fieldErrors?: FieldError[];
  notice?: string;
  confirmRemoval?: { group: string; index: number };
  confirmSubmit?: boolean;
  /** The approval's PDF staged by an earlier post of this form, shown as kept. */
  kept?: StoredFileInfo[];
}

/** The approval's PDF (M37, M38): one file, a PDF by its content. */
export const APPROVAL_FIELD = 'approval';
const APPROVAL_MAX_BYTES = 5 * 1024 * 1024;
/** Where the form of a type with an approval posts (multipart). */
const approvalFormPath = (id: string) => `/dossiers/prijzen/${id}/formulier`;

function describe(groups: readonly PriceGroupSpec[]) {
  return (e: LineError) => `${groups.find((g) => g.name === e.group)?.title ?? e.group}, lijn ${e.line + 1}, ${FIELD_LABELS[e.field as keyof typeof FIELD_LABELS]?.toLowerCase() ?? e.field}`;
}

export function priceDossierRoutes({ facilityUser, config, now, priceDossiers: dossiers, uploads }: Pick<Services, 'facilityUser' | 'config' | 'now' | 'priceDossiers' | 'uploads'>): Router {
  const router = Router();
  router.use('/dossiers/prijzen', facilityUser, pagesOfTheme(PRICES_THEME));

  // Checked before a byte of the file is kept: the dossier is the acting facility's, this user edits it now,
  // and its type takes an approval (the other types' forms are not multipart).
  const accept: UploadMiddleware = uploads.acceptUploads({
    field: APPROVAL_FIELD,
    maxFiles: 1,
    maxFileBytes: APPROVAL_MAX_BYTES,
    types: ['pdf'],
    async allow(req: Request) {
      const id = idSchema.safeParse(req.params.id);
      const { scope, facility } = facilityContext(req);
      const view = id.success ? await dossiers.view(scope, facility, id.data) : undefined;
      const refuse =
        (status: number, page: string, locals: Record<string, unknown> = {}): Refusal =>
        (_req, res) =>
          res.status(status).render(page, locals);
      if (!view) return refuse(404, 'errors/404.njk');
      if (!view.mayEdit) return refuse(403, 'dossiers/not-allowed.njk', { roleNeeded: view.roleNeeded });
      if (!view.editable) return (_req, res) => res.redirect(303, priceDossierPath(view.id));
      if (!view.type.price.form.approval) return refuse(404, 'errors/404.njk');
      return undefined;
    },
  });

  function render(req: Request, res: Response, view: PriceDossierView, state: FormState = {}) {
    const spec = view.type.price.form;
    const values = state.values ?? formValuesOf(spec, view.lines, view.facts);
    const lineErrors = lineErrorsAsFieldErrors(state.lineErrors ?? [], describe(spec.groups));
    const formErrors = state.fieldErrors ?? [];
    const errors = errorViewWithSummary([...formErrors, ...lineErrors.beside], [...formErrors, ...lineErrors.summary]);
    res.render('price-dossiers/form.njk', {
      dossier: view,
      spec,
      values,
      // Per group its stored lines (M38 has two groups of kamertypes: the register's and new ones).
      groupLines: Object.fromEntries(spec.groups.map((g) => [g.name, linesOfGroup(spec, g, view.lines)])),
      units: UNIT_TEXT,
      labels: FIELD_LABELS,
      version: state.version ?? view.version,
      notice: state.notice,
      confirmRemoval: state.confirmRemoval ? { ...state.confirmRemoval, line: state.confirmRemoval.index + 1, title: spec.groups.find((g) => g.name === state.confirmRemoval?.group)?.title ?? '' } : undefined,
      confirmSubmit: state.confirmSubmit,
      approvalField: spec.approval ? fileFieldView(accept, state.kept ?? []) : undefined,
      formAction: spec.approval ? approvalFormPath(String(view.id)) : priceDossierPath(view.id),
      approvalPath: view.facts.approvalFileId ? `${priceDossierPath(view.id)}/goedkeuring.pdf` : null,
      termEndText: view.termEndsOn ? formatCalendar(calendarDateOfDbDate(view.termEndsOn)) : null,
      validFromText: view.facts.validFrom ? formatCalendar(view.facts.validFrom) : null,
      saved: req.query.bewaard === '1',
      submitted: req.query.ingediend === '1',
      ...errors,
    });
  }

  async function load(req: Request): Promise<PriceDossierView> {
    const id = idSchema.safeParse(req.params.id);
    const { scope, facility } = facilityContext(req);
    const view = id.success ? await dossiers.view(scope, facility, id.data) : undefined;
    if (!view) throw new NotFound();
    return view;
  }

  const actor = (req: Request) => {
    const { facility } = facilityContext(req);
    const user = req.currentUser;
    if (!user) throw new Error('requireFacilityUser runs first');
    return { ...actorOf(user), userId: user.id, facility };
  };

  router.post(NEW_PRICE_DOSSIER_PATH, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const input = newSchema.safeParse(req.body);
    const type = input.success ? await dossiers.typeFor(scope, facility, input.data.type) : undefined;
    if (!type) throw new NotFound();
    try {
      const id = await dossiers.create(scope, actor(req), type);
      res.redirect(303, priceDossierPath(id));
    } catch (error) {
      if (!(error instanceof PriceDossierRefused)) throw error;
      if (error.reason === 'role') throw new Forbidden('dossiers/not-allowed.njk', { roleNeeded: roleNeeded(type) });
      const reason = error.reason === 'maxOpen' ? 'Uw voorziening heeft al een dossier van dit type dat nog niet afgehandeld is.' : error.message;
      res.status(409).render('price-dossiers/refused.njk', { typeName: type.name, reason });
    }
  });

  router.get('/dossiers/prijzen/:id', async (req, res) => {
    const view = await load(req);
    if (view) render(req, res, view);
  });

  // "Corrigeren en opnieuw indienen": a refused dossier back to the facility (heropend), by a holder of the role.
  router.post('/dossiers/prijzen/:id/corrigeren', correctRefusedRoute({ config, now }, load, priceDossierPath));

  router.get('/dossiers/prijzen/:id/ontvangstbewijs.pdf', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const { scope } = facilityContext(req);
    await sendPdf(req, res, 'ontvangstbewijs', async () => (id.success ? dossierReceipt(scope, id.data) : undefined));
  });

  router.get('/dossiers/prijzen/:id/goedkeuring.pdf', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const { scope, facility } = facilityContext(req);
    const view = id.success ? await dossiers.view(scope, facility, id.data) : undefined;
    const file = view?.facts.approvalFileId ? await findStoredFile(scope, view.facts.approvalFileId) : null;
    if (!file) throw new NotFound();
    sendStoredFile(res, file);
  });

  async function post(req: Request, res: Response) {
    const view = await load(req);
    if (!view) return;
    if (!view.mayEdit) throw new Forbidden('dossiers/not-allowed.njk', { roleNeeded: view.roleNeeded });
    if (!view.editable) return res.redirect(303, priceDossierPath(view.id));
    const body = req.body as Record<string, unknown>;
    const version = versionSchema.safeParse(body.version);
    if (!version.success) return res.status(400).render('errors/400.njk');
    const spec = view.type.price.form;
    const values = readForm(spec, body, view.lines);
    const action: LineAction = readLineAction(body, spec.groups.filter((g) => g.addable).map((g) => g.name));
    // The urlencoded form of a type without an approval carries no files.
    const { files, errors: uploadErrors } = req.uploads ? uploadsOf(req) : { files: [], errors: [] };
    const state: FormState = { version: version.data, values, kept: files };
    if (uploadErrors.length) {
      res.status(400);
      return render(req, res, view, { ...state, fieldErrors: uploadErrors });
    }

    if (action.kind === 'add' || action.kind === 'confirmRemove') {
      for (const g of spec.groups) {
        if (!g.addable) continue;
        values.lines[g.name] = applyLineAction(values.lines[g.name], lineGroup(g), action, () => ({ ...emptyLine(lineGroup(g)), unit: g.units[0] ?? 'dag' }));
      }
      return render(req, res, view, state);
    }
    if (action.kind === 'remove') {
      const group = spec.groups.find((g) => g.name === action.group);
      if (!group || action.index >= values.lines[group.name].length) return render(req, res, view, state);
      return render(req, res, view, { ...state, confirmRemoval: { group: action.group, index: action.index } });
    }
    if (action.action === 'submit') return render(req, res, view, { ...state, confirmSubmit: true });
    // "Berekenen" (the indexering's start month) saves the draft, so that the page shows the figures of the chosen month.
    const calculate = action.action === 'calculate';
    if (action.action !== 'save' && action.action !== 'confirmSubmit' && !calculate) return render(req, res, view, state);

    const { scope } = facilityContext(req);
    const submit = action.action === 'confirmSubmit';
    const staged = files[0];
    const outcome = await dossiers.save(scope, actor(req), view, version.data, values, submit, staged ? { stagedFileId: staged.id } : {});
    if (outcome.kind === 'invalid') {
      res.status(400);
      return render(req, res, view, { ...state, lineErrors: outcome.lineErrors, fieldErrors: outcome.fieldErrors });
    }
    if (outcome.kind === 'conflict') {
      const fresh = await dossiers.view(scope, facilityContext(req).facility, view.id);
      if (!fresh) throw new NotFound();
      res.status(409);
      return render(req, res, fresh, { values: fresh.editable ? values : undefined, kept: files, notice: 'Het dossier werd intussen gewijzigd of ingediend (in een ander venster of door een collega). Controleer de gegevens en probeer opnieuw.' });
    }
    if (calculate && outcome.kind === 'saved') return res.redirect(303, `${priceDossierPath(view.id)}#indexering`);
    res.redirect(303, `${priceDossierPath(view.id)}?${outcome.kind === 'submitted' ? 'ingediend' : 'bewaard'}=1`);
  }

  router.post('/dossiers/prijzen/:id', post);
  // A path of its own for the multipart form: as an upload route, /dossiers/prijzen/:id would also match
  // /dossiers/prijzen/nieuw and let a multipart post there skip the CSRF check.
  uploads.post(router, approvalFormPath(':id'), accept, post);

  return router;
}
