// Wires every feature's service once (in the style of hmpps-template-typescript):
// createApp builds this from its dependencies, and each router receives only
// the services it uses. A feature adds its service here: `createXService(...)`
// in `src/modules/<x>/service.ts`, given the dependencies it needs and nothing more.
import type { AppDependencies } from './dependencies.js';
import { createFormRescueService, type FormRescueService } from './modules/session/index.js';
import { createHelpService, type HelpService } from './modules/help/index.js';
import { createContactsService, type ContactsService } from './modules/contacts/index.js';
import { createMessagesService, type MessagesService } from './modules/messages/index.js';
import { createDossierService, type DossierService } from './modules/dossiers/index.js';
import { createPriceDossierService, type PriceDossierService } from './modules/price-dossiers/index.js';
import { createCampaignService, type CampaignService } from './modules/campaigns/index.js';
import { createOutboundService, type OutboundService } from './modules/outbound/index.js';
import { createUploads, type Uploads } from './uploads/index.js';
import { createMailAdminService, type MailAdminService } from './mail/admin-service.js';
import { createAuditService, type AuditService } from './modules/audit/index.js';
import { createDirectoryService, type DirectoryService } from './modules/directory/index.js';
import { createHelpdeskAdminService, type HelpdeskAdminService } from './modules/helpdesk-admin/index.js';
import { createZorgaanbodService, zorgaanbodPanel, type ZorgaanbodService } from './modules/zorgaanbod/index.js';
import { createInboxService, type InboxService } from './modules/inbox/index.js';
import { createHandlingService, type HandlingService } from './modules/dossier-core/index.js';
import { createPriceIndexService, type PriceIndexService } from './modules/price-index/index.js';
import { createAveragePriceService, createPriceService, type AveragePriceService, type PriceService } from './modules/prices/index.js';
import { GENERATOR_LIMITS, type GeneratorLimits } from './lib/generators.js';
import type { RequestHandler } from 'express';
import type { RateLimitRequestHandler } from 'express-rate-limit';
import { requireFacilityUser } from './auth/current-user.js';
import { createAuthService, type AuthService } from './auth/service.js';
import { sharedRateLimit, type SharedRateLimitOptions } from './middleware/rate-limit.js';
import { createDevIdpService, type DevIdpService } from './dev/idp/service.js';
import { createDevMailService, type DevMailService } from './dev/mail-routes.js';

export interface Services {
  /** Settings every service may read. */
  config: AppDependencies['config'];
  /** The time of rules with a deadline: the real time, or the tests' fixed moment. */
  now: () => Date;
  /**
   * The guard of every facility page (src/auth/current-user.ts): a logged-in
   * user acting for a facility; it sets the request's facility scope and actor.
   */
  facilityUser: RequestHandler;
  /** A rate limit whose counters live in PostgreSQL (shared by every portal process). */
  rateLimit(options: SharedRateLimitOptions): RateLimitRequestHandler;
  /** Login, logout and the SAML sessions (src/auth/routes.ts). */
  auth: AuthService;
  /** The development identity provider's pages, outside production without SAML_IDP_METADATA. */
  devIdp?: DevIdpService;
  /** /dev/mail: the development mail sink, outside production without SMTP_URL. */
  devMail?: DevMailService;
  /** The worker limits of the PDF and XLSX generators. */
  generatorLimits: GeneratorLimits;
  /** Copies of forms posted after their session ended (src/modules/session/form-rescue.ts). */
  formRescue: FormRescueService;
  /** "Hulp nodig?": the panel's content and the technical helpdesk. */
  help: HelpService;
  /** The Contactenmodule: contact persons, organisation data, confirmation links. */
  contacts: ContactsService;
  /** The Berichtenmodule: threads, messages, their contacts and notifications. */
  messages: MessagesService;
  /** Meting dagprijzen: campaigns, dossiers, submission (M22-M24). */
  dossiers: DossierService;
  /** The price dossiers of the facility (M34-M38): one set of pages for the five types. */
  priceDossiers: PriceDossierService;
  /** The department's follow-up of the campaigns and their exports (M27). */
  campaigns: CampaignService;
  /** The upload pipeline: upload routes, their middleware and limits (src/uploads/index.ts). */
  uploads: Uploads;
  /** The department's view of the outbox and its retry (/beheer/mail). */
  mailAdmin: MailAdminService;
  /** Reading the audit trail (/beheer/audit). */
  audit: AuditService;
  /** The facility directory of the department's pages (M28). */
  directory: DirectoryService;
  /** The technical helpdesk's tickets: answers and closing (M28). */
  helpdeskAdmin: HelpdeskAdminService;
  /** Zorgaanbod (M25): the huisartsenkringen's Excel lists and their follow-up by Team Eerstelijn. */
  zorgaanbod: ZorgaanbodService;
  /** The Zorgaanbod panel of the theme page: the kring's list and its upload field (undefined for other facilities). */
  zorgaanbodPanel: ReturnType<typeof zorgaanbodPanel>;
  /** The department's team inbox (M26): threads of the staff member's teams' themes. */
  inbox: InboxService;
  /** The department's new threads and bulk sends (M26). */
  outbound: OutboundService;
  /** The department's handling of dossiers of every type (M31): queue, assignment, decision, reopening. */
  dossierHandling: HandlingService;
  /** The consumer price index kept by Team Prijzen (M34), read by the indexering. */
  priceIndex: PriceIndexService;
  /** The price register (M33): "Mijn prijzen" and the department's registers with their exports. */
  prices: PriceService;
  /** The average dagprijs per woonzorgcentrum on a date (M33). */
  averagePrices: AveragePriceService;
}

