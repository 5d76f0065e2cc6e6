// /beheer/dossiers: the department's queue of dossiers and one dossier's
// handling (M31). Every staff member with a team of a type's theme handles;
// the helpdesk reads. Routes translate HTTP to one service call and a render.
import type { Services } from '../../services.js';
import { Forbidden, NotFound } from '../../lib/http-errors.js';
import { Router, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM, isTeamMember } from '../../auth/teams.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { generatorFailed } from '../../lib/generators.js';
import { readFilterQuery } from '../../lib/list-filter.js';
import { DownloadAborted, writeCsvTable, writeXlsxTable } from '../../lib/table-export.js';
import { WorkerTaskFailed } from '../../lib/worker-task.js';
import { sendStoredFile } from '../../uploads/index.js';
import { HandlingRefused, type HandlingService, type QueueFilter, type StaffViewer } from './handling.js';
import { assignSchema, decisionSchema, dossierIdSchema, exportQuerySchema, filterParams, queueFilterSchema, readDossierFilter, reopenReasonSchema, TERM_TEXT, TYPE_CHOICE_ERROR } from './schemas.js';
import { ALL_SUBMITTED, ALL_SUBMITTED_TEXT, STATUS_TEXT, WAITING_STATUSES } from './type.js';

function viewerOf(req: Request): StaffViewer {
  const user = req.currentUser;
  if (!user?.staff) throw new Error('requireStaff runs first');
  return { userId: user.id, name: `${user.givenName} ${user.surname}`.trim(), teamCodes: user.staff.teams.map((t) => t.code), helpdesk: isTeamMember(req, HELPDESK_TEAM) };
}

