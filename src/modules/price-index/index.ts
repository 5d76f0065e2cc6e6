// The consumer price index (M34): what other features use. The indexering of
// prices reads a month's figure, the last published month and the percentage
// between them; the page /beheer/prijzen/index is mounted by the app.
export {
  indexOf,
  lastPublishedMonth,
  indexationPercentage,
  createPriceIndexService,
  type IndexFigure,
  type Indexation,
  type IndexReader,
  type PriceIndexService,
} from './service.js';
export {
  applyPercentage,
  compareMonths,
  decimalText,
  formatIndexMonth,
  formatIndexValue,
  formatPercentage,
  monthDate,
  monthKey,
  parseIndexMonth,
  percentageBetween,
  type IndexMonth,
} from './figures.js';
export { priceIndexRoutes, INDEX_PAGE } from './routes.js';
