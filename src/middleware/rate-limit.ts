// Rate limits whose counters live in PostgreSQL, so that every portal process
// behind a load balancer counts the same client together (a limit kept in one
// process's memory is multiplied by the number of processes).
import type { NextFunction, Request, Response } from 'express';
import { rateLimit, type ClientRateLimitInfo, type Options, type RateLimitRequestHandler, type Store } from 'express-rate-limit';
import type pg from 'pg';

/** How often at most a store deletes the expired rows of every limiter. */
const CLEAN_UP_EVERY_MS = 60_000;

interface CounterRow {
  hits: number;
  reset_at: Date;
}

/**
 * express-rate-limit's Store on the table `rate_limit`: one row per limiter
 * and client, incremented with one atomic upsert (no read-then-write race
 * between processes), windows measured on the database's clock.
 */
export class PostgresRateLimitStore implements Store {
  /** Counters are shared between processes. */
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private lastCleanUp = 0;

  /** `name` tells limiters apart in the shared table ("login", "helpdesk", ...). */
  constructor(
    private readonly pool: pg.Pool,
    name: string,
  ) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`rate limiter name must be lowercase letters, digits and dashes: ${name}`);
    this.prefix = `${name}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { rows } = await this.pool.query<CounterRow>('SELECT hits, reset_at FROM rate_limit WHERE key = $1 AND reset_at > now()', [this.prefix + key]);
    const row = rows[0];
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    this.cleanUpNowAndThen();
    // A row whose window has passed starts a new window at 1.
    const { rows } = await this.pool.query<CounterRow>(
      `INSERT INTO rate_limit (key, hits, reset_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limit.reset_at <= now() THEN 1 ELSE rate_limit.hits + 1 END,
         reset_at = CASE WHEN rate_limit.reset_at <= now() THEN excluded.reset_at ELSE rate_limit.reset_at END
       RETURNING hits, reset_at`,
      [this.prefix + key, this.windowMs],
    );
    const row = rows[0];
    if (!row) throw new Error('rate_limit upsert returned no row');
    return { totalHits: row.hits, resetTime: row.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.pool.query('UPDATE rate_limit SET hits = greatest(hits - 1, 0) WHERE key = $1 AND reset_at > now()', [this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.pool.query('DELETE FROM rate_limit WHERE key = $1', [this.prefix + key]);
  }

  async resetAll(): Promise<void> {
    await this.pool.query("DELETE FROM rate_limit WHERE starts_with(key, $1)", [this.prefix]);
  }

  /** Deletes expired rows (of every limiter); awaited by tests, otherwise run at most once a minute per store. */
  async cleanUp(): Promise<number> {
    this.lastCleanUp = Date.now();
    const result = await this.pool.query('DELETE FROM rate_limit WHERE reset_at <= now()');
    return result.rowCount ?? 0;
  }

  private cleanUpNowAndThen(): void {
    if (Date.now() - this.lastCleanUp < CLEAN_UP_EVERY_MS) return;
    // Not awaited: a failed clean-up only leaves rows that the next one removes.
    this.cleanUp().catch(() => undefined);
  }
}

export interface SharedRateLimitOptions {
  /** Tells this limiter's counters apart in the shared table: lowercase, e.g. "helpdesk". */
  name: string;
  windowMs: number;
  /** Requests per client per window. */
  limit: number;
  /** Answers a request over the limit (a Dutch page with status 429). */
  handler: (req: Request, res: Response, next: NextFunction) => void;
  /** The client's key; default: its IP address as `trust proxy` determines it. */
  keyGenerator?: (req: Request) => string;
  /** Count only requests that succeed (status below 400): a form sent back with an error does not use up the quota. */
  skipFailedRequests?: boolean;
}

/** A rate limit counted in PostgreSQL for every process: the one way the portal limits requests. */
export function sharedRateLimit(pool: pg.Pool, options: SharedRateLimitOptions): RateLimitRequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new PostgresRateLimitStore(pool, options.name),
    handler: options.handler,
    // X-Forwarded-For without a trusted proxy is expected (TRUST_PROXY unset): the portal then counts the
    // connection's address on purpose, and warns at start-up in production.
    validate: { xForwardedForHeader: false },
    ...(options.keyGenerator ? { keyGenerator: options.keyGenerator } : {}),
    ...(options.skipFailedRequests ? { skipFailedRequests: true } : {}),
  });
}
