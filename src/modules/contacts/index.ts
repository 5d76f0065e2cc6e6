export { themeContacts, confirmationRecipients, type ThemeContact } from './theme-recipients.js';
export { lockFacility } from './data.js';
export * from './routes.js';
export * from './schemas.js';
export * from './service.js';
export * from './staged.js';
