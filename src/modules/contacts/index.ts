export { themeContacts, confirmationRecipients, type ThemeContact } from './theme-recipients.js';
