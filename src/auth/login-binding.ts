// Login CSRF: a SAML response is only accepted in the browser that started
// the login. The AuthnRequest IDs a browser was given are kept in a cookie of
// its own; the assertion consumer requires the response's InResponseTo among
// them. (The session cookie cannot serve: it is SameSite=Lax, and the
// identity provider's POST is cross-site in production.)
import { AsyncLocalStorage } from 'node:async_hooks';
import { parse } from 'cookie';
import type { Request, Response } from 'express';
import type { Config } from '../config.js';

const MAX_PENDING = 5;
const issuing = new AsyncLocalStorage<(requestId: string) => void>();

/** Called by the request store when node-saml issues an AuthnRequest. */
export function authnRequestIssued(requestId: string): void {
  issuing.getStore()?.(requestId);
}

export function loginCookieName(config: Pick<Config, 'isProduction'>): string {
  return config.isProduction ? '__Host-eloket-login' : 'eloket-login';
}

function pendingIds(req: Request, name: string): string[] {
  const value = parse(req.headers.cookie ?? '')[name];
  return value ? value.split('.').filter((id) => /^[A-Za-z_][\w-]{0,127}$/.test(id)) : [];
}

/** Runs `start` (which issues an AuthnRequest) and remembers the request ID in this browser. */
export function bindLoginToBrowser(config: Pick<Config, 'isProduction'>, req: Request, res: Response, start: () => void): void {
  const name = loginCookieName(config);
  issuing.run((requestId) => {
    const ids = [...pendingIds(req, name).filter((id) => id !== requestId), requestId].slice(-MAX_PENDING);
    res.cookie(name, ids.join('.'), {
      httpOnly: true,
      secure: config.isProduction,
      sameSite: config.isProduction ? 'none' : 'lax',
      path: '/',
      maxAge: 10 * 60_000,
    });
  }, start);
}

/** Whether this browser started the login that `inResponseTo` answers. */
export function startedInThisBrowser(config: Pick<Config, 'isProduction'>, req: Request, inResponseTo: string | null): boolean {
  return inResponseTo !== null && pendingIds(req, loginCookieName(config)).includes(inResponseTo);
}

export function forgetLogin(config: Pick<Config, 'isProduction'>, res: Response): void {
  res.clearCookie(loginCookieName(config), { path: '/', secure: config.isProduction, sameSite: config.isProduction ? 'none' : 'lax' });
}
