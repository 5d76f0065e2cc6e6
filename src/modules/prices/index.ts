// The price register (M33). Other modules use it only through this file: a
// price dossier reads the register with registerAt and, when aanvaard, writes
// it with writeRegister in its decision's transaction. Whoever inserts
// price_entry rows otherwise (the demo seed) calls closeRegisterRows after.
export {
  createPriceService,
  TEAM_PRIJZEN,
  registerAt,
  registerHistory,
  writeRegister,
  RegisterWriteRefused,
  KORTING_NOTE,
  type PriceService,
  type Register,
  type RegisterItem,
  type HistoryItem,
  type PriceSource,
  type RegisterWriter,
} from './service.js';
export { ENTRY_KINDS, PRICE_UNITS, UNITS_OF_KIND, UNIT_TEXT, itemKey, type EntryKind, type PriceUnit, type WriteRegisterInput, type RegisterEntryInput } from './schemas.js';
export { priceRoutes, MY_PRICES_PATH } from './routes.js';
export { averagePriceRoutes, AVERAGE_PATH } from './average-routes.js';
export { createAveragePriceService, type AveragePriceService } from './average.js';
export { closeRegisterRows } from './data.js';