export function createServices(deps: AppDependencies): Services {
  const generatorLimits = deps.generatorLimits ?? GENERATOR_LIMITS;
  const contacts = createContactsService({ prisma: deps.prisma, config: deps.config, logger: deps.logger });
  const now = deps.clock ?? (() => new Date());
  const messages = createMessagesService({ prisma: deps.prisma, config: deps.config, contacts, logger: deps.logger });
  const { sp, devIdp } = deps.identity;
  const uploads = createUploads(deps.config, deps.prisma);
  const zorgaanbod = createZorgaanbodService({ prisma: deps.prisma, config: deps.config, now });
  return {
    config: deps.config,
    now,
    facilityUser: requireFacilityUser(deps.prisma),
    rateLimit: (options) => sharedRateLimit(deps.pool, options),
    auth: createAuthService(deps.prisma, sp),
    ...(devIdp && !deps.config.isProduction ? { devIdp: createDevIdpService(deps.prisma, devIdp, sp) } : {}),
    ...(deps.mailSink && !deps.config.isProduction ? { devMail: createDevMailService(deps.prisma, deps.config, deps.mailSink) } : {}),
    generatorLimits,
    formRescue: createFormRescueService(deps.prisma),
    help: createHelpService({ prisma: deps.prisma, config: deps.config }),
    contacts,
    messages,
    dossiers: createDossierService({ config: deps.config, now, receiptLimits: generatorLimits.receipt }),
    priceDossiers: createPriceDossierService({ config: deps.config, now }),
    campaigns: createCampaignService({ prisma: deps.prisma, config: deps.config, now }),
    uploads,
    mailAdmin: createMailAdminService(deps.prisma),
    audit: createAuditService(deps.prisma),
    directory: createDirectoryService({ prisma: deps.prisma }),
    helpdeskAdmin: createHelpdeskAdminService({ prisma: deps.prisma, config: deps.config }),
    zorgaanbod,
    zorgaanbodPanel: zorgaanbodPanel(zorgaanbod, uploads),
    inbox: createInboxService({ prisma: deps.prisma, messages }),
    outbound: createOutboundService({ prisma: deps.prisma, messages }),
    dossierHandling: createHandlingService({ prisma: deps.prisma, config: deps.config, now, letterLimits: generatorLimits.letter, exportLimits: generatorLimits.export }),
    priceIndex: createPriceIndexService({ prisma: deps.prisma, now }),
    prices: createPriceService({ prisma: deps.prisma, now }),
    averagePrices: createAveragePriceService({ prisma: deps.prisma, now }),
  };
}
