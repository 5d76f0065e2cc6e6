// The average dagprijs per woonzorgcentrum on a date (M33, issue 26 item 5),
// for Team Prijzen and the helpdesk like the registers themselves: a paged
// table, the distribution as a server-drawn bar chart with the same figures
// in a table, and a CSV export with the exports' conventions.
import type { Services } from '../../services.js';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM } from '../../auth/teams.js';
import { formatCalendar } from '../../lib/dates.js';
import { errorView } from '../../lib/form-errors.js';
import { formatMoney } from '../../lib/money.js';
import { DownloadAborted, writeCsvTable } from '../../lib/table-export.js';
import { actorOf } from '../audit/index.js';
import { AVERAGE_COLUMNS, bandText, type Band } from './average.js';
import { isoDate } from './data.js';
import { dateOf, mayReadAll, pageLinks } from './routes.js';
import { pageSchema } from './schemas.js';
import { TEAM_PRIJZEN } from './service.js';

export const AVERAGE_PATH = '/beheer/prijzen/gemiddelde';

const guardReaders = (req: Request, res: Response, next: NextFunction) => (mayReadAll(req) ? next() : res.status(403).render('errors/403.njk'));

/** The chart's geometry (SVG user units): one horizontal bar per band, the longest bar the whole width. */
const CHART = { labelWidth: 170, barWidth: 360, countWidth: 70, rowHeight: 26, barHeight: 18 };

function chartOf(bands: Band[]) {
  const most = Math.max(1, ...bands.map((b) => b.facilities));
  return {
    width: CHART.labelWidth + CHART.barWidth + CHART.countWidth,
    height: bands.length * CHART.rowHeight,
    bars: bands.map((b, i) => ({
      label: bandText(b),
      count: b.facilities,
      y: i * CHART.rowHeight,
      // A band with one facility still shows a sliver, so that it is not read as empty.
      length: b.facilities === 0 ? 0 : Math.max(2, Math.round((b.facilities / most) * CHART.barWidth)),
    })),
    ...CHART,
  };
}

export function averagePriceRoutes({ averagePrices: averages }: Pick<Services, 'averagePrices'>): Router {
  const router = Router();

  router.get(AVERAGE_PATH, requireStaff, guardReaders, async (req, res) => {
    const { date, text, errors } = dateOf(req, averages.today);
    const page = pageSchema.parse(req.query.pagina);
    const found = await averages.overview(date, page);
    const dateQuery = errors.length ? '' : `datum=${encodeURIComponent(formatCalendar(date))}`;
    res.status(errors.length ? 400 : 200).render('prices/average.njk', {
      date: formatCalendar(date),
      dateValue: text,
      exportHref: `${AVERAGE_PATH}/export.csv${dateQuery ? `?${dateQuery}` : ''}`,
      total: found.total,
      rows: found.rows.map((a) => [
        { text: a.name, href: `/beheer/voorzieningen/${a.id}/prijzen`, rowHeader: true },
        { text: a.hcoNumber },
        { text: String(a.kamertypes) },
        { text: String(a.capacity) },
        { text: `€ ${formatMoney(a.averageCents)}` },
      ]),
      chart: chartOf(found.bands),
      bandRows: found.bands.map((b) => [{ text: bandText(b), rowHeader: true }, { text: String(b.facilities) }]),
      pages: pageLinks(AVERAGE_PATH, found.page, found.totalPages, dateQuery ? `&${dateQuery}` : ''),
      ...errorView(errors),
    });
  });

  router.get(`${AVERAGE_PATH}/export.csv`, requireStaff, guardReaders, async (req, res) => {
    const { date, errors } = dateOf(req, averages.today);
    if (errors.length) return res.status(404).render('errors/404.njk');
    const team = req.currentUser?.staff?.teams.find((t) => t.code === TEAM_PRIJZEN) ?? req.currentUser?.staff?.teams.find((t) => t.code === HELPDESK_TEAM);
    await averages.recordExport(date, actorOf(req.currentUser), team?.code ?? null);
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="gemiddelde-dagprijs-${isoDate(date)}.csv"`);
    try {
      await writeCsvTable(AVERAGE_COLUMNS, averages.exportLines(date), res);
    } catch (error) {
      // The client went away mid-download: nothing left to answer.
      if (!(error instanceof DownloadAborted)) throw error;
      req.log?.info('average price export aborted by the client');
    }
  });

  return router;
}
