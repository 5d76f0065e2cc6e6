// What other features use of "Hulp nodig?": saying which theme a page belongs to.
export { helpForTheme, pagesOfTheme } from './page-theme.js';
export * from './routes.js';
export * from './service.js';
