// The Zorgaanbod module (M25) as the rest of the portal uses it: nobody imports its inner files.
export { createZorgaanbodService, type ZorgaanbodService } from './service.js';
export { zorgaanbodPanel, zorgaanbodRoutes, type ZorgaanbodPanel } from './routes.js';
export { zorgaanbodAdminRoutes } from './admin-routes.js';
