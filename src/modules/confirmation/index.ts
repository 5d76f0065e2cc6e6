// The confirmation module as the rest of the portal uses it: nobody imports its inner files.
export * from './routes.js';
