import type { Express, NextFunction, Request, Response } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { AppDependencies } from '../dependencies.js';

declare module 'express-session' {
  interface SessionData {
    /** When the idle timeout was last renewed (ms since epoch): a change of the data, so the session is written back. */
    idleRenewedAt: number;
  }
}

/**
 * How precisely the idle timeout is kept: a request renews it (writes the
 * session row and sends a new cookie) only when the stored expiry is older
 * than this. Every other request reads the session and writes nothing.
 */
export const IDLE_RENEWAL_PRECISION_MS = 60_000;

/**
 * Sessions stored in PostgreSQL (the `session` table belongs to the migrations).
 * The cookie and the row expire together, an idle timeout after the last
 * renewal; production uses the `__Host-` prefix, which requires Secure and Path=/.
 * Not rolling and no store touch: a request costs one read of the session, and
 * a write only when the data changed or the renewal is due (renewIdleTimeout).
 */
export function setUpSession(app: Express, { config, pool }: AppDependencies): void {
  const PgStore = connectPgSimple(session);
  const idleMs = config.sessionIdleMinutes * 60_000;
  app.use(
    session({
      name: config.isProduction ? '__Host-eloket' : 'eloket',
      secret: config.sessionSecret,
      store: new PgStore({ pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60, disableTouch: true }),
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.isProduction,
        path: '/',
        maxAge: idleMs,
      },
    }),
  );
  app.use((req: Request, _res: Response, next: NextFunction) => {
    // A session read from the store carries the expiry it was stored with; a new one expires a full idle timeout from now.
    const expires = req.session?.cookie.expires;
    if (expires && expires.getTime() - Date.now() < idleMs - IDLE_RENEWAL_PRECISION_MS) renewIdleTimeout(req);
    next();
  });
}

/** Renews the idle timeout: the session is written back with a new expiry at the end of the request, and the cookie with it. */
export function renewIdleTimeout(req: Request): void {
  req.session.touch();
  req.session.idleRenewedAt = Date.now();
}

/** When the session ends unless renewed (ms since epoch): the stored expiry, or what this request will store. */
export function idleEndsAt(req: Request): number {
  return req.session.cookie.expires?.getTime() ?? Date.now() + (req.session.cookie.originalMaxAge ?? 0);
}
