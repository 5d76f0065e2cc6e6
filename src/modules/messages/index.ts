// The messages module as the rest of the portal uses it: nobody imports its inner files.
export * from './list-view.js';
export * from './recipients.js';
export * from './routes.js';
export * from './schemas.js';
export * from './service.js';
