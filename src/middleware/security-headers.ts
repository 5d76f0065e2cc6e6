import type { Express } from 'express';
import helmet from 'helmet';
import type { AppDependencies } from '../dependencies.js';

/** Helmet with a strict CSP: no inline script or style, nothing from other origins (but the identity provider's logout). */
export function setUpSecurityHeaders(app: Express, { config, identity }: AppDependencies): void {
  // "Afmelden" is a form whose answer redirects to the identity provider's
  // SingleLogoutService; browsers apply form-action to that redirect too.
  const logoutTarget = () => identity.sp.singleLogoutOrigin() ?? "'self'";
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'", logoutTarget],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
}
