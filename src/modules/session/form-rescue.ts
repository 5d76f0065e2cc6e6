// Nothing typed is lost when a session ends. A form posted after its session
// ended (idle or absolute timeout, logout in another tab) cannot be executed:
// its CSRF token died with the session and nobody is logged in. Instead of
// refusing it and losing the typing, the portal keeps a short-lived copy of
// its text fields (server side, table form_rescue), sends the user to log in
// with the form's page as return path, and hands the copy to that page's GET
// when the same person logs in again for the same facility. The POST itself is
// never executed: the user checks the form and submits it again.
//
// API for form routes: one call in the GET that renders the form.
//
//   const rescued = rescuedForm(req);
//   if (rescued) {
//     // rescued.body: the body as this form's POST handler would have parsed it
//     //   (urlencoded: flat names such as `lines[0][surname]`, repeated names as
//     //   arrays; multipart: multer's object), without `_csrf` and without files.
//     //   Untrusted input like any body: parse it with the form's own schema.
//     // rescued.notice('Bewaren'): "Uw sessie was verlopen. We hebben wat u had
//     //   ingevuld bewaard; controleer het en klik opnieuw op ‘Bewaren’." (plus
//     //   "Bestanden moet u opnieuw kiezen." when files had been chosen,
//     //   rescued.hadFiles).
//     return render(req, res, { editing: true, values: rescued.body, notice: rescued.notice('Bewaren') });
//   }
//
// A copy belongs to the page that showed the form (the POST's same-origin
// Referer; without one, the path the form posted to) and is handed to the first
// GET of that page's path after the new login, then deleted. Expired copies
// (30 minutes) are deleted too. A form whose page carries a hidden `facilityId`
// (the portal's convention for facility forms) is bound to that facility.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import multer from 'multer';
import type { Config } from '../../config.js';
import { isLoggedIn } from '../../auth/session-timing.js';
import { safeReturnPath } from '../../auth/return-path.js';
import { isCsrfTokenValid } from '../../middleware/csrf.js';
import { RESCUE_TTL_MS, type FormRescueService, type RescuedForm, type RescueOwner } from './service.js';

declare module 'express-session' {
  interface SessionData {
    /** "userId:facilityId" the owner cookie was last sealed for. */
    rescueOwnerFor: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set for the GET of a page whose form was rescued for the logged-in person: read it with rescuedForm(req). */
    rescued?: RescuedForm;
  }
}

export interface RescuedFormView extends RescuedForm {
  /** The Dutch notice for the top of the form, naming the button to click again. */
  notice(submitLabel: string): string;
}

/** The rescued copy of this page's form for the logged-in person, or undefined. See the comment at the top. */
export function rescuedForm(req: Request): RescuedFormView | undefined {
  const rescued = req.rescued;
  if (!rescued) return undefined;
  return {
    ...rescued,
    notice: (submitLabel) =>
      `Uw sessie was verlopen. We hebben wat u had ingevuld bewaard; controleer het en klik opnieuw op ‘${submitLabel}’.` +
      (rescued.hadFiles ? ' Bestanden moet u opnieuw kiezen.' : ''),
  };
}

/** POSTs to these paths need no login (or are the login): a refused form there is not rescued. */
const PUBLIC_PATHS = ['/auth/', '/dev/', '/bevestigen/'];

const rescueCookie = (config: Config) => (config.isProduction ? '__Host-eloket-rescue' : 'eloket-rescue');
const ownerCookie = (config: Config) => (config.isProduction ? '__Host-eloket-owner' : 'eloket-owner');
const cookieOptions = (config: Config, maxAge: number) => ({ httpOnly: true, secure: config.isProduction, sameSite: 'lax' as const, path: '/', maxAge });
const BROWSER_KEY = /^[A-Za-z0-9_-]{43}$/;

/**
 * The owner cookie says who was logged in in this browser, for when the
 * session cannot: after the idle timeout the browser drops the session cookie
 * (it lives exactly as long), and logout destroys the session. It is sealed
 * (AES-256-GCM with a key derived from SESSION_SECRET): it cannot be read or
 * forged, and it only decides whom a rescued copy is shown to, never who is
 * logged in.
 */
function ownerKey(config: Config): Buffer {
  return Buffer.from(hkdfSync('sha256', config.sessionSecret, 'eloket', 'form-rescue-owner', 32));
}

function sealOwner(key: Buffer, owner: RescueOwner, expiresAt: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify({ u: owner.userId, f: owner.facilityId, x: expiresAt }), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function openOwner(key: Buffer, token: string | undefined, now = Date.now()): RescueOwner | undefined {
  if (!token || token.length > 200) return undefined;
  try {
    const raw = Buffer.from(token, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const value = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as { u?: unknown; f?: unknown; x?: unknown };
    if (typeof value.u !== 'number' || typeof value.x !== 'number' || value.x < now) return undefined;
    return { userId: value.u, facilityId: typeof value.f === 'number' ? value.f : null };
  } catch {
    return undefined;
  }
}

/** Only what a page of this portal submitted: a cross-site page cannot plant a copy (its Origin gives it away). */
function sameOrigin(req: Request, origin: string): boolean {
  return req.headers['sec-fetch-site'] === 'same-origin' || req.headers.origin === origin;
}

function isPublic(path: string): boolean {
  return PUBLIC_PATHS.some((prefix) => path.startsWith(prefix));
}

/** The page that showed the form (where the user returns after the login) and its path (what the copy is bound to). */
function formPage(req: Request, origin: string): { returnPath: string; formPath: string } | undefined {
  const posted = safeReturnPath(req.originalUrl);
  if (!posted || isPublic(posted)) return undefined;
  let page = posted;
  const referer = req.headers.referer;
  if (referer && URL.canParse(referer) && new URL(referer).origin === origin) {
    const shown = safeReturnPath(`${new URL(referer).pathname}${new URL(referer).search}`);
    if (shown && !isPublic(shown)) page = shown;
  }
  return { returnPath: page, formPath: new URL(page, 'http://portal.invalid').pathname };
}

/** The body without the CSRF token: a dead token is useless, and a live one must never be stored. */
function textFields(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body)) if (name !== '_csrf') fields[name] = value;
  return fields;
}

