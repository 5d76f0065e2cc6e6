// Login, logout and the choice of the acting facility (M1, M2).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../services.js';
import { LoginRejected, LogoutRejected } from './service-provider.js';
import { isNamedBy } from './saml-sessions.js';
import { loginUrlFor, rememberReturnPath, safeReturnPath, takeReturnPath } from './return-path.js';
import { bindLoginToBrowser, forgetLogin, loginCookieSent, startedInThisBrowser } from './login-binding.js';
import './session-data.js';
import { NotFound, Forbidden } from '../lib/http-errors.js';

const chooseFacilitySchema = z.object({ facilityId: z.coerce.number().int().positive() });

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
}
function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}

export function authRoutes({ auth, config, rateLimit }: Pick<Services, 'auth' | 'config' | 'rateLimit'>): Router {
  const router = Router();
  const { sp } = auth;
  const loginLimit = rateLimit({
    name: 'login',
    windowMs: 60_000,
    limit: config.loginRateLimitPerMinute,
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
    let verified;
    try {
      verified = await sp.verifyResponse(req, res, (inResponseTo) => startedInThisBrowser(config, req, inResponseTo));
    } catch (error) {
      if (!(error instanceof LoginRejected)) return next(error);
      // Whether the login cookie came along tells a cross-site POST over http (never carries it) from a forged response.
      req.log?.warn({ reason: error.reason, ip: req.ip, loginCookie: loginCookieSent(config, req) ? 'sent' : 'absent' }, 'SAML response rejected');
      return res.status(401).render('auth/login-failed.njk');
    }
    const login = await auth.syncUser(verified.identity);
    if (login.ignoredClaims.length > 0) req.log?.warn({ userId: login.userId, ignored: login.ignoredClaims }, 'facility rights for unknown facilities ignored');
    const returnTo = safeReturnPath((req.body as Record<string, unknown>).RelayState);

    if (login.facilityIds.length === 0 && !login.isStaff) {
      req.log?.info({ userId: login.userId }, 'login without the e-loket right');
      // Its own address, so that a reload or a bookmark shows the explanation again; a new session drops any earlier login.
      await regenerate(req);
      req.session.loginWithoutAccess = { givenName: verified.identity.givenName };
      await save(req);
      forgetLogin(config, res);
      return res.redirect(303, '/geen-toegang');
    }
    // A new session id at every login (session fixation).
    await regenerate(req);
    req.session.userId = login.userId;
    req.session.loginAt = Date.now();
    req.session.samlSession = verified.samlSession;
    const user = await auth.loadUser(login.userId);
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
    await auth.linkSession(req.sessionID, verified.samlSession);
    forgetLogin(config, res);
    req.log?.info({ userId: login.userId, staff: login.isStaff, facilities: login.facilityIds.length }, 'logged in');
    res.redirect(303, target);
  });

  router.get('/auth/logout', (req, res) => {
    if (!req.currentUser) return res.redirect('/');
    res.render('auth/logout.njk');
  });

  const endLocalSession = (req: Request, res: Response): Promise<void> =>
    new Promise((resolve, reject) =>
      req.session.destroy((error: unknown) => {
        if (error) return reject(error);
        res.clearCookie(config.isProduction ? '__Host-eloket' : 'eloket', { path: '/' });
        resolve();
      }),
    );

  // SP-initiated single logout: the portal's session ends at once (a lost
  // answer never leaves anyone logged in); this browser keeps only the id of
  // the LogoutRequest whose answer it awaits. Without a SingleLogoutService
  // at the identity provider, the logout is local.
  router.post('/auth/logout', async (req, res) => {
    const userId = req.session.userId;
    const samlSession = req.session.samlSession;
    const logout = samlSession ? await sp.logoutRequestUrl(samlSession) : undefined;
    if (!logout) {
      await endLocalSession(req, res);
      req.log?.info({ userId }, 'logged out');
      return res.redirect(303, '/?afgemeld=1');
    }
    await regenerate(req);
    req.session.pendingLogoutRequestId = logout.requestId;
    await save(req);
    req.log?.info({ userId }, 'logged out; logging out at the identity provider');
    res.redirect(303, logout.url);
  });

  // The SingleLogoutService (HTTP-Redirect): the identity provider's answer to
  // our LogoutRequest, or its own LogoutRequest (IdP-initiated), which may
  // arrive in a browser without any portal session.
  router.get('/auth/saml/slo', loginLimit, async (req, res, next) => {
    let message;
    try {
      message = await sp.verifyLogoutMessage(req, req.session.pendingLogoutRequestId);
    } catch (error) {
      if (!(error instanceof LogoutRejected)) return next(error);
      req.log?.warn({ reason: error.reason, unsigned: error.unsigned, ip: req.ip }, 'SAML logout message rejected');
      return res.status(400).render('auth/logout-failed.njk', { unsigned: error.unsigned, stillLoggedIn: req.session.userId !== undefined });
    }
    if (message.kind === 'response') {
      await endLocalSession(req, res);
      req.log?.info('logged out at the identity provider too');
      return res.redirect(303, '/?afgemeld=1');
    }
    const ended = await auth.endSessions(message.nameId, message.sessionIndex);
    if (isNamedBy(req.session.samlSession, message.nameId, message.sessionIndex)) await endLocalSession(req, res);
    req.log?.info({ sessions: ended }, 'logged out by the identity provider');
    const answer = await sp.logoutResponseUrl(message, true);
    res.redirect(303, answer ?? '/?afgemeld=1');
  });

  router.get('/organisatie/kiezen', (req, res) => {
    const user = req.currentUser;
    if (!user) return res.redirect(loginUrlFor('/organisatie/kiezen'));
    if (user.facilities.length === 0) throw user.staff ? new Forbidden() : new Forbidden('auth/no-access.njk');
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
    if (!facility) throw new NotFound();
    req.session.actingFacilityId = facility.id;
    const target = takeReturnPath(req.session) ?? '/';
    await save(req);
    req.log?.info({ userId: user.id, facilityId: facility.id }, 'acting facility chosen');
    res.redirect(303, target);
  });

  return router;
}
