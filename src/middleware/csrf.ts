import type { Express, NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/** Paths that receive cross-site POSTs by design and are protected otherwise (signed SAML messages). */
export const CROSS_SITE_POST_PATHS: ReadonlySet<string> = new Set(['/auth/saml/acs']);

// The tokens live in the session, so this holds no state of its own: one for the process.
const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody: unknown = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    return typeof fromHeader === 'string' ? fromHeader : undefined;
  },
  skipCsrfProtection: (req: Request) => CROSS_SITE_POST_PATHS.has(req.path),
});

/** For upload routes, which check the token themselves once the multipart body is parsed. */
export function isCsrfTokenValid(req: Request): boolean {
  return csrf.isRequestValid(req);
}

/** The error the CSRF check fails with (403, shown as errors/csrf.njk). */
export const invalidCsrfTokenError: Error = csrf.invalidCsrfTokenError;

/** Which requests defer their CSRF check to the upload middleware (src/uploads/). */
export interface UploadRouteMatcher {
  isUploadRoute(req: Request, res: Response): Promise<boolean>;
}

/**
 * Synchroniser tokens kept in the session: every POST, PUT, PATCH and DELETE
 * must carry the token as the `_csrf` form field or the `x-csrf-token` header.
 * Forms call `csrfToken()`, so the token (and so a session) is only created
 * when a page actually renders a form. A multipart body is not parsed yet at
 * this point: on a registered upload route its token is checked by the upload
 * middleware right after parsing; on any other route it is checked here, so
 * it fails unless the header carries the token.
 */
export function setUpCsrf(app: Express, uploads: UploadRouteMatcher): void {
  app.use((req, res, next) => {
    res.locals.csrfToken = () => csrf.generateToken(req);
    next();
  });
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.is('multipart/form-data') && (await uploads.isUploadRoute(req, res))) return next();
    csrf.csrfSynchronisedProtection(req, res, next);
  });
}
