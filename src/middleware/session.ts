import type { Express } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { AppDependencies } from '../dependencies.js';

/**
 * Sessions stored in PostgreSQL (the `session` table belongs to the migrations).
 * The cookie lives as long as the idle timeout and is renewed on every request;
 * production uses the `__Host-` prefix, which requires Secure and Path=/.
 */
export function setUpSession(app: Express, { config, pool }: AppDependencies): void {
  const PgStore = connectPgSimple(session);
  app.use(
    session({
      name: config.isProduction ? '__Host-eloket' : 'eloket',
      secret: config.sessionSecret,
      store: new PgStore({ pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60 }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.isProduction,
        path: '/',
        maxAge: config.sessionIdleMinutes * 60_000,
      },
    }),
  );
}
