// The one composition root: createApp(deps) reads top to bottom as the
// middleware order. Each group lives in its own small setUpX() function.
import express, { type Express, type Router } from 'express';
import type { AppDependencies } from './dependencies.js';
import { createServices, type Services } from './services.js';
import { setUpRequestLogging } from './middleware/request-logging.js';
import { setUpHealth } from './modules/health/index.js';
import { setUpNoStore, setUpSecurityHeaders } from './middleware/security-headers.js';
import { publicAssets, setUpStaticFiles } from './middleware/static-files.js';
import { setUpViews } from './middleware/views.js';
import { setUpSession } from './middleware/session.js';
import { setUpBodyParsing } from './middleware/body-parsing.js';
import { setUpCsrf } from './middleware/csrf.js';
import { helpRoutes } from './modules/help/index.js';
import { homeRoutes } from './modules/home/index.js';
import { setUpErrorHandling } from './middleware/error-handling.js';
import { setUpCurrentUser } from './auth/current-user.js';
import { authRoutes } from './auth/routes.js';
import { devIdpRoutes } from './dev/idp/routes.js';
import { organisationRoutes } from './modules/organisation/index.js';
import { contactsRoutes } from './modules/contacts/index.js';
import { adminRoutes } from './modules/admin/index.js';
import { inboxRoutes } from './modules/inbox/index.js';
import { campaignRoutes } from './modules/campaigns/index.js';
import { dossierHandlingRoutes } from './modules/dossier-core/index.js';
import { accessRoutes } from './modules/access/index.js';
import { themeRoutes } from './modules/themes/index.js';
import { priceDossierRoutes } from './modules/price-dossiers/index.js';
import { dossierRoutes } from './modules/dossiers/index.js';
import { messageRoutes } from './modules/messages/index.js';
import { outboundRoutes } from './modules/outbound/index.js';
import { confirmationRoutes } from './modules/confirmation/index.js';
import { devMailRoutes } from './dev/mail-routes.js';
import { mailAdminRoutes } from './modules/mail-admin/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { setUpFormRescue, setUpRescuedForms, sessionRoutes } from './modules/session/index.js';
import { directoryRoutes } from './modules/directory/index.js';
import { helpdeskAdminRoutes } from './modules/helpdesk-admin/index.js';
import { zorgaanbodRoutes } from './modules/zorgaanbod/index.js';
import { zorgaanbodAdminRoutes } from './modules/zorgaanbod/index.js';
import { priceIndexRoutes } from './modules/price-index/index.js';
import { averagePriceRoutes, priceRoutes } from './modules/prices/index.js';

/**
 * The portal's routers, in the order Express matches them. Each takes the
 * services (or the part it uses) and nothing else.
 */
const ROUTERS: readonly ((services: Services) => Router)[] = [
  authRoutes,
  sessionRoutes,
  accessRoutes,
  homeRoutes,
  organisationRoutes,
  contactsRoutes,
  themeRoutes,
  zorgaanbodRoutes,
  // Before the Meting dagprijzen's /dossiers/:id: /dossiers/prijzen/... are price dossiers.
  priceDossierRoutes,
  dossierRoutes,
  priceRoutes,
  averagePriceRoutes,
  messageRoutes,
  confirmationRoutes,
  adminRoutes,
  // Before the inbox: /beheer/berichten/nieuw and /bulk are not thread ids.
  outboundRoutes,
  inboxRoutes,
  campaignRoutes,
  dossierHandlingRoutes,
  mailAdminRoutes,
  auditRoutes,
  helpRoutes,
  directoryRoutes,
  helpdeskAdminRoutes,
  zorgaanbodAdminRoutes,
  priceIndexRoutes,
];

/** Routes added by tests: a router, or one built from the app's services (e.g. an upload route). */
export type ExtraRoute = Router | ((services: Services) => Router);

export function createApp(deps: AppDependencies, extraRoutes: ExtraRoute[] = []): Express {
  const app = express();
  // Built once; routers get the services they use.
  const services = createServices(deps);
  // public/, fingerprinted and compressed once per process: the static files and the views' asset() share it.
  const assets = publicAssets();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);

  setUpRequestLogging(app, deps);
  setUpHealth(app, deps);
  setUpSecurityHeaders(app, deps);
  setUpStaticFiles(app, assets);
  setUpNoStore(app);
  setUpViews(app, deps, assets);
  setUpSession(app, deps);
  setUpBodyParsing(app);
  setUpFormRescue(app, deps.config, services.formRescue);
  setUpCsrf(app, services.uploads);
  setUpCurrentUser(app, deps);
  setUpRescuedForms(app, deps.config, services.formRescue);

  // Every router is built from the services alone, in the order Express matches them.
  for (const routes of ROUTERS) app.use(routes(services));
  if (services.devIdp) app.use(devIdpRoutes({ devIdp: services.devIdp }));
  if (services.devMail) app.use(devMailRoutes({ devMail: services.devMail }));
  for (const route of extraRoutes) app.use(isRouter(route) ? route : route(services));

  setUpErrorHandling(app, deps);
  return app;
}

function isRouter(route: ExtraRoute): route is Router {
  // Both are functions; a router has a route stack.
  return 'stack' in route;
}
