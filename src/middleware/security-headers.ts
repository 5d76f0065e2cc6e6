import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AppDependencies } from '../dependencies.js';

/**
 * Browser features the portal never uses, denied to every page (and to any
 * frame a page might embed). A feature added here costs nothing; a page that
 * ever needs one must say so here.
 */
export const DENIED_FEATURES = [
  'accelerometer',
  'ambient-light-sensor',
  'autoplay',
  'battery',
  'bluetooth',
  'browsing-topics',
  'camera',
  'display-capture',
  'gamepad',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'interest-cohort',
  'local-fonts',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
] as const;

const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ');

/**
 * Helmet with a strict CSP (no inline script or style, nothing from other
 * origins but the identity provider's logout) and a Permissions-Policy.
 */
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
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  });
}

/**
 * Every response after the static files is dynamic (pages of a logged-in user,
 * confirmation pages, errors, redirects): no browser or proxy may keep it, so
 * that Back after logging out on a shared computer shows nothing. Mounted after
 * the static files, which keep their own caching.
 */
export function setUpNoStore(app: Express): void {
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
}
