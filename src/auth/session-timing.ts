// When a logged-in session ends: the idle timeout (renewed by requests with a
// precision of a minute, the session store's expiry) or the absolute timeout (counted from the login),
// whichever comes first. One place for the rule, read by the current-user
// middleware, the idle warning and the form rescue.
import type { SessionData } from 'express-session';
import type { Config } from '../config.js';
import './session-data.js';

export type SessionTimeouts = Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteMinutes'>;

/** Whether the session belongs to a logged-in user whose absolute timeout has not passed. */
export function isLoggedIn(session: Partial<SessionData> | undefined, config: SessionTimeouts, now = Date.now()): boolean {
  return session?.userId !== undefined && session.loginAt !== undefined && now - session.loginAt <= config.sessionAbsoluteMinutes * 60_000;
}

export interface SessionTimeLeft {
  /** Seconds until the session ends if nothing else is requested (a request resets the idle part). */
  secondsLeft: number;
  /** Whether another request would push the end later: false once the absolute timeout is the nearer one. */
  extendable: boolean;
}

/**
 * Time left in a logged-in session whose idle timeout ends at `idleEndsAt`
 * (the stored expiry: renewed at most a minute ago, see src/middleware/session.ts).
 */
export function sessionTimeLeft(loginAt: number, idleEndsAt: number, config: SessionTimeouts, now = Date.now()): SessionTimeLeft {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const idleLeftMs = Math.max(0, Math.min(idleMs, idleEndsAt - now));
  const absoluteLeftMs = Math.max(0, loginAt + config.sessionAbsoluteMinutes * 60_000 - now);
  return { secondsLeft: Math.floor(Math.min(idleLeftMs, absoluteLeftMs) / 1000), extendable: absoluteLeftMs > idleMs };
}