/** The facility a facility form was opened for (its hidden `facilityId`), when it has one. */
function formFacility(fields: Record<string, unknown>): number | undefined {
  const value = fields.facilityId;
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined;
}

/**
 * Before the CSRF check: a form POST from this portal's pages that will be
 * refused because its session ended is kept, and answered with the login (or,
 * when the user has logged in again meanwhile, with the form's page).
 * Everything else goes on to the CSRF check and the routes unchanged.
 */
export function setUpFormRescue(app: Express, config: Config, service: FormRescueService): void {
  const key = ownerKey(config);
  const origin = new URL(config.baseUrl).origin;
  const filesChosen = new WeakSet<Request>();
  // Multipart forms: only their text fields are read; every file is skipped unread.
  const parseMultipart = multer({
    limits: { fields: 5000, fieldSize: 200 * 1024, files: 100 },
    fileFilter: (req, _file, accept) => {
      filesChosen.add(req);
      accept(null, false);
    },
  }).any();

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.is(['application/x-www-form-urlencoded', 'multipart/form-data'])) return next();
    const multipart = Boolean(req.is('multipart/form-data'));
    const loggedIn = isLoggedIn(req.session, config);
    // Logged in with a dead token (the form was opened before a logout and a new login, or before the
    // idle timeout and a login in another tab): the CSRF check would refuse it, so it is kept too. A
    // multipart body is not parsed yet, so its token cannot be judged here: that is left to its route.
    if (loggedIn && (multipart || isCsrfTokenValid(req))) return next();
    if (!sameOrigin(req, origin)) return next();
    const page = formPage(req, origin);
    if (!page) return next();
    const session = req.session;
    const owner: RescueOwner | undefined =
      session?.userId !== undefined
        ? { userId: session.userId, facilityId: session.actingFacilityId ?? null }
        : openOwner(key, parseCookies(req.headers.cookie ?? '')[ownerCookie(config)]);
    // Nobody known was logged in here: nothing can be bound to a person, so nothing is kept.
    if (!owner) return next();

    if (multipart && req.body === undefined) {
      try {
        await new Promise<void>((resolve, reject) => parseMultipart(req, res, (error: unknown) => (error ? reject(error) : resolve())));
      } catch (error) {
        req.log?.warn({ err: error }, 'form posted after the session ended could not be read');
        return next();
      }
    }
    const fields = textFields(req.body);
    const facilityId = formFacility(fields) ?? owner.facilityId;
    const existing = parseCookies(req.headers.cookie ?? '')[rescueCookie(config)];
    const browserKey = existing && BROWSER_KEY.test(existing) ? existing : randomBytes(32).toString('base64url');
    const kept = await service.keep(browserKey, { userId: owner.userId, facilityId }, page.formPath, { body: fields, hadFiles: filesChosen.has(req) });
    if (!kept) {
      req.log?.warn({ userId: owner.userId }, 'form posted after the session ended not kept: too many copies');
      return next();
    }
    req.log?.info({ userId: owner.userId, facilityId, formPath: page.formPath }, 'form posted after the session ended: kept until the next login');
    res.cookie(rescueCookie(config), browserKey, cookieOptions(config, RESCUE_TTL_MS));
    res.redirect(303, loggedIn ? page.returnPath : `/auth/login?RelayState=${encodeURIComponent(page.returnPath)}`);
  });
}

/**
 * After the current user is known: keeps the owner cookie in step with who is
 * logged in and for which facility, and hands a GET the copy of its page's form.
 */
export function setUpRescuedForms(app: Express, config: Config, service: FormRescueService): void {
  const key = ownerKey(config);
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const user = req.currentUser;
    if (!user) return next();
    const owner: RescueOwner = { userId: user.id, facilityId: req.actingFacility?.id ?? null };
    const cookies = parseCookies(req.headers.cookie ?? '');
    // The session remembers for whom the cookie was sealed: no decryption on every request.
    const ownerFor = `${owner.userId}:${owner.facilityId ?? ''}`;
    if (req.session.rescueOwnerFor !== ownerFor || !cookies[ownerCookie(config)]) {
      // Valid until the session's absolute timeout has surely passed and a copy made then has expired.
      const lifetime = config.sessionAbsoluteMinutes * 60_000 + RESCUE_TTL_MS;
      res.cookie(ownerCookie(config), sealOwner(key, owner, Date.now() + lifetime), cookieOptions(config, lifetime));
      req.session.rescueOwnerFor = ownerFor;
    }

    const browserKey = cookies[rescueCookie(config)];
    if (req.method !== 'GET' || !browserKey || !BROWSER_KEY.test(browserKey)) return next();
    const taken = await service.take(browserKey, owner, req.path);
    if (taken) {
      req.rescued = taken.form;
      req.log?.info({ userId: owner.userId, formPath: req.path }, 'rescued form handed back after the login');
      if (!taken.othersLeft) res.clearCookie(rescueCookie(config), { path: '/', secure: config.isProduction, sameSite: 'lax' });
    }
    next();
  });
}
