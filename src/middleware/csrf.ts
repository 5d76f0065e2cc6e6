import type { Express, Request } from 'express';
import { csrfSync } from 'csrf-sync';

/** Paths that receive cross-site POSTs by design and are protected otherwise (signed SAML messages). */
const CROSS_SITE_POST_PATHS = new Set(['/auth/saml/acs']);

const { csrfSynchronisedProtection, generateToken, isRequestValid } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody: unknown = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    return typeof fromHeader === 'string' ? fromHeader : undefined;
  },
  skipCsrfProtection: (req: Request) => CROSS_SITE_POST_PATHS.has(req.path),
});

/** Whether the request carries this session's token (the check below would let it through). */
export const csrfTokenIsValid = (req: Request): boolean => isRequestValid(req);

/**
 * Synchroniser tokens kept in the session: every POST, PUT, PATCH and DELETE
 * must carry the token as the `_csrf` form field or the `x-csrf-token` header.
 * Forms call `csrfToken()`, so the token (and so a session) is only created
 * when a page actually renders a form.
 */
export function setUpCsrf(app: Express): void {
  app.use((req, res, next) => {
    res.locals.csrfToken = () => generateToken(req);
    next();
  });
  app.use(csrfSynchronisedProtection);
}
