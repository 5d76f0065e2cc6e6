// /beheer/zorgaanbod: the department's follow-up of the Zorgaanbod lists
// (M25). Every staff member reads; Team Eerstelijn edits the campaign, takes
// note of the submitted lists (kennisname, as Team Prijzen on the Meting's
// campaign page) and reopens lists through the dossier core.
import type { Services } from '../../services.js';
import { Router, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { formatCalendar, formatDateTime } from '../../lib/dates.js';
import { actorOf } from '../audit/index.js';
import { writeCsvTable, writeXlsxTable } from '../../lib/table-export.js';
import { generatorFailed } from '../../lib/generators.js';
import { WorkerTaskFailed } from '../../lib/worker-task.js';
import { DownloadAborted } from '../../lib/xlsx-stream.js';
import { reportTable, rowsTable } from './report-view.js';
import { idSchema, pageSchema, settingsSchema } from './schemas.js';
import { PROCESS_BATCH, reopenReasonSchema, zorgaanbodType } from '../dossier-core/index.js';
import { TEAM_EERSTELIJN } from './service.js';

const isTeamEerstelijn = (req: Request) => req.currentUser?.staff?.teams.some((t) => t.code === TEAM_EERSTELIJN) ?? false;
const BASE = '/beheer/zorgaanbod';

export function zorgaanbodAdminRoutes({ zorgaanbod, generatorLimits: limits }: Pick<Services, 'zorgaanbod' | 'generatorLimits'>): Router {
  const router = Router();
  router.use(BASE, requireStaff);

  router.get(BASE, async (req, res) => {
    const { pagina } = pageSchema.parse(req.query);
    const status = await zorgaanbod.statusPage(pagina);
    const teamEerstelijn = isTeamEerstelijn(req);
    const processed = typeof req.query.verwerkt === 'string' && /^\d{1,6}$/.test(req.query.verwerkt) ? Number(req.query.verwerkt) : undefined;
    res.render('zorgaanbod/admin-index.njk', {
      status,
      kennisname: {
        action: `${BASE}/kennisname`,
        waiting: teamEerstelijn && status ? await zorgaanbod.waitingCount() : 0,
        batch: PROCESS_BATCH,
        processed,
        themeName: 'Zorgaanbod',
        mayProcess: teamEerstelijn && status !== undefined,
      },
      rows: status?.rows.map((r) => ({ ...r, submittedText: r.submittedAt ? formatDateTime(r.submittedAt) : '' })) ?? [],
      teamEerstelijn: isTeamEerstelijn(req),
      saved: req.query.bewaard === '1',
      previousHref: status && status.page > 1 ? `${BASE}?pagina=${status.page - 1}` : undefined,
      nextHref: status && status.page < status.totalPages ? `${BASE}?pagina=${status.page + 1}` : undefined,
    });
  });

  const renderSettings = (res: Response, values: Record<string, unknown>, errors: FieldError[] = []) =>
    res.render('zorgaanbod/admin-settings.njk', { values, ...errorView(errors) });

  router.get(`${BASE}/instellingen`, async (req, res) => {
    if (!isTeamEerstelijn(req)) return res.status(403).render('errors/403.njk');
    const campaign = await zorgaanbod.currentCampaign();
    renderSettings(
      res,
      campaign
        ? { year: String(campaign.year), openingDate: campaign.openingText, closingDate: campaign.deadline ? formatCalendar(campaign.deadline) : '' }
        : { year: String(new Date().getFullYear()), openingDate: '', closingDate: '' },
    );
  });

  router.post(`${BASE}/instellingen`, async (req, res) => {
    if (!isTeamEerstelijn(req)) return res.status(403).render('errors/403.njk');
    const body = req.body as Record<string, unknown>;
    const parsed = settingsSchema.safeParse(body);
    if (!parsed.success || parsed.data.openingDate === null) {
      res.status(400);
      return renderSettings(res, body, parsed.success ? [] : fieldErrors(parsed.error));
    }
    await zorgaanbod.saveSettings({ ...parsed.data, openingDate: parsed.data.openingDate }, actorOf(req.currentUser));
    res.redirect(303, `${BASE}?bewaard=1`);
  });

  async function renderList(req: Request, res: Response, options: { errors?: FieldError[]; reason?: string } = {}) {
    const id = idSchema.safeParse(req.params.id);
    const { pagina } = pageSchema.parse(req.query);
    const found = id.success ? await zorgaanbod.listForStaff(id.data, pagina) : undefined;
    if (!found) return res.status(404).render('errors/404.njk');
    const link = (page: number) => `${BASE}/lijsten/${found.list.id}?pagina=${page}`;
    // The rows of a submitted list, or else the report of its latest upload: the page number is theirs.
    const paging = found.report ?? found;
    res.render('zorgaanbod/admin-list.njk', {
      found,
      submittedAt: found.list.submittedAt ? formatDateTime(found.list.submittedAt) : '',
      reopenedAt: found.list.reopenedAt ? formatDateTime(found.list.reopenedAt) : '',
      teamEerstelijn: isTeamEerstelijn(req),
      reopened: req.query.heropend === '1',
      reason: options.reason ?? '',
      rowsTable: rowsTable(`Huisartsen (${found.total})`, found.rows),
      reportTable: found.report ? reportTable(found.report) : undefined,
      previousHref: paging.page > 1 ? link(paging.page - 1) : undefined,
      nextHref: paging.page < paging.totalPages ? link(paging.page + 1) : undefined,
      ...errorView(options.errors ?? []),
    });
  }

  router.get(`${BASE}/lijsten/:id`, (req, res) => renderList(req, res));

  router.post(`${BASE}/kennisname`, async (req, res) => {
    if (!isTeamEerstelijn(req)) return res.status(403).render('errors/403.njk');
    const result = await zorgaanbod.markProcessed(actorOf(req.currentUser));
    if (!result) return res.status(404).render('errors/404.njk');
    req.log?.info(result, 'zorgaanbod lists marked as processed');
    res.redirect(303, `${BASE}?verwerkt=${result.done}`);
  });

  router.post(`${BASE}/lijsten/:id/heropenen`, async (req, res) => {
    if (!isTeamEerstelijn(req)) return res.status(403).render('errors/403.njk');
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return res.status(404).render('errors/404.njk');
    const body = req.body as Record<string, unknown>;
    const parsed = reopenReasonSchema.safeParse(body);
    if (!parsed.success) {
      res.status(400);
      return renderList(req, res, { errors: fieldErrors(parsed.error), reason: typeof body.reason === 'string' ? body.reason : '' });
    }
    const done = await zorgaanbod.reopen(id.data, actorOf(req.currentUser), parsed.data.reason);
    res.redirect(303, `${BASE}/lijsten/${id.data}${done ? '?heropend=1' : ''}`);
  });

  router.get(`${BASE}/export.:format`, async (req, res) => {
    const format = req.params.format;
    const campaign = await zorgaanbod.currentCampaign();
    if (!campaign || (format !== 'csv' && format !== 'xlsx')) return res.status(404).render('errors/404.njk');
    await zorgaanbod.recordExport(actorOf(req.currentUser), format, campaign);
    const name = `zorgaanbod-${campaign.year}`;
    const rows = zorgaanbod.exportRows(campaign.id);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      return writeCsvTable(zorgaanbodType.export.columns, rows, res);
    }
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    try {
      await writeXlsxTable(zorgaanbodType.export.columns, rows, res, `Zorgaanbod ${campaign.year}`, limits.export);
    } catch (error) {
      if (error instanceof WorkerTaskFailed) return generatorFailed(req, res, error);
      if (!(error instanceof DownloadAborted)) throw error;
      req.log?.info({ year: campaign.year, format }, 'export download aborted by the client');
    }
  });

  return router;
}
