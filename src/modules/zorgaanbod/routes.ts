// Zorgaanbod (M25) for a huisartsenkring, under its theme page: the template,
// the upload with its validation report, the annotated file, and the
// submission with a confirmation step.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { errorView, errorViewWithSummary, type FieldError } from '../../lib/form-errors.js';
import { formatDateTime } from '../../lib/dates.js';
import { discardStagedFiles, fileFieldView, uploadsOf, type AcceptOptions, type FileFieldView, type Refusal, type Uploads, type UploadMiddleware } from '../../uploads/index.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { ActingFacility } from '../../auth/current-user.js';
import { actorOf } from '../audit/index.js';
import { MAX_FILE_BYTES } from './columns.js';
import { pageSchema, submitSchema } from './schemas.js';
import { ZORGAANBOD_THEME, ZorgaanbodNotFound, type ListState, type ZorgaanbodService } from './service.js';
import { pagesOfTheme } from '../help/index.js';
import { ParsedList, readUpload, templateWorkbook, XLSX_TYPE } from './workbook.js';
import { reportTable, rowsTable } from './report-view.js';

const BASE = '/themas/zorgaanbod';
const LIST = `${BASE}/lijst`;
export const UPLOAD_FIELD = 'excel';

const sendXlsx = (res: Response, name: string, content: Buffer) => {
  res.attachment(name);
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.end(content);
};

declare module 'express-serve-static-core' {
  interface Locals {
    zorgaanbodState?: ListState;
  }
}

/** The upload of a kring's list: one .xlsx of at most 5 MB, read (and refused) before it is stored. */
const UPLOAD_OPTIONS: AcceptOptions = {
  field: UPLOAD_FIELD,
  maxFiles: 1,
  maxFileBytes: MAX_FILE_BYTES,
  maxTotalBytes: MAX_FILE_BYTES,
  types: ['xlsx'],
  inspect: (content) => readUpload(content),
};

/** What the theme page Zorgaanbod shows: the list's state and its upload form. */
export interface ZorgaanbodPanel {
  state: ListState;
  field: FileFieldView;
}

/** The theme page's Zorgaanbod panel for the acting facility; undefined for a facility without the theme. */
export function zorgaanbodPanel(zorgaanbod: Pick<ZorgaanbodService, 'listState'>, uploads: Pick<Uploads, 'acceptUploads'>) {
  const field = fileFieldView(uploads.acceptUploads(UPLOAD_OPTIONS));
  return async (scope: FacilityScope, facility: ActingFacility): Promise<ZorgaanbodPanel | undefined> => {
    const state = await zorgaanbod.listState(scope, facility);
    return state ? { state, field } : undefined;
  };
}

/** Why a list cannot take an upload now, in Dutch; undefined when it can. */
function closedText(state: ListState): string | undefined {
  if (state.submitted) return 'De lijst is al ingediend. Vraag Team Eerstelijn om ze te heropenen als u een nieuwe lijst wilt indienen.';
  if (state.phase === 'before') return `U kunt de lijst pas opladen vanaf ${state.campaign.openingLong}.`;
  if (state.phase === 'closed') return `De lijst kon opgeladen worden tot en met ${state.campaign.deadlineLong ?? ''}.`;
  return undefined;
}

