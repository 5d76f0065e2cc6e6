// The price dossiers of the facility (M34-M38): one set of pages for the five
// types of the dossier core's price kit. Others use this module only here.
export { createPriceDossierService, type PriceDossierService } from './service.js';
export { priceDossierRoutes } from './routes.js';
