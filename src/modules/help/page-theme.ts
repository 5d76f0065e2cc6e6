// Which theme a page belongs to, for the "Hulp nodig?" button in the layout:
// a route of a theme page calls helpForTheme(res, slug), and the button then
// opens that theme's guidance and contacts. Nothing is read here: the panel's
// data is read only when someone opens it (GET /hulp/paneel or /hulp).
import type { Response } from 'express';

export function helpForTheme(res: Response, slug: string): void {
  res.locals.helpTheme = slug;
}
