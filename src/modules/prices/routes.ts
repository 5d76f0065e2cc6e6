// The price register's pages (M33): "Mijn prijzen" under the theme Prijzen for
// every user of the facility; the register of one facility in the directory
// for every staff member; all registers with their exports for Team Prijzen
// and the helpdesk.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { facilityContext, requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM, isTeamMember } from '../../auth/teams.js';
import { formatCalendar, type CalendarDate } from '../../lib/dates.js';
import { generatorFailed } from '../../lib/generators.js';
import { DownloadAborted, writeCsvTable, writeXlsxTable } from '../../lib/table-export.js';
import { WorkerTaskFailed } from '../../lib/worker-task.js';
import { fieldErrors, errorView } from '../../lib/form-errors.js';
import { formatMoney } from '../../lib/money.js';
import { isoDate } from './data.js';
import { actorOf } from '../audit/index.js';
import { pagesOfTheme } from '../help/index.js';
import { REGISTER_COLUMNS, sourceText } from './export.js';
import { dateQuerySchema, exportFormatSchema, facilityIdSchema, pageSchema, UNIT_TEXT } from './schemas.js';
import { TEAM_PRIJZEN, type HistoryItem, type Register, type RegisterItem } from './service.js';

export const MY_PRICES_PATH = '/themas/prijzen/mijn-prijzen';
const OVERVIEW_PATH = '/beheer/prijzen';

/** "€ 62,50 per dag" */
const priceText = (item: { unit: RegisterItem['unit']; priceCents: number | null }) => (item.priceCents === null ? '–' : `€ ${formatMoney(item.priceCents)} ${UNIT_TEXT[item.unit]}`);

/** The tables' rows, built once for the facility's and the department's pages. */
function registerView(register: Register) {
  const tail = (item: RegisterItem) => [{ text: priceText(item) }, { text: formatCalendar(item.validFrom) }, { text: sourceText(item.source) || '–' }];
  return {
    basis: register.basis,
    date: formatCalendar(register.date),
    kamertypes: register.kamertypes.map((k) => [{ text: k.name, rowHeader: true }, { text: k.description || '–' }, { text: String(k.capacity ?? '–') }, ...tail(k)]),
    supplements: register.supplements.map((s) => [{ text: s.name, rowHeader: true }, { text: s.description || '–' }, { text: UNIT_TEXT[s.unit] }, ...tail(s)]),
  };
}

function historyView(items: HistoryItem[]) {
  return items.map((h) => [
    { text: h.kind === 'kamertype' ? 'Kamertype' : 'Supplement' },
    { text: h.description ? `${h.name} – ${h.description}` : h.name },
    { text: h.capacity === null ? '–' : String(h.capacity) },
    { text: h.removed ? 'Niet meer aangeboden' : priceText(h) },
    { text: formatCalendar(h.validFrom) + (h.upcoming ? ' (nog niet van toepassing)' : '') },
    { text: sourceText(h.source) || '–' },
  ]);
}

export const pageLinks = (base: string, page: number, totalPages: number, extra = '') => ({
  page,
  totalPages,
  previousHref: page > 1 ? `${base}?pagina=${page - 1}${extra}` : undefined,
  nextHref: page < totalPages ? `${base}?pagina=${page + 1}${extra}` : undefined,
});

/** Team Prijzen keeps the registers; the helpdesk answers questions about them. */
export const mayReadAll = (req: Request) => isTeamMember(req, TEAM_PRIJZEN) || isTeamMember(req, HELPDESK_TEAM);

/** The date of a department's price page: ?datum=, today by default; a wrong date gives its error (the page answers 400 with today). */
export function dateOf(req: Request, today: () => CalendarDate): { date: CalendarDate; text: string; errors: ReturnType<typeof fieldErrors> } {
  const parsed = dateQuerySchema.safeParse(typeof req.query.datum === 'string' ? req.query.datum : undefined);
  const date = (parsed.success ? parsed.data : undefined) ?? today();
  return {
    date,
    text: typeof req.query.datum === 'string' ? req.query.datum.slice(0, 10) : formatCalendar(date),
    errors: parsed.success ? [] : fieldErrors(parsed.error).map((e) => ({ ...e, field: 'datum' })),
  };
}

