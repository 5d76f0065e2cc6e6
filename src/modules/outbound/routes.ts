// /beheer/berichten/nieuw and /beheer/berichten/bulk: the department starts a
// thread with one facility, or sends the same message to many (M26). Staff
// only; what a staff member may choose (themes, so facilities and types) is
// what their teams answer for, checked by the service.
import type { Services } from '../../services.js';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { fileFieldView, uploadsOf, type StoredFileInfo } from '../../uploads/index.js';
import { bulkSchema, PROGRESS_SLUGS, type ProgressSlug, confirmKeySchema, facilitySearchSchema, idSchema, newThreadSchema, previewedCountSchema, typedValues } from './schemas.js';
import { newConfirmKey, OutboundRefused, type ComposeTarget, type Writer } from './service.js';
import { NotFound, Forbidden } from '../../lib/http-errors.js';

const NEW_THREAD_FIELDS = ['theme', 'dossier', 'title', 'body'] as const;
const BULK_FIELDS = ['type', 'gemeente', 'naam', 'campagne', 'theme', 'title', 'body'] as const;

/** The form's fields as typed, with the campaign states checked (a list). */
function bulkValues(body: Record<string, unknown>) {
  const states = Array.isArray(body.campagnestatus) ? body.campagnestatus : [body.campagnestatus];
  return { ...typedValues(body, BULK_FIELDS), campagnestatus: states.filter((s): s is string => typeof s === 'string') };
}
type BulkValues = ReturnType<typeof bulkValues>;

interface Locals {
  writer?: Writer;
  target?: ComposeTarget;
}
/** The campaign states as the form names them (a dossier in opmaak or heropend is "in opmaak"). */
const PROGRESS_LABELS: Record<ProgressSlug, string> = { 'niet-gestart': 'Nog niet gestart', 'in-opmaak': 'In opmaak (of heropend)', ingediend: 'Ingediend' };

const locals = (res: Response) => res.locals as Locals;
const writerOf = (res: Response): Writer => {
  const writer = locals(res).writer;
  if (!writer) throw new Error('route without loadWriter');
  return writer;
};

