// Which theme a page belongs to, for the "Hulp nodig?" button in the layout:
// the button then opens that theme's guidance and "Contacteer ons" with its
// teams (seed 000 §4.5: every page linked to a theme). A feature whose pages
// all belong to one theme says so once for its paths with pagesOfTheme; a
// page whose theme is known only from its data (a message) calls
// helpForTheme where it reads that data. Nothing is read here: the panel's
// data is read only when someone opens it (GET /hulp/paneel or /hulp).
import type { RequestHandler, Response } from 'express';

export function helpForTheme(res: Response, slug: string): void {
  res.locals.helpTheme = slug;
}

/** Every page under the path it is mounted on belongs to the theme `slug`: `router.use('/dossiers', pagesOfTheme('prijzen'))`. */
export function pagesOfTheme(slug: string): RequestHandler {
  return (_req, res, next) => {
    helpForTheme(res, slug);
    next();
  };
}
