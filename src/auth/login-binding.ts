// Login CSRF: a SAML response is only accepted in the browser that started
// the login. The AuthnRequest IDs a browser was given are kept in a cookie of
// its own; the assertion consumer requires the response's InResponseTo among
// them. (The session cookie cannot serve: it is SameSite=Lax, and the
// identity provider's POST is cross-site.)
//
// For the browser to send this cookie with the identity provider's
// cross-site POST it must be SameSite=None, which browsers accept only with
// Secure, that is over https. So the cookie is SameSite=None; Secure whenever
// BASE_URL is https (always in production); over plain http (development) it
// can only be SameSite=Lax, which works with an identity provider on the same
// host (the development identity provider) and never with one on another
// site: the start-up log says so (crossSiteLoginProblem).
import { AsyncLocalStorage } from 'node:async_hooks';
import { parse } from 'cookie';
import type { Request, Response } from 'express';
import type { Config } from '../config.js';

type BindingConfig = Pick<Config, 'isProduction' | 'baseUrl'> & Partial<Pick<Config, 'samlCrossSiteLogin'>>;

const MAX_PENDING = 5;
const issuing = new AsyncLocalStorage<(requestId: string) => void>();

/** Called by the request store when node-saml issues an AuthnRequest. */
export function authnRequestIssued(requestId: string): void {
  issuing.getStore()?.(requestId);
}

export function loginCookieName(config: Pick<Config, 'isProduction'>): string {
  return config.isProduction ? '__Host-eloket-login' : 'eloket-login';
}

// Secure (and so SameSite=None) in production, and in development when asked for with an https
// BASE_URL; not merely because BASE_URL is https: the tests, like a development portal behind
// nothing, speak plain http to an https BASE_URL, and a client drops a Secure cookie there.
const overHttps = (config: BindingConfig): boolean => config.isProduction || (config.baseUrl.startsWith('https://') && config.samlCrossSiteLogin === true);

function cookieAttributes(config: BindingConfig) {
  const secure = overHttps(config);
  return { httpOnly: true, secure, sameSite: secure ? ('none' as const) : ('lax' as const), path: '/' };
}

/**
 * Why logins through an identity provider at `idpSsoUrl` cannot work with
 * this configuration, or undefined when they can: over http the login cookie
 * is SameSite=Lax and is left out of a cross-site POST.
 */
export function crossSiteLoginProblem(config: BindingConfig, idpSsoUrl: string): string | undefined {
  if (overHttps(config)) return undefined;
  const portal = new URL(config.baseUrl);
  const idp = new URL(idpSsoUrl);
  // Browsers compare sites with their scheme: http and https on one host are two sites.
  if (idp.hostname === portal.hostname && idp.protocol === portal.protocol) return undefined;
  return (
    `logins through the identity provider at ${idp.origin} cannot work: BASE_URL is http or SAML_CROSS_SITE_LOGIN is not set, so the eloket-login cookie can only be SameSite=Lax, ` +
    `and browsers leave it out of the identity provider's cross-site POST to /auth/saml/acs (every login is refused as "not issued to this browser"); ` +
    'use an https BASE_URL with SAML_CROSS_SITE_LOGIN=true (the cookie is then SameSite=None; Secure) or an identity provider on the same host'
  );
}

function pendingIds(req: Request, name: string): string[] {
  const value = parse(req.headers.cookie ?? '')[name];
  return value ? value.split('.').filter((id) => /^[A-Za-z_][\w-]{0,127}$/.test(id)) : [];
}

/** Whether the browser sent its login cookie at all (for the log: a cross-site POST over http never does). */
export function loginCookieSent(config: Pick<Config, 'isProduction'>, req: Request): boolean {
  return parse(req.headers.cookie ?? '')[loginCookieName(config)] !== undefined;
}

/** Runs `start` (which issues an AuthnRequest) and remembers the request ID in this browser. */
export function bindLoginToBrowser(config: BindingConfig, req: Request, res: Response, start: () => void): void {
  const name = loginCookieName(config);
  issuing.run((requestId) => {
    const ids = [...pendingIds(req, name).filter((id) => id !== requestId), requestId].slice(-MAX_PENDING);
    res.cookie(name, ids.join('.'), { ...cookieAttributes(config), maxAge: 10 * 60_000 });
  }, start);
}

/** Whether this browser started the login that `inResponseTo` answers. */
export function startedInThisBrowser(config: Pick<Config, 'isProduction'>, req: Request, inResponseTo: string | null): boolean {
  return inResponseTo !== null && pendingIds(req, loginCookieName(config)).includes(inResponseTo);
}

export function forgetLogin(config: BindingConfig, res: Response): void {
  res.clearCookie(loginCookieName(config), cookieAttributes(config));
}
