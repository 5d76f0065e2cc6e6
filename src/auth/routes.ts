// Login, logout and the choice of the acting facility (M1, M2).
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppDependencies } from '../dependencies.js';
import { LoginRejected, type ServiceProvider } from './service-provider.js';
import { loginUrlFor, rememberReturnPath, safeReturnPath, takeReturnPath } from './return-path.js';
import { syncUserFromIdentity } from './user-sync.js';
import { loadCurrentUser } from './current-user.js';
import { bindLoginToBrowser, forgetLogin, startedInThisBrowser } from './login-binding.js';
import './session-data.js';

const chooseFacilitySchema = z.object({ facilityId: z.coerce.number().int().positive() });

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
}
function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}

export function authRoutes(deps: AppDependencies, sp: ServiceProvider): Router {
  const router = Router();
  const { prisma, config } = deps;
  const loginLimit = rateLimit({
    windowMs: 60_000,
    limit: config.loginRateLimitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      req.log?.warn({ ip: req.ip }, 'login rate limit reached');
      res.status(429).render('errors/too-many.njk');
    },
  });

  router.get('/auth/saml/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(sp.metadataXml());
  });

  router.get('/auth/login', loginLimit, (req, res, next) => {
    const relayState = req.query.RelayState;
    if (relayState !== undefined && safeReturnPath(relayState) === undefined) {
      req.log?.warn({ relayState }, 'login with an unsafe RelayState: dropped');
      return res.redirect('/auth/login');
    }
    bindLoginToBrowser(config, req, res, () => sp.login(req, res, next));
  });

  router.post('/auth/saml/acs', loginLimit, async (req, res, next) => {
    let identity;
    try {
      identity = await sp.verifyResponse(req, res, (inResponseTo) => startedInThisBrowser(config, req, inResponseTo));
    } catch (error) {
      if (!(error instanceof LoginRejected)) return next(error);
      req.log?.warn({ reason: error.reason, ip: req.ip }, 'SAML response rejected');
      return res.status(401).render('auth/login-failed.njk');
    }
    const login = await syncUserFromIdentity(prisma, identity);
    if (login.ignoredClaims.length > 0) req.log?.warn({ userId: login.userId, ignored: login.ignoredClaims }, 'facility rights for unknown facilities ignored');
    const returnTo = safeReturnPath((req.body as Record<string, unknown>).RelayState);

    if (login.facilityIds.length === 0 && !login.isStaff) {
      req.log?.info({ userId: login.userId }, 'login without the e-loket right');
      return res.status(403).render('auth/no-access.njk');
    }
    // A new session id at every login (session fixation).
    await regenerate(req);
    req.session.userId = login.userId;
    req.session.loginAt = Date.now();
    const user = await loadCurrentUser(prisma, login.userId);
    if (user) req.session.user = user;
    let target: string;
    if (login.isStaff && login.facilityIds.length === 0) {
      target = returnTo?.startsWith('/beheer') ? returnTo : '/beheer';
    } else if (login.facilityIds.length === 1 && login.facilityIds[0] !== undefined) {
      req.session.actingFacilityId = login.facilityIds[0];
      target = returnTo ?? '/';
    } else {
      rememberReturnPath(req.session, returnTo);
      target = '/organisatie/kiezen';
    }
    await save(req);
    forgetLogin(config, res);
    req.log?.info({ userId: login.userId, staff: login.isStaff, facilities: login.facilityIds.length }, 'logged in');
    res.redirect(303, target);
  });

  router.get('/auth/logout', (req, res) => {
    if (!req.currentUser) return res.redirect('/');
    res.render('auth/logout.njk');
  });

  router.post('/auth/logout', (req, res, next) => {
    const userId = req.session.userId;
    req.session.destroy((error: unknown) => {
      if (error) return next(error);
      req.log?.info({ userId }, 'logged out');
      res.clearCookie(config.isProduction ? '__Host-eloket' : 'eloket', { path: '/' });
      res.redirect(303, '/?afgemeld=1');
    });
  });

  router.get('/organisatie/kiezen', (req, res) => {
    const user = req.currentUser;
    if (!user) return res.redirect(loginUrlFor('/organisatie/kiezen'));
    if (user.facilities.length === 0) return res.status(403).render(user.staff ? 'errors/403.njk' : 'auth/no-access.njk');
    res.render('auth/choose-facility.njk', { facilities: user.facilities, selected: req.session.actingFacilityId });
  });

  router.post('/organisatie/kiezen', async (req: Request, res: Response) => {
    const user = req.currentUser;
    if (!user) return res.redirect('/auth/login');
    const parsed = chooseFacilitySchema.safeParse(req.body);
    if (!parsed.success) {
      return res.status(400).render('auth/choose-facility.njk', {
        facilities: user.facilities,
        selected: req.session.actingFacilityId,
        errors: [{ href: '#facilityId', text: 'Kies de organisatie waarvoor u wilt werken.' }],
      });
    }
    // Only a facility the user holds the right for; any other id does not exist for them.
    const facility = user.facilities.find((f) => f.id === parsed.data.facilityId);
    if (!facility) return res.status(404).render('errors/404.njk');
    req.session.actingFacilityId = facility.id;
    const target = takeReturnPath(req.session) ?? '/';
    await save(req);
    req.log?.info({ userId: user.id, facilityId: facility.id }, 'acting facility chosen');
    res.redirect(303, target);
  });

  return router;
}
