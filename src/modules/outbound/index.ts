// The outbound module as the rest of the portal uses it: nobody imports its inner files.
export * from './routes.js';
export * from './service.js';
export * from './worker.js';
