// The dossiers module as the rest of the portal uses it: nobody imports its inner files.
export * from './routes.js';
export * from './service.js';
export { linesByLuik, luikenForView, nettoCents, type Luik } from './schemas.js';
