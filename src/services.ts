// Wires every feature's service once (in the style of hmpps-template-typescript):
// createApp builds this from its dependencies, and each router receives only
// the services it uses. A feature adds its service here: `createXService(...)`
// in `src/modules/<x>/service.ts`, given the dependencies it needs and nothing more.
import type { AppDependencies } from './dependencies.js';
import { createDossierService, type DossierService } from './modules/dossiers/service.js';
import { createCampaignService, type CampaignService } from './modules/campaigns/service.js';
import { createUploads, type Uploads } from './uploads/index.js';

export interface Services {
  /** Settings every service may read. */
  config: AppDependencies['config'];
  /** Meting dagprijzen: campaigns, dossiers, submission (M22-M24). */
  dossiers: DossierService;
  /** The department's follow-up of the campaigns and their exports (M27). */
  campaigns: CampaignService;
  /** The upload pipeline: upload routes, their middleware and limits (src/uploads/index.ts). */
  uploads: Uploads;
}

export function createServices(deps: AppDependencies): Services {
  const now = deps.clock ?? (() => new Date());
  return {
    config: deps.config,
    dossiers: createDossierService({ config: deps.config, now }),
    campaigns: createCampaignService({ prisma: deps.prisma, config: deps.config, now }),
    uploads: createUploads(deps.config),
  };
}
