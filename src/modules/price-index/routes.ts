// /beheer/prijzen/index: the consumer price index (M34). Team Prijzen adds a
// month or imports the official figures from a CSV file; the technical
// helpdesk reads; other staff members and facility users get 403.
import type { Services } from '../../services.js';
import { Router, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM, isTeamMember } from '../../auth/teams.js';
import { errorViewWithSummary, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { fileFieldView, uploadsOf, type Refusal, type UploadMiddleware } from '../../uploads/index.js';
import { actorOf } from '../audit/index.js';
// From the price register, not the campaigns: the campaigns reach the dossier core, whose indexering reads this module (a cycle).
import { TEAM_PRIJZEN } from '../prices/index.js';
import { MAX_FILE_BYTES, MAX_LISTED_ERRORS, parseIndexFile, type ParsedIndexFile } from './csv-file.js';
import { formatIndexMonth, formatIndexValue, monthKey } from './figures.js';
import { addMonthSchema, pageSchema } from './schemas.js';

export const INDEX_PAGE = '/beheer/prijzen/index';
const IMPORT = `${INDEX_PAGE}/import`;
const UPLOAD_FIELD = 'bestand';

const mayEdit = (req: Request) => isTeamMember(req, TEAM_PRIJZEN);
const mayRead = (req: Request) => mayEdit(req) || isTeamMember(req, HELPDESK_TEAM);
const forbidden: Refusal = (_req, res) => res.status(403).render('errors/403.njk');

/** A file's parse, as the upload pipeline hands it over (its `found`). */
class IndexFileFound {
  constructor(readonly parsed: ParsedIndexFile) {}
}

interface PageState {
  values?: Record<string, unknown>;
  /** The form's field errors. */
  errors?: FieldError[];
  /** Why the file was not imported: each of its refused lines, or what is wrong with the file. */
  importErrors?: string[];
}

export function priceIndexRoutes({ priceIndex, uploads }: Pick<Services, 'priceIndex' | 'uploads'>): Router {
  const router = Router();
  router.use(INDEX_PAGE, requireStaff);

  const accept: UploadMiddleware = uploads.acceptUploads({
    field: UPLOAD_FIELD,
    maxFiles: 1,
    maxFileBytes: MAX_FILE_BYTES,
    maxTotalBytes: MAX_FILE_BYTES,
    types: ['csv'],
    owner: 'staff',
    // Only Team Prijzen imports: anyone else is answered before a byte of the file is kept.
    allow: (req) => Promise.resolve(mayEdit(req) ? undefined : forbidden),
    // Read once, bounded; a file with a malformed line is refused whole and never staged.
    inspect: (content) => {
      const parsed = parseIndexFile(content, priceIndex.currentMonth());
      if (parsed.errors.length === 0) return Promise.resolve({ found: new IndexFileFound(parsed) });
      const more = parsed.moreErrors ? [`En nog ${parsed.moreErrors} andere ${parsed.moreErrors === 1 ? 'fout' : 'fouten'} na de eerste ${MAX_LISTED_ERRORS}.`] : [];
      return Promise.resolve({ refused: [...parsed.errors.map((e) => e.text), ...more] });
    },
  });

  async function render(req: Request, res: Response, state: PageState = {}) {
    const { pagina } = pageSchema.parse(req.query);
    const page = await priceIndex.page(pagina);
    const link = (n: number) => `${INDEX_PAGE}?pagina=${n}`;
    const lineErrors = (state.importErrors ?? []).map((text) => ({ field: UPLOAD_FIELD, text }));
    const formErrors = state.errors ?? [];
    const errors = [...formErrors, ...lineErrors];
    res.render('price-index/index.njk', {
      mayEdit: mayEdit(req),
      rows: page.rows.map((r) => ({
        month: formatIndexMonth(r.month),
        key: monthKey(r.month),
        value: formatIndexValue(r.hundredths),
        demo: r.demo,
        addedByName: r.addedByName,
        addedAt: r.addedAt,
      })),
      total: page.total,
      page: page.page,
      totalPages: page.totalPages,
      previousHref: page.page > 1 ? link(page.page - 1) : undefined,
      nextHref: page.page < page.totalPages ? link(page.page + 1) : undefined,
      values: state.values ?? {},
      field: fileFieldView(accept),
      importErrors: state.importErrors ?? [],
      added: req.query.toegevoegd === '1',
      imported: typeof req.query.geimporteerd === 'string' ? req.query.geimporteerd : undefined,
      skipped: typeof req.query.overgeslagen === 'string' ? req.query.overgeslagen : undefined,
      // The file's line errors are listed under its field; the summary links each to it.
      ...errorViewWithSummary(formErrors.concat(lineErrors.length ? [{ field: UPLOAD_FIELD, text: 'Het bestand werd niet geïmporteerd; er werd niets bewaard.' }] : []), errors),
    });
  }

  router.get(INDEX_PAGE, (req, res) => {
    if (!mayRead(req)) return res.status(403).render('errors/403.njk');
    return render(req, res);
  });

  router.post(INDEX_PAGE, async (req, res) => {
    if (!mayEdit(req)) return res.status(403).render('errors/403.njk');
    const body = req.body as Record<string, unknown>;
    const parsed = addMonthSchema(priceIndex.currentMonth()).safeParse(body);
    if (!parsed.success) {
      res.status(400);
      return render(req, res, { values: body, errors: fieldErrors(parsed.error) });
    }
    const outcome = await priceIndex.add(parsed.data.maand, parsed.data.index, actorOf(req.currentUser));
    if (outcome.kind === 'exists') {
      res.status(409);
      return render(req, res, { values: body, errors: [{ field: 'maand', text: outcome.text }] });
    }
    res.redirect(303, `${INDEX_PAGE}?toegevoegd=1`);
  });

  uploads.post(router, IMPORT, accept, async (req, res) => {
    const { files, errors, found } = uploadsOf(req);
    const userId = req.currentUser?.id ?? 0;
    const file = files[0];
    const result = file ? found.get(file.id) : undefined;
    // The figures are read; the file itself is never kept.
    await priceIndex.discardUpload(userId, files.map((f) => f.id));
    if (errors.length || !(result instanceof IndexFileFound)) {
      res.status(400);
      return render(req, res, { importErrors: errors.length ? errors.map((e) => e.text) : ['Kies het CSV-bestand met de indexcijfers.'] });
    }
    const outcome = await priceIndex.importLines(result.parsed.lines, actorOf(req.currentUser));
    if (outcome.kind === 'refused') {
      res.status(409);
      return render(req, res, { importErrors: outcome.errors.map((e) => e.text) });
    }
    res.redirect(303, `${INDEX_PAGE}?geimporteerd=${outcome.added}&overgeslagen=${outcome.skipped + result.parsed.repeated}`);
  });

  return router;
}