export function priceRoutes({ facilityUser, prices, generatorLimits: limits }: Pick<Services, 'facilityUser' | 'prices' | 'generatorLimits'>): Router {
  const router = Router();

  router.use(MY_PRICES_PATH, facilityUser, pagesOfTheme('prijzen'));
  router.get(MY_PRICES_PATH, async (req, res) => {
    const { scope } = facilityContext(req);
    const page = pageSchema.parse(req.query.pagina);
    const found = await prices.ownRegister(scope, page);
    if (!found) return res.status(404).render('errors/404.njk');
    res.render('prices/mine.njk', {
      register: registerView(found.register),
      history: historyView(found.history.items),
      historyPages: pageLinks(MY_PRICES_PATH, found.history.page, found.history.totalPages),
    });
  });

  router.get('/beheer/voorzieningen/:id/prijzen', requireStaff, async (req, res) => {
    const id = facilityIdSchema.safeParse(req.params.id);
    const page = pageSchema.parse(req.query.pagina);
    const found = id.success ? await prices.facilityRegister(id.data, page) : undefined;
    if (!found) return res.status(404).render('errors/404.njk');
    const base = `/beheer/voorzieningen/${found.facility.id}/prijzen`;
    res.render('prices/facility.njk', {
      facility: found.facility,
      register: registerView(found.register),
      history: historyView(found.history.items),
      historyPages: pageLinks(base, found.history.page, found.history.totalPages),
      mayReadAll: mayReadAll(req),
    });
  });

  const guardAll = (req: Request, res: Response, next: () => void) => (mayReadAll(req) ? next() : res.status(403).render('errors/403.njk'));

  router.get(OVERVIEW_PATH, requireStaff, guardAll, async (req, res) => {
    const { date, text, errors } = dateOf(req, prices.today);
    const page = pageSchema.parse(req.query.pagina);
    const overview = await prices.overview(date, page);
    const dateParam = errors.length ? '' : `&datum=${encodeURIComponent(formatCalendar(date))}`;
    res.status(errors.length ? 400 : 200).render('prices/overview.njk', {
      date: formatCalendar(date),
      dateValue: text,
      dateParam: errors.length ? '' : `?datum=${encodeURIComponent(formatCalendar(date))}`,
      registers: overview.registers.map((r) => ({ facility: r.facility, view: registerView(r.register) })),
      total: overview.total,
      pages: pageLinks(OVERVIEW_PATH, overview.page, overview.totalPages, dateParam),
      ...errorView(errors),
    });
  });

  router.get(`${OVERVIEW_PATH}/export.:format`, requireStaff, guardAll, async (req, res) => {
    const format = exportFormatSchema.safeParse(req.params.format);
    const { date, errors } = dateOf(req, prices.today);
    if (!format.success || errors.length) return res.status(404).render('errors/404.njk');
    const team = req.currentUser?.staff?.teams.find((t) => t.code === TEAM_PRIJZEN) ?? req.currentUser?.staff?.teams.find((t) => t.code === HELPDESK_TEAM);
    await prices.recordExport(date, format.data, actorOf(req.currentUser), team?.code ?? null);
    const name = `prijsregisters-${isoDate(date)}`;
    const lines = prices.exportLines(date);
    try {
      if (format.data === 'csv') {
        res.type('text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
        return await writeCsvTable(REGISTER_COLUMNS, lines, res);
      }
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      await writeXlsxTable(REGISTER_COLUMNS, lines, res, `Prijzen ${formatCalendar(date).replace(/\//g, '-')}`, limits.export);
    } catch (error) {
      if (error instanceof WorkerTaskFailed) return generatorFailed(req, res, error);
      // The client went away mid-download: nothing left to answer.
      if (!(error instanceof DownloadAborted)) throw error;
      req.log?.info({ format: format.data }, 'price register export aborted by the client');
    }
  });

  return router;
}