export function outboundRoutes({ outbound, uploads }: Pick<Services, 'outbound' | 'uploads'>): Router {
  const router = Router();

  /** The staff member's themes; requireStaff has let only staff through. */
  async function loadWriter(req: Request, res: Response, next: NextFunction) {
    const writer = req.currentUser ? await outbound.writer(req.currentUser) : undefined;
    if (!writer) throw new Forbidden();
    locals(res).writer = writer;
    next();
  }
  // Every route names requireStaff itself (the CSRF walk finds staff routes by it), then loads the writer.
  const staff = [requireStaff, loadWriter];

  // --- New thread to one facility ------------------------------------------

  /** The facility of a compose URL: 404 for an unknown id, 403 when none of the staff member's themes exists for it. */
  async function loadTarget(req: Request, res: Response, next: NextFunction) {
    const id = idSchema.safeParse(req.params.facilityId);
    const target = id.success ? await outbound.composeTarget(writerOf(res), id.data) : undefined;
    if (!target) throw new NotFound();
    if (target.themes.length === 0) throw new Forbidden();
    locals(res).target = target;
    next();
  }
  const targetOf = (res: Response): ComposeTarget => {
    const target = locals(res).target;
    if (!target) throw new Error('route without loadTarget');
    return target;
  };

  // A staff member's attachments: staged for their user, with no facility, until the new thread claims them.
  const accept = uploads.acceptUploads({ field: 'bijlagen', owner: 'staff' });

  // Step 1: find the facility (a GET form), then choose it from the results (a second GET form).
  router.get('/beheer/berichten/nieuw', ...staff, async (req, res) => {
    const query = facilitySearchSchema.safeParse(req.query);
    if (query.success && query.data.voorziening) return res.redirect(303, `/beheer/berichten/nieuw/${query.data.voorziening}`);
    const zoek = query.success ? query.data.zoek : '';
    const errors: FieldError[] = query.success ? [] : fieldErrors(query.error);
    const hits = zoek ? await outbound.searchFacilities(writerOf(res), zoek) : [];
    if (errors.length) res.status(400);
    res.render('outbound/choose-facility.njk', { zoek: typeof req.query.zoek === 'string' ? req.query.zoek : '', searched: zoek !== '', hits, ...errorView(errors) });
  });

  function renderCompose(res: Response, values: Record<string, string>, errors: FieldError[] = [], kept: StoredFileInfo[] = []) {
    const target = targetOf(res);
    res.render('outbound/new.njk', {
      target,
      values,
      themeItems: target.themes.map((t) => ({ value: t.slug, text: `${t.name} (${t.team.name})` })),
      dossierItems: target.dossiers.map((d) => ({ value: String(d.id), text: `${d.title} (${d.reference})` })),
      attachments: fileFieldView(accept, kept),
      ...errorView(errors),
    });
  }
  router.get('/beheer/berichten/nieuw/:facilityId', ...staff, loadTarget, (req, res) => {
    const target = targetOf(res);
    const dossier = typeof req.query.dossier === 'string' ? req.query.dossier : '';
    renderCompose(res, { theme: target.themes.length === 1 ? (target.themes[0]?.slug ?? '') : '', dossier, title: '', body: '' });
  });

  uploads.post(router, '/beheer/berichten/nieuw/:facilityId', ...staff, loadTarget, accept, async (req, res) => {
    const { files, errors: fileErrors } = uploadsOf(req);
    const body = req.body as Record<string, unknown>;
    const values = typedValues(body, NEW_THREAD_FIELDS);
    const parsed = newThreadSchema.safeParse(body);
    const errors = [...(parsed.success ? [] : fieldErrors(parsed.error)), ...fileErrors];
    // The staged files stay with the form for the next attempt.
    if (!parsed.success || errors.length) return renderCompose(res.status(400), values, errors, files);
    try {
      const sent = await outbound.sendNewThread(writerOf(res), targetOf(res), parsed.data, files);
      req.log?.info({ threadId: sent.threadId, facilityId: targetOf(res).facility.id }, 'department thread started');
      res.redirect(303, `/beheer/berichten/verstuurd/${sent.threadId}`);
    } catch (error) {
      if (error instanceof OutboundRefused) return renderCompose(res.status(400), values, [{ field: error.field, text: error.message }], error.field === 'bijlagen' ? [] : files);
      throw error;
    }
  });

  router.get('/beheer/berichten/verstuurd/:threadId', ...staff, async (req, res) => {
    const id = idSchema.safeParse(req.params.threadId);
    const sent = id.success ? await outbound.sentThread(writerOf(res), id.data) : undefined;
    if (!sent) throw new NotFound();
    res.render('outbound/sent.njk', { sent });
  });

  // --- Bulk -------------------------------------------------------------------

  async function renderBulkForm(res: Response, values: BulkValues, errors: FieldError[] = []) {
    const [types, campaigns] = await Promise.all([outbound.bulkOptions(writerOf(res)), outbound.bulkCampaigns(writerOf(res))]);
    const themes = [...new Map(types.flatMap((t) => t.themes).map((t) => [t.id, t])).values()];
    res.render('outbound/bulk.njk', {
      values,
      typeItems: types.map((t) => ({ value: t.code, text: t.name })),
      themeItems: themes.map((t) => ({ value: t.slug, text: `${t.name} (${t.team.name})` })),
      campaignItems: campaigns.map((year) => ({ value: String(year), text: `Meting dagprijzen ${year}` })),
      progressItems: Object.keys(PROGRESS_SLUGS).map((slug) => ({ value: slug, text: PROGRESS_LABELS[slug as ProgressSlug] })),
      ...errorView(errors),
    });
  }

  router.get('/beheer/berichten/bulk', ...staff, async (_req, res) => {
    await renderBulkForm(res, bulkValues({}));
  });

  /** "Voorbeeld bekijken": the number of facilities and the first few names, and the form again to confirm. */
  router.post('/beheer/berichten/bulk', ...staff, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = bulkValues(body);
    // "Wijzigen" on the preview: the form again, as typed.
    if (body.wijzigen === '1') return renderBulkForm(res, values);
    const parsed = bulkSchema.safeParse(body);
    if (!parsed.success) return renderBulkForm(res.status(400), values, fieldErrors(parsed.error));
    try {
      const preview = await outbound.bulkPreview(writerOf(res), parsed.data);
      res.render('outbound/bulk-preview.njk', { values: parsed.data, preview, confirmKey: newConfirmKey() });
    } catch (error) {
      if (error instanceof OutboundRefused) return renderBulkForm(res.status(400), values, [{ field: error.field, text: error.message }]);
      throw error;
    }
  });

  /** "Versturen": the job is recorded with its targets; the worker sends. */
  router.post('/beheer/berichten/bulk/bevestigen', ...staff, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = bulkValues(body);
    const parsed = bulkSchema.safeParse(body);
    const count = previewedCountSchema.safeParse(body);
    if (!parsed.success || !count.success) return renderBulkForm(res.status(400), values, parsed.success ? [] : fieldErrors(parsed.error));
    const key = confirmKeySchema.safeParse(body);
    try {
      // A form without its one-time key (not made by the preview): the preview again, to confirm with one.
      if (!key.success) {
        const preview = await outbound.bulkPreview(writerOf(res), parsed.data);
        return res.status(400).render('outbound/bulk-preview.njk', { values: parsed.data, preview, confirmKey: newConfirmKey(), unconfirmed: true });
      }
      const outcome = await outbound.confirmBulk(writerOf(res), parsed.data, count.data.aantal, key.data.sleutel);
      if ('changed' in outcome) {
        return res.status(409).render('outbound/bulk-preview.njk', { values: parsed.data, preview: outcome.changed, changed: true, confirmKey: key.data.sleutel });
      }
      req.log?.info({ bulkSendId: outcome.id }, outcome.existing ? 'bulk send already confirmed with this form: its progress shown' : 'bulk send confirmed');
      res.redirect(303, `/beheer/berichten/bulk/${outcome.id}`);
    } catch (error) {
      if (error instanceof OutboundRefused) return renderBulkForm(res.status(400), values, [{ field: error.field, text: error.message }]);
      throw error;
    }
  });

  router.get('/beheer/berichten/bulk/:id', ...staff, async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const progress = id.success ? await outbound.bulkProgress(writerOf(res), id.data) : undefined;
    if (!progress) throw new NotFound();
    res.render('outbound/bulk-progress.njk', { progress, percent: progress.total ? Math.floor((100 * progress.done) / progress.total) : 100 });
  });

  return router;
}
