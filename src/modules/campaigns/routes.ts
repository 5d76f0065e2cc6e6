// /beheer/campagnes: the department's follow-up of the Meting dagprijzen (M27).
// Every staff member reads; Team Prijzen reopens dossiers.
import type { Services } from '../../services.js';
import { Router, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { actorOf } from '../audit/index.js';
import { fieldErrors, errorView, type FieldError } from '../../lib/form-errors.js';
import { DownloadAborted, writeCsvTable, writeXlsxTable } from '../../lib/table-export.js';
import { generatorFailed as exportFailed } from '../../lib/generators.js';
import { WorkerTaskFailed } from '../../lib/worker-task.js';
import { linesByLuik, luikenForView } from '../dossiers/index.js';
import { campaignSettingsSchema, idSchema, newCampaignSchema, readCapacities, stateSlug, statusFilterSchema, yearSchema, pageOf } from './schemas.js';
import { readFilterQuery } from '../../lib/list-filter.js';
import { FACILITY_STATES, PROCESS_BATCH, ReopenRefused, TEAM_PRIJZEN } from './service.js';
import { PRICES_THEME } from '../dossiers/index.js';
import { metingDagprijzen, reopenReasonSchema } from '../dossier-core/index.js';

const isTeamPrijzen = (req: Request) => req.currentUser?.staff?.teams.some((t) => t.code === TEAM_PRIJZEN) ?? false;

export function campaignRoutes({ campaigns, outbound, generatorLimits: limits }: Pick<Services, 'campaigns' | 'outbound' | 'generatorLimits'>): Router {
  const router = Router();
  router.use('/beheer/campagnes', requireStaff);

  router.get('/beheer/campagnes', async (req, res) => {
    res.render('campaigns/index.njk', { campaigns: await campaigns.list(), teamPrijzen: isTeamPrijzen(req) });
  });

  const renderSettings = (res: Response, options: { year?: number; values: Record<string, unknown>; errors?: FieldError[] }) =>
    res.render('campaigns/settings.njk', { year: options.year, values: options.values, ...errorView(options.errors ?? []) });

  router.get('/beheer/campagnes/nieuw', (req, res) => {
    if (!isTeamPrijzen(req)) return res.status(403).render('errors/403.njk');
    renderSettings(res, { values: { korting: '6,29', reminderDays: '14, 3' } });
  });

  router.post('/beheer/campagnes', async (req, res) => {
    if (!isTeamPrijzen(req)) return res.status(403).render('errors/403.njk');
    const body = req.body as Record<string, unknown>;
    const year = newCampaignSchema.safeParse(body);
    const settings = campaignSettingsSchema.safeParse(body);
    if (!year.success || !settings.success) {
      res.status(400);
      return renderSettings(res, { values: body, errors: [...(year.success ? [] : fieldErrors(year.error)), ...(settings.success ? [] : fieldErrors(settings.error))] });
    }
    const outcome = await campaigns.createCampaign(year.data.year, settings.data, actorOf(req.currentUser));
    if (outcome === 'exists') {
      res.status(400);
      return renderSettings(res, { values: body, errors: [{ field: 'year', text: `Er bestaat al een campagne voor ${year.data.year}. Kies een ander jaar.` }] });
    }
    res.redirect(303, `/beheer/campagnes/${year.data.year}`);
  });

  router.get('/beheer/campagnes/:jaar/instellingen', async (req, res) => {
    if (!isTeamPrijzen(req)) return res.status(403).render('errors/403.njk');
    const year = yearSchema.safeParse(req.params.jaar);
    const campaign = year.success ? await campaigns.campaign(year.data) : undefined;
    const reminders = campaign ? await campaigns.reminders(campaign.year) : undefined;
    if (!campaign || !reminders) return res.status(404).render('errors/404.njk');
    renderSettings(res, {
      year: campaign.year,
      values: { openingDate: campaign.openingText, deadline: campaign.deadlineText, korting: campaign.korting, reminderDays: reminders.reminderDays.join(', ') },
    });
  });

  router.post('/beheer/campagnes/:jaar/instellingen', async (req, res) => {
    if (!isTeamPrijzen(req)) return res.status(403).render('errors/403.njk');
    const year = yearSchema.safeParse(req.params.jaar);
    if (!year.success) return res.status(404).render('errors/404.njk');
    const body = req.body as Record<string, unknown>;
    const settings = campaignSettingsSchema.safeParse(body);
    if (!settings.success) {
      res.status(400);
      return renderSettings(res, { year: year.data, values: body, errors: fieldErrors(settings.error) });
    }
    if (!(await campaigns.updateSettings(year.data, settings.data, actorOf(req.currentUser)))) return res.status(404).render('errors/404.njk');
    res.redirect(303, `/beheer/campagnes/${year.data}?bewaard=1`);
  });

  async function renderCapacities(req: Request, res: Response, options: { values?: Map<number, string>; errors?: FieldError[] } = {}) {
    const year = yearSchema.safeParse(req.params.jaar);
    const page = pageOf(req.query as Record<string, unknown>);
    const found = year.success ? await campaigns.capacityPage(year.data, page) : undefined;
    if (!found) return res.status(404).render('errors/404.njk');
    const base = `/beheer/campagnes/${found.campaign.year}/capaciteit`;
    res.render('campaigns/capacities.njk', {
      found,
      teamPrijzen: isTeamPrijzen(req),
      values: Object.fromEntries(found.rows.map((r) => [r.facilityId, options.values?.get(r.facilityId) ?? String(r.recognizedCapacity)])),
      saved: req.query.bewaard === '1',
      previousHref: found.page > 1 ? `${base}?pagina=${found.page - 1}` : undefined,
      nextHref: found.page < found.totalPages ? `${base}?pagina=${found.page + 1}` : undefined,
      ...errorView(options.errors ?? []),
    });
  }

  router.get('/beheer/campagnes/:jaar/capaciteit', (req, res) => renderCapacities(req, res));

  router.post('/beheer/campagnes/:jaar/capaciteit', async (req, res) => {
    if (!isTeamPrijzen(req)) return res.status(403).render('errors/403.njk');
    const year = yearSchema.safeParse(req.params.jaar);
    if (!year.success) return res.status(404).render('errors/404.njk');
    const read = readCapacities(req.body as Record<string, unknown>);
    if (read.errors.length) {
      res.status(400);
      return renderCapacities(req, res, { values: read.values, errors: read.errors });
    }
    await campaigns.saveCapacities(year.data, read.parsed, actorOf(req.currentUser));
    const page = pageOf(req.query as Record<string, unknown>);
    res.redirect(303, `/beheer/campagnes/${year.data}/capaciteit?pagina=${page}&bewaard=1`);
  });

  router.get('/beheer/campagnes/:jaar', async (req, res) => {
    const year = yearSchema.safeParse(req.params.jaar);
    const { read, errors } = readFilterQuery(statusFilterSchema, req.query as Record<string, unknown>);
    const filter = { status: read('status'), zoek: read('zoek'), pagina: read('pagina') ?? 1 };
    const status = year.success ? await campaigns.statusPage(year.data, { state: filter.status, search: filter.zoek, page: filter.pagina }) : undefined;
    const reminders = status ? await campaigns.reminders(status.campaign.year) : undefined;
    if (!status || !reminders) return res.status(404).render('errors/404.njk');
    const query = (page: number) => {
      const params = new URLSearchParams();
      if (filter.status) params.set('status', stateSlug(filter.status));
      if (filter.zoek) params.set('zoek', filter.zoek);
      if (page > 1) params.set('pagina', String(page));
      const text = params.toString();
      return `/beheer/campagnes/${status.campaign.year}${text ? `?${text}` : ''}`;
    };
    // The bar as SVG rectangles (attributes, not inline style: the CSP allows none), 1000 units wide.
    let x = 0;
    const bar = status.counts.map((c) => {
      const width = status.total ? (c.count * 1000) / status.total : 0;
      const part = { slug: stateSlug(c.state), x, width };
      x += width;
      return part;
    });
    const processed = typeof req.query.verwerkt === 'string' && /^\d{1,6}$/.test(req.query.verwerkt) ? Number(req.query.verwerkt) : undefined;
    res.status(errors.length > 0 ? 400 : 200).render('campaigns/show.njk', {
      status,
      reminders,
      teamPrijzen: isTeamPrijzen(req),
      waiting: isTeamPrijzen(req) ? await campaigns.waitingCount(status.campaign.year) : undefined,
      processed,
      processBatch: PROCESS_BATCH,
      saved: req.query.bewaard === '1',
      bar,
      filter: { status: filter.status ? stateSlug(filter.status) : '', zoek: filter.zoek ?? '' },
      states: FACILITY_STATES.map((s) => ({ value: stateSlug(s), text: s })),
      stateSlug: Object.fromEntries(FACILITY_STATES.map((s) => [s, stateSlug(s)])),
      previousHref: status.page > 1 ? query(status.page - 1) : undefined,
      nextHref: status.page < status.totalPages ? query(status.page + 1) : undefined,
      ...errorView(errors),
    });
  });

  async function renderDossier(req: Request, res: Response, options: { errors?: ReturnType<typeof fieldErrors>; reason?: string } = {}) {
    const year = yearSchema.safeParse(req.params.jaar);
    const id = idSchema.safeParse(req.params.id);
    const found = year.success && id.success ? await campaigns.dossier(year.data, id.data) : undefined;
    if (!found) return res.status(404).render('errors/404.njk');
    const { summaryErrors, fieldErrors: byField } = errorView(options.errors ?? []);
    // "Berichten over dit dossier": those on the themes of the staff member's teams.
    const writer = req.currentUser ? await outbound.writer(req.currentUser) : undefined;
    const threads = writer ? await outbound.dossierThreads(writer, found.view.id) : [];
    // The compose page lets a staff member write only on their teams' themes: offer
    // "Nieuw bericht over dit dossier" only to those who may write on the theme Prijzen.
    const mayWrite = writer?.themes.some((t) => t.slug === PRICES_THEME) ?? false;
    res.render('campaigns/dossier.njk', {
      dossier: found.view,
      luiken: luikenForView(linesByLuik(found.view.lines), found.view.campaign.kortingCents),
      facility: found.facility,
      threads,
      mayWrite,
      teamPrijzen: isTeamPrijzen(req),
      reopened: req.query.heropend === '1',
      reason: options.reason ?? '',
      summaryErrors,
      fieldErrors: byField,
    });
  }

  router.get('/beheer/campagnes/:jaar/dossiers/:id', (req, res) => renderDossier(req, res));

  router.post('/beheer/campagnes/:jaar/dossiers/:id/heropenen', async (req, res) => {
    if (!isTeamPrijzen(req)) return res.status(403).render('errors/403.njk');
    const year = yearSchema.safeParse(req.params.jaar);
    const id = idSchema.safeParse(req.params.id);
    if (!year.success || !id.success) return res.status(404).render('errors/404.njk');
    const body = req.body as Record<string, unknown>;
    const parsed = reopenReasonSchema.safeParse(body);
    if (!parsed.success) {
      res.status(400);
      return renderDossier(req, res, { errors: fieldErrors(parsed.error), reason: typeof body.reason === 'string' ? body.reason : '' });
    }
    try {
      await campaigns.reopen(year.data, id.data, actorOf(req.currentUser), parsed.data.reason);
    } catch (error) {
      if (!(error instanceof ReopenRefused)) throw error;
      return res.redirect(303, `/beheer/campagnes/${year.data}/dossiers/${id.data}`);
    }
    req.log?.info({ dossierId: id.data }, 'dossier reopened');
    res.redirect(303, `/beheer/campagnes/${year.data}/dossiers/${id.data}?heropend=1`);
  });

  router.post('/beheer/campagnes/:jaar/kennisname', async (req, res) => {
    if (!isTeamPrijzen(req)) return res.status(403).render('errors/403.njk');
    const year = yearSchema.safeParse(req.params.jaar);
    const campaign = year.success ? await campaigns.campaign(year.data) : undefined;
    if (!campaign) return res.status(404).render('errors/404.njk');
    const { done, remaining } = await campaigns.markProcessed(campaign.year, actorOf(req.currentUser));
    req.log?.info({ year: campaign.year, done, remaining }, 'campaign dossiers marked as processed');
    res.redirect(303, `/beheer/campagnes/${campaign.year}?verwerkt=${done}`);
  });

  router.get('/beheer/campagnes/:jaar/export.:format', async (req, res) => {
    const year = yearSchema.safeParse(req.params.jaar);
    const format = req.params.format;
    const campaign = year.success ? await campaigns.campaign(year.data) : undefined;
    if (!campaign || (format !== 'csv' && format !== 'xlsx')) return res.status(404).render('errors/404.njk');
    const name = `meting-dagprijzen-${campaign.year}`;
    const team = req.currentUser?.staff?.teams.find((t) => t.code === TEAM_PRIJZEN) ?? req.currentUser?.staff?.teams[0];
    await campaigns.recordExport(campaign.year, format, actorOf(req.currentUser), team?.code ?? null);
    const lines = campaigns.submittedLines(campaign.year);
    try {
      if (format === 'csv') {
        res.type('text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
        return await writeCsvTable(metingDagprijzen.export.columns, lines, res);
      }
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      await writeXlsxTable(metingDagprijzen.export.columns, lines, res, `Dagprijzen ${campaign.year}`, limits.export);
    } catch (error) {
      if (error instanceof WorkerTaskFailed) return exportFailed(req, res, error);
      // The client went away mid-download: nothing left to answer.
      if (!(error instanceof DownloadAborted)) throw error;
      req.log?.info({ year: campaign.year, format }, 'export download aborted by the client');
    }
  });

  return router;
}