export function dossierHandlingRoutes({ dossierHandling: handling }: Pick<Services, 'dossierHandling'>): Router {
  const router = Router();
  router.use('/beheer/dossiers', requireStaff);

  /** The queue, with the filters' errors and any the caller adds (an export asked without a valid type). */
  async function renderQueue(req: Request, res: Response, extraErrors: FieldError[] = []) {
    const query = queueFilterSchema.parse(req.query);
    const viewer = viewerOf(req);
    const { filter: chosen, errors } = readDossierFilter(query);
    const types = await handling.visibleTypes(viewer);
    const typeKnown = Boolean(query.type && types.some((t) => t.code === query.type));
    if (query.type && !typeKnown) errors.push({ field: 'type', text: TYPE_CHOICE_ERROR });
    for (const extra of extraErrors) if (!errors.some((e) => e.field === extra.field)) errors.push(extra);
    const filter: QueueFilter = { ...(typeKnown && query.type ? { type: query.type } : {}), ...chosen, page: query.pagina };
    const queue = await handling.queue(viewer, filter);
    const params = filterParams(query);
    const link = (page: number) => {
      const withPage = new URLSearchParams(params);
      if (page > 1) withPage.set('pagina', String(page));
      const text = withPage.toString();
      return `/beheer/dossiers${text ? `?${text}` : ''}`;
    };
    if (errors.length) res.status(400);
    // The download of what the queue shows on all its pages, where the viewer's team handles
    // the chosen type; not while a filter is in error (the link would only repeat the error).
    const exportType = filter.type && !errors.length ? (await handling.exportableTypes(viewer)).find((t) => t.code === filter.type) : undefined;
    res.render('dossier-core/queue.njk', {
      queue,
      exportLinks: exportType ? { type: exportType.name, csv: `/beheer/dossiers/export.csv?${params}`, xlsx: `/beheer/dossiers/export.xlsx?${params}` } : undefined,
      values: query,
      // After the default (the waiting ones): every submitted dossier, then each status.
      statuses: [{ value: ALL_SUBMITTED, text: ALL_SUBMITTED_TEXT }, ...Object.entries(STATUS_TEXT).map(([value, text]) => ({ value, text }))],
      waitingText: WAITING_STATUSES.map((s) => STATUS_TEXT[s]).join(' of '),
      terms: Object.entries(TERM_TEXT).map(([value, text]) => ({ value, text })),
      filtered: Boolean(query.type || query.status || query.voorziening || query.behandelaar || query.termijn),
      previousHref: queue.page > 1 ? link(queue.page - 1) : undefined,
      nextHref: queue.page < queue.totalPages ? link(queue.page + 1) : undefined,
      ...errorView(errors),
    });
  }

  router.get('/beheer/dossiers', (req, res) => renderQueue(req, res));

  /**
   * The dossiers the queue shows for its filters (the type required) on all
   * its pages, as CSV or XLSX with the campaign exports' conventions: the
   * queue's reading of the filters and its SQL conditions. A type the viewer's
   * team does not handle is not found; no type, an unknown one or an unknown
   * filter value shows the queue with the filter's error.
   */
  router.get('/beheer/dossiers/export.:format', async (req, res) => {
    const format = req.params.format;
    if (format !== 'csv' && format !== 'xlsx') throw new NotFound();
    const { read, errors } = readFilterQuery(exportQuerySchema, req.query as Record<string, unknown>);
    const typeCode = read('type');
    const { filter, errors: filterErrors } = readDossierFilter(queueFilterSchema.parse(req.query));
    if (!typeCode) return renderQueue(req, res, errors.length ? errors : [{ field: 'type', text: 'Kies een type dossier: de export bevat de ingediende dossiers van één type.' }]);
    // The queue reads the same filters again and shows their errors.
    if (filterErrors.length) return renderQueue(req, res);
    let download: Awaited<ReturnType<HandlingService['departmentExport']>>;
    try {
      download = await handling.departmentExport(viewerOf(req), typeCode, format, filter);
    } catch (error) {
      if (error instanceof HandlingRefused && error.reason === 'notFound') throw new NotFound();
      throw error;
    }
    const name = `dossiers-${download.type.code}`;
    try {
      if (format === 'csv') {
        res.type('text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
        return await writeCsvTable(download.export.columns, download.rows, res);
      }
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      // A sheet name has at most 31 characters and no slash: the type's code, not its name.
      await writeXlsxTable(download.export.columns, download.rows, res, download.type.code.slice(0, 31), download.limits);
    } catch (error) {
      if (error instanceof WorkerTaskFailed) return generatorFailed(req, res, error);
      // The client went away mid-download: nothing left to answer.
      if (!(error instanceof DownloadAborted)) throw error;
      req.log?.info({ typeCode, format }, 'export download aborted by the client');
    }
  });

  async function renderDossier(req: Request, res: Response, options: { errors?: FieldError[]; values?: Record<string, unknown> } = {}) {
    const id = dossierIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    try {
      const dossier = await handling.view(viewerOf(req), id.data);
      res.render('dossier-core/dossier.njk', { dossier, values: options.values ?? {}, done: typeof req.query.gedaan === 'string' ? req.query.gedaan : undefined, ...errorView(options.errors ?? []) });
    } catch (error) {
      if (error instanceof HandlingRefused && error.reason === 'notFound') throw new NotFound();
      throw error;
    }
  }

  router.get('/beheer/dossiers/:id', (req, res) => renderDossier(req, res));

  router.get('/beheer/dossiers/:id/beslissing.pdf', async (req, res) => {
    const id = dossierIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    let letter: Awaited<ReturnType<HandlingService['letter']>>;
    try {
      letter = await handling.letter(viewerOf(req), id.data);
    } catch (error) {
      if (error instanceof HandlingRefused && error.reason === 'notFound') throw new NotFound();
      throw error;
    }
    if (!letter) throw new NotFound();
    res.type('application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="beslissing-${letter.reference}.pdf"`);
    res.send(letter.pdf);
  });

  router.get('/beheer/dossiers/:id/bijlagen/:fileId', async (req, res) => {
    const id = dossierIdSchema.safeParse(req.params.id);
    const fileId = dossierIdSchema.safeParse(req.params.fileId);
    if (!id.success || !fileId.success) throw new NotFound();
    let file: Awaited<ReturnType<HandlingService['attachment']>>;
    try {
      file = await handling.attachment(viewerOf(req), id.data, fileId.data);
    } catch (error) {
      if (error instanceof HandlingRefused && error.reason === 'notFound') throw new NotFound();
      throw error;
    }
    if (!file) throw new NotFound();
    sendStoredFile(res, file);
  });

  /** One action: parse the form, call the service, redirect; a refusal is shown in words. */
  const action = (path: string, run: (viewer: StaffViewer, id: number, body: Record<string, unknown>) => Promise<FieldError[] | undefined>, doneText: string) => {
    router.post(`/beheer/dossiers/:id/${path}`, async (req, res) => {
      const id = dossierIdSchema.safeParse(req.params.id);
      if (!id.success) throw new NotFound();
      const body = req.body as Record<string, unknown>;
      try {
        const errors = await run(viewerOf(req), id.data, body);
        if (errors?.length) {
          res.status(400);
          return renderDossier(req, res, { errors, values: body });
        }
      } catch (error) {
        if (error instanceof WorkerTaskFailed) return generatorFailed(req, res, error);
        if (!(error instanceof HandlingRefused)) throw error;
        if (error.reason === 'notFound') throw new NotFound();
        if (error.reason === 'forbidden') throw new Forbidden();
        res.status(409);
        const text = error.reason === 'notColleague' ? 'Kies een dossierbehandelaar van het team van dit thema.' : 'Het dossier is intussen gewijzigd (door een collega of in een ander tabblad). Bekijk de huidige status en probeer opnieuw.';
        return renderDossier(req, res, { errors: [{ field: error.reason === 'notColleague' ? 'handler' : 'dossier', text }], values: body });
      }
      res.redirect(303, `/beheer/dossiers/${id.data}?gedaan=${doneText}`);
    });
  };

  action('in-behandeling', async (viewer, id) => (await handling.take(viewer, id), undefined), 'in-behandeling');
  action(
    'beslissen',
    async (viewer, id, body) => {
      const parsed = decisionSchema.safeParse(body);
      if (!parsed.success) return fieldErrors(parsed.error);
      await handling.decide(viewer, id, parsed.data.outcome, parsed.data.motivation || undefined);
      return undefined;
    },
    'afgehandeld',
  );
  action(
    'heropenen',
    async (viewer, id, body) => {
      const parsed = reopenReasonSchema.safeParse(body);
      if (!parsed.success) return fieldErrors(parsed.error);
      await handling.reopen(viewer, id, parsed.data.reason);
      return undefined;
    },
    'heropend',
  );
  action(
    'toewijzen',
    async (viewer, id, body) => {
      const parsed = assignSchema.safeParse(body);
      if (!parsed.success) return fieldErrors(parsed.error);
      await handling.assign(viewer, id, parsed.data.handler === '' ? null : parsed.data.handler);
      return undefined;
    },
    'toegewezen',
  );

  return router;
}
