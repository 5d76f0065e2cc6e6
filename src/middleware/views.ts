import { join } from 'node:path';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import type { AppDependencies } from '../dependencies.js';
import { projectRoot } from '../paths.js';
import { formatDate, formatDateTime, formatLongDate } from '../lib/dates.js';
import { formatMoney } from '../lib/money.js';
import { formatInsz, formatKbo, formatRiziv } from '../lib/identifiers.js';
import { formatFileSize } from '../uploads/texts.js';
import { publicAssets, type Assets } from './static-files.js';

export const PORTAL_NAME = 'e-loket Departement Zorg';

/**
 * The Nunjucks environment of pages and e-mails: autoescape on, the portal's
 * filters. Only the plain-text variant of e-mails turns autoescape off, since
 * HTML entities have no meaning there.
 */
export function createViewEnvironment(options: { autoescape?: boolean; assets?: Pick<Assets, 'url'> } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(projectRoot, 'views'), { noCache: false }), {
    autoescape: options.autoescape ?? true,
    throwOnUndefined: false,
  });
  env.addFilter('date', (value: Date | undefined) => (value ? formatDate(value) : ''));
  env.addFilter('dateTime', (value: Date | undefined) => (value ? formatDateTime(value) : ''));
  env.addFilter('longDate', (value: Date | undefined) => (value ? formatLongDate(value) : ''));
  env.addFilter('money', (cents: number | undefined) => (cents === undefined || cents === null ? '' : formatMoney(cents)));
  env.addFilter('insz', (value: string) => formatInsz(value));
  env.addFilter('kbo', (value: string) => formatKbo(value));
  env.addFilter('riziv', (value: string) => formatRiziv(value));
  env.addFilter('fileSize', (bytes: number) => formatFileSize(bytes));
  env.addGlobal('portalName', PORTAL_NAME);
  // {{ asset('css/main.css') }}: the fingerprinted URL of a file under public/ (src/middleware/static-files.ts).
  env.addGlobal('asset', (name: string) => (options.assets ?? publicAssets()).url(name));
  return env;
}

export function setUpViews(app: Express, { config }: AppDependencies, assets: Pick<Assets, 'url'>): void {
  const env = createViewEnvironment({ assets });
  env.express(app);
  app.set('view engine', 'njk');
  app.locals.showDevelopmentLinks = !config.isProduction;
  app.use((req, res, next) => {
    res.locals.currentPath = req.path;
    next();
  });
}
