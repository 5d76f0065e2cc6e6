// The themes module as the rest of the portal uses it: nobody imports its inner files.
export * from './catalog.js';
export * from './routes.js';
export * from './service.js';