export function zorgaanbodRoutes({ facilityUser, zorgaanbod, uploads }: Pick<Services, 'facilityUser' | 'zorgaanbod' | 'uploads'>): Router {
  const router = Router();
  const guard = facilityUser;
  const notFound: Refusal = (_req, res) => res.status(404).render('errors/404.njk');
  const accept: UploadMiddleware = uploads.acceptUploads({
    ...UPLOAD_OPTIONS,
    // A facility without the theme, or a list that takes no upload now, is answered before the file is read.
    async allow(req, res) {
      const { scope, facility } = facilityContext(req);
      const state = await zorgaanbod.listState(scope, facility);
      if (!state) return notFound;
      const closed = closedText(state);
      if (!closed) return undefined;
      res.locals.zorgaanbodState = state;
      return (refusedReq, refusedRes) => {
        refusedRes.status(409);
        return renderList(refusedReq, refusedRes, [{ field: UPLOAD_FIELD, text: closed }]);
      };
    },
  });
  router.use(BASE, pagesOfTheme(ZORGAANBOD_THEME));

  /** The acting kring's list, or 404 for a facility without the theme Zorgaanbod. */
  async function withState(req: Request, res: Response, next: NextFunction) {
    const { scope, facility } = facilityContext(req);
    const state = await zorgaanbod.listState(scope, facility);
    if (!state) return res.status(404).render('errors/404.njk');
    res.locals.zorgaanbodState = state;
    next();
  }
  const stateOf = (res: Response): ListState => {
    const state = res.locals.zorgaanbodState;
    if (!state) throw new Error('behind withState');
    return state;
  };

  async function renderList(req: Request, res: Response, errors: FieldError[] = []) {
    const { scope, facility } = facilityContext(req);
    const justSubmitted = req.query.ingediend === '1';
    const state = stateOf(res);
    const { pagina } = pageSchema.parse(req.query);
    const link = (page: number) => `${LIST}?pagina=${page}`;
    let report;
    let submitted;
    if (state.submitted) {
      submitted = await zorgaanbod.submittedPage(scope, pagina);
    } else if (state.upload && state.upload.errorCount > 0) {
      report = await zorgaanbod.reportPage(scope, state.upload.id, pagina);
    }
    const paging = report ?? submitted;
    // Each line's errors in the portal's error shape: beside the line, and in the summary with the line named.
    const lineErrors = (report?.lines ?? []).flatMap((l) => l.errors.map((text) => ({ field: `rij-${l.row}`, text, summaryText: `Lijn ${l.row}: ${text}` })));
    const reportErrors = errorViewWithSummary(lineErrors, lineErrors.map((e) => ({ field: e.field, text: e.summaryText })));
    res.render('zorgaanbod/list.njk', {
      state,
      field: fileFieldView(accept),
      uploaded: req.query.opgeladen === '1',
      submission: justSubmitted
        ? { text: 'Uw lijst is ingediend.', themeName: 'Zorgaanbod', contacts: await zorgaanbod.confirmationContacts(scope, facility), copyTo: req.currentUser?.email ?? null }
        : undefined,
      report,
      submitted,
      reportTable: report ? reportTable(report) : undefined,
      submittedTable: submitted ? rowsTable('Ingediende huisartsen', submitted.rows) : undefined,
      reportSummaryErrors: reportErrors.summaryErrors,
      uploadedAt: state.upload ? formatDateTime(state.upload.uploadedAt) : '',
      submittedAt: state.submittedAt ? formatDateTime(state.submittedAt) : '',
      // "Status en vooruitgang" and the decision letter, as on every dossier (views/dossiers/history.njk).
      dossier: state.reference ? { history: state.history, letterPath: state.letterPath, reference: state.reference, outcomeText: state.outcomeText } : undefined,
      previousHref: paging && paging.page > 1 ? link(paging.page - 1) : undefined,
      nextHref: paging && paging.page < paging.totalPages ? link(paging.page + 1) : undefined,
      ...errorView(errors),
    });
  }

  router.get(`${BASE}/sjabloon.xlsx`, guard, withState, async (_req, res) => {
    const { campaign } = stateOf(res);
    sendXlsx(res, `Sjabloon zorgaanbod ${campaign.year}.xlsx`, await templateWorkbook(campaign.year));
  });

  router.get(LIST, guard, withState, (req, res) => renderList(req, res));

  // The upload middleware first: its `allow` refuses a facility without the theme or a closed list
  // before the file is read, then it checks the CSRF token. The checks are made again after the
  // parse (the list may have been submitted meanwhile in another tab): the file is then discarded.
  uploads.post(router, LIST, guard, accept, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const { files, errors, found } = uploadsOf(req);
    const state = await zorgaanbod.listState(scope, facility);
    const userId = req.currentUser?.id ?? 0;
    if (!state) {
      await discardStagedFiles(scope, userId, files.map((f) => f.id));
      return notFound(req, res);
    }
    res.locals.zorgaanbodState = state;
    const closed = closedText(state);
    if (closed) {
      await discardStagedFiles(scope, userId, files.map((f) => f.id));
      res.status(409);
      return renderList(req, res, [{ field: UPLOAD_FIELD, text: closed }]);
    }
    const file = files[0];
    const parsed = file ? found.get(file.id) : undefined;
    if (errors.length || !file || !(parsed instanceof ParsedList)) {
      await discardStagedFiles(scope, userId, files.map((f) => f.id));
      res.status(400);
      return renderList(req, res, errors.length ? errors : [{ field: UPLOAD_FIELD, text: 'Kies het Excel-bestand met de lijst van de huisartsen.' }]);
    }
    const outcome = await zorgaanbod.saveUpload(scope, facility, actorOf(req.currentUser), file.id, parsed);
    if (outcome.kind !== 'saved') {
      await discardStagedFiles(scope, userId, [file.id]);
      res.status(409);
      return renderList(req, res, [{ field: UPLOAD_FIELD, text: 'De lijst kan nu niet opgeladen worden: ze is al ingediend of de campagne is niet open. Laad de pagina opnieuw.' }]);
    }
    res.redirect(303, `${LIST}?opgeladen=1`);
  });

  router.get(`${LIST}/fouten.xlsx`, guard, withState, async (req, res) => {
    const { scope } = facilityContext(req);
    const upload = stateOf(res).upload;
    const file = upload ? await zorgaanbod.annotatedFile(scope, upload.id) : undefined;
    if (!file) return res.status(404).render('errors/404.njk');
    sendXlsx(res, file.name, file.content);
  });

  router.get(`${LIST}/beslissing.pdf`, guard, withState, async (req, res) => {
    const { scope } = facilityContext(req);
    const letter = await zorgaanbod.letter(scope);
    if (!letter) return res.status(404).render('errors/404.njk');
    res.type('application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="beslissing-${letter.reference}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(letter.pdf);
  });

  router.get(`${BASE}/indienen`, guard, withState, (_req, res) => {
    const state = stateOf(res);
    if (state.submitted || state.phase !== 'open' || !state.upload || state.upload.errorCount > 0) return res.redirect(303, LIST);
    res.render('zorgaanbod/confirm.njk', { state });
  });

  router.post(`${BASE}/indienen`, guard, withState, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const parsed = submitSchema.safeParse(req.body);
    if (!parsed.success) return res.status(404).render('errors/404.njk');
    let outcome;
    try {
      outcome = await zorgaanbod.submit(scope, facility, actorOf(req.currentUser), parsed.data.uploadId);
    } catch (error) {
      if (error instanceof ZorgaanbodNotFound) return res.status(404).render('errors/404.njk');
      throw error;
    }
    if (outcome.kind === 'submitted') {
      req.log?.info({ facilityId: facility.id }, 'zorgaanbod list submitted');
      return res.redirect(303, `${LIST}?ingediend=1`);
    }
    const texts: Record<typeof outcome.kind, string> = {
      hasErrors: 'De lijst bevat nog fouten. Verbeter ze en laad het bestand opnieuw op voor u indient.',
      stale: 'Intussen werd een ander bestand opgeladen. Bekijk het verslag van dat bestand en dien opnieuw in.',
      alreadySubmitted: 'De lijst werd al ingediend.',
      notOpen: 'De lijst kan nu niet ingediend worden: de campagne is niet open.',
    };
    res.status(409);
    return renderList(req, res, [{ field: UPLOAD_FIELD, text: texts[outcome.kind] }]);
  });

  return router;
}
