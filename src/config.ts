// Configuration comes only from the environment, validated once at start-up.
// Development gets safe defaults; production refuses every development default
// and says which variable to set.
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { TEAMS } from './modules/themes/index.js';

/** Marked as a development key: production refuses to start with it. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-never-use-in-production';

/**
 * Secrets that stand in this repository (docker-compose.yml, the README, the
 * tests): anyone can read them, so production refuses them wherever they appear.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  DEVELOPMENT_SESSION_SECRET,
  'docker-compose-development-secret-not-for-production',
  'eloket-development-only',
  'a-production-secret-of-at-least-32-characters',
];

/** Below this many distinct characters a secret is a pattern, not random. */
const MIN_DISTINCT_CHARACTERS = 10;
/** Estimated bits (length × Shannon entropy of its characters); 32 random base64 characters give about 160. */
const MIN_ESTIMATED_BITS = 100;

/** Why a production secret is unusable, or undefined when it is acceptable. */
export function secretWeakness(secret: string): string | undefined {
  if (PUBLISHED_SECRETS.some((published) => secret.toLowerCase().includes(published.toLowerCase()))) {
    return 'this value is published in the repository (docker-compose.yml, README or tests)';
  }
  const characters = [...secret];
  const counts = new Map<string, number>();
  for (const character of secret) counts.set(character, (counts.get(character) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT_CHARACTERS) return `too little variety (${counts.size} distinct characters, at least ${MIN_DISTINCT_CHARACTERS} needed)`;
  const period = characters.findIndex((_, p) => p > 0 && characters.every((c, i) => i < p || c === characters[i - p]));
  if (period > 0 && period <= characters.length / 2) return 'a short sequence repeated';
  const length = characters.length;
  let bitsPerCharacter = 0;
  for (const count of counts.values()) bitsPerCharacter -= (count / length) * Math.log2(count / length);
  if (bitsPerCharacter * length < MIN_ESTIMATED_BITS) return `too predictable (about ${Math.round(bitsPerCharacter * length)} bits, at least ${MIN_ESTIMATED_BITS} needed)`;
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Express's `trust proxy`: false (no proxy: X-Forwarded-For is ignored), a
 * number of proxy hops, or addresses/subnets of the proxies (with Express's
 * names loopback, linklocal, uniquelocal). `true` (trust every hop) is refused:
 * it lets any client choose its own IP address for the rate limits.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (isIP(prefix) === family) return true; // a netmask, e.g. 10.0.0.0/255.0.0.0
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxySchema = z
  .string()
  .transform((value, context): TrustProxy => {
    const v = value.trim();
    if (v === 'false' || v === '0') return false;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (v === 'true' || entries.length === 0 || bad.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be false, a number of proxy hops, or proxy addresses/subnets separated by commas${bad.length > 0 ? ` (not an address: ${bad.join(', ')})` : ''}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** Upload limits are set in megabytes as users read them: 10 MB is 10 × 1024 × 1024 bytes. */
const MB = 1024 * 1024;
const durationMinutes = z.coerce.number().int().min(1).max(24 * 60);
const mailSeconds = z.coerce.number().positive().max(24 * 60 * 60);
const quota = z.coerce.number().int().min(1).max(1_000_000);

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().regex(/^[\w.:-]+$/, 'must be a host name or IP address').optional(),
  TRUST_PROXY: trustProxySchema.optional(),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  ELOKET_DATA_DIR: z.string().min(1).default('./.data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SESSION_IDLE_MINUTES: durationMinutes.default(30),
  SESSION_ABSOLUTE_MINUTES: durationMinutes.default(8 * 60),
  SAML_IDP_METADATA: z.string().min(1).optional(),
  SAML_IDP_METADATA_REFRESH_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  SAML_SP_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  SAML_SP_CERTIFICATE_FILE: z.string().min(1).optional(),
  SAML_SP_ENCRYPTION_KEY_FILE: z.string().min(1).optional(),
  SAML_SP_ENCRYPTION_CERTIFICATE_FILE: z.string().min(1).optional(),
  SAML_MAX_ASSERTION_AGE_SECONDS: z.coerce.number().int().min(30).max(60 * 60).default(5 * 60),
  // Development with an identity provider on another site: the login cookie SameSite=None; Secure
  // (needs an https BASE_URL in the browser). Always so in production.
  SAML_CROSS_SITE_LOGIN: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  DEV_IDP_ENCRYPTION: z.enum(['none', 'aes256-gcm', 'aes256-cbc']).default('none'),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAIL_FROM: z.string().min(3).optional(),
  MAIL_WORKER: z.enum(['portal', 'separate']).default('portal'),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  MAIL_LEASE_SECONDS: mailSeconds.default(120),
  MAIL_RETRY_SECONDS: mailSeconds.default(30),
  MAIL_POLL_SECONDS: mailSeconds.default(1),
  MAIL_BODY_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  HELPDESK_EMAIL: z.email().optional(),
  HELPDESK_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  QUOTA_FACILITY_NEW_ADDRESSES_PER_HOUR: quota.default(50),
  QUOTA_FACILITY_NEW_ADDRESSES_PER_DAY: quota.default(200),
  QUOTA_FACILITY_MAILS_PER_HOUR: quota.default(100),
  QUOTA_FACILITY_MAILS_PER_DAY: quota.default(200),
  QUOTA_USER_NEW_ADDRESSES_PER_HOUR: quota.default(50),
  QUOTA_USER_NEW_ADDRESSES_PER_DAY: quota.default(200),
  QUOTA_USER_MAILS_PER_HOUR: quota.default(100),
  QUOTA_USER_MAILS_PER_DAY: quota.default(200),
  QUOTA_NEW_ADDRESSES_PER_MESSAGE: quota.default(20),
  UPLOAD_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(10),
  UPLOAD_MAX_TOTAL_MB: z.coerce.number().positive().max(1024).default(25),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(100).default(10),
  UPLOAD_STAGED_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  /**
   * The address the HTTP server listens on: 127.0.0.1 outside production (the
   * development identity provider lets anyone log in as anyone, so it must not
   * be reachable from the network), 0.0.0.0 in production (behind its proxy or
   * in a container).
   */
  host: string;
  /** Express's `trust proxy` (see TrustProxy); default false. */
  trustProxy: TrustProxy;
  /** Public address of the portal, without trailing slash; absolute links are built from it. */
  baseUrl: string;
  /** Absent: the portal runs its own embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  /** Absent: mail goes to the development mail sink shown at /dev/mail. */
  smtpUrl: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteMinutes: number;
  /**
   * The identity provider's SAML metadata: a file path or an https URL.
   * Absent: the development identity provider under /dev/idp.
   */
  samlIdpMetadata: string | undefined;
  /** How often the identity provider's metadata is read again (the last good copy stays when that fails). */
  samlIdpMetadataRefreshMinutes: number;
  /**
   * PEM files of the key and certificate the portal signs its SAML messages
   * with (AuthnRequests, logout messages). Absent: a development pair
   * generated under dataDir/sp.
   */
  samlSpKeyFiles: { privateKey: string; certificate: string } | undefined;
  /**
   * PEM files of the key pair identity providers encrypt assertions to
   * (published in the metadata as use="encryption"). Absent: in production no
   * encryption key is offered (encrypted assertions are refused); outside
   * production a development pair generated under dataDir/sp.
   */
  samlSpEncryptionKeyFiles: { privateKey: string; certificate: string } | undefined;
  /** An assertion older than this (after its IssueInstant, plus the clock skew) is refused, whatever its NotOnOrAfter says. */
  samlMaxAssertionAgeMs: number;
  /** The login cookie SameSite=None; Secure outside production too, for an identity provider on another site over https. */
  samlCrossSiteLogin: boolean;
  /** Outside production: whether the development identity provider encrypts its assertions, and with which content encryption. */
  devIdpEncryption: 'none' | 'aes256-gcm' | 'aes256-cbc';
  /** Login attempts (login starts and assertions) per IP address per minute. */
  loginRateLimitPerMinute: number;
  logLevel: string;
  /** HTTP processes on one database (node:cluster); 1 in development unless set, one per CPU core in production. */
  webConcurrency: number;
  /** Connections of each process's pool (the session store, Prisma and raw SQL share it). */
  databasePoolSize: number;
  mail: MailConfig;
  /** The technical helpdesk ("Hulp nodig?"): where questions are e-mailed, and how many a person may send per hour (an IP address four times that). */
  helpdesk: { email: string; rateLimitPerHour: number };
  mailQuotas: MailQuotas;
  uploads: UploadLimits;
}

/** A limit per hour and per day. */
export interface HourDayLimit {
  hour: number;
  day: number;
}

/**
 * Limits on the e-mails users cause to outside addresses (src/mail/quotas.ts):
 * new contact addresses (each gets a confirmation e-mail; a message's own
 * contacts get the department's answers) and e-mails in all, per acting user
 * (over all their facilities) and per facility.
 */
export interface MailQuotas {
  facility: { newAddresses: HourDayLimit; mails: HourDayLimit };
  user: { newAddresses: HourDayLimit; mails: HourDayLimit };
  /** New addresses one message (its Contactdetails) may add: the department's answers will mail each of them. */
  message: { newAddresses: number };
}

/** What one form submission may upload (src/uploads/); routes may lower these, not raise them. */
export interface UploadLimits {
  maxFileBytes: number;
  /** All files of one submission together, the ones kept from an earlier attempt included. */
  maxTotalBytes: number;
  maxFiles: number;
  /** How long a staged file (uploaded with a form that was not yet accepted) stays claimable. */
  stagedMs: number;
}

/** The outbox worker (src/mail/worker.ts); the defaults suit production. */
export interface MailConfig {
  /** From header; default "e-loket Departement Zorg <noreply@host of BASE_URL>". */
  from: string;
  /** "portal": the portal process runs the worker; "separate": only `npm run worker` does. */
  worker: 'portal' | 'separate';
  /** E-mails claimed at a time. */
  batchSize: number;
  /** Attempts before an e-mail that keeps failing temporarily is marked failed. */
  maxAttempts: number;
  /** How long a claim holds; after that a crashed worker's e-mails are claimable again. */
  leaseMs: number;
  /** Delay before the first retry; it doubles with each attempt (with jitter), up to an hour. */
  retryBaseMs: number;
  /** How often an idle worker looks for due e-mails. */
  pollMs: number;
  /** Bodies of sent e-mails are emptied after this long; the row and its metadata stay. */
  bodyRetentionMs: number;
}

const HELPDESK_TEAM_EMAIL = TEAMS.find((team) => team.code === 'helpdesk')?.email ?? 'helpdesk@departementzorg.example';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR=` usage.
  const present = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction) {
    const problems: string[] = [];
    if (!e.BASE_URL) problems.push('BASE_URL: set the public https address of the portal');
    else if (!e.BASE_URL.startsWith('https://')) problems.push('BASE_URL: must be an https address in production');
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: set the PostgreSQL server (the embedded database is for development only)');
    if (!e.SESSION_SECRET || e.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET)
      problems.push('SESSION_SECRET: set a random secret of at least 32 characters (the development secret is refused)');
    else {
      const weakness = secretWeakness(e.SESSION_SECRET);
      if (weakness) problems.push(`SESSION_SECRET: refused, ${weakness}; generate one with \`openssl rand -base64 48\``);
    }
    for (const variable of ['DATABASE_URL', 'SMTP_URL'] as const) {
      const url = e[variable];
      const password = url ? safeDecode(new URL(url).password) : '';
      if (password && PUBLISHED_SECRETS.some((published) => password.toLowerCase().includes(published.toLowerCase())))
        problems.push(`${variable}: refused, its password is published in the repository (docker-compose.yml, README or tests)`);
    }
    if (!e.SMTP_URL) problems.push('SMTP_URL: set the SMTP server (the development mail sink is for development only)');
    if (!e.SAML_IDP_METADATA)
      problems.push('SAML_IDP_METADATA: set the identity provider\'s metadata, a file or https URL (the development identity provider is for development only)');
    if (!e.SAML_SP_PRIVATE_KEY_FILE) problems.push('SAML_SP_PRIVATE_KEY_FILE: set the PEM file of the key the portal signs its SAML requests with');
    if (!e.SAML_SP_CERTIFICATE_FILE) problems.push('SAML_SP_CERTIFICATE_FILE: set the PEM file of the certificate published in the service provider metadata');
    if (problems.length > 0) throw new ConfigError(problems);
  }
  if (Boolean(e.SAML_SP_PRIVATE_KEY_FILE) !== Boolean(e.SAML_SP_CERTIFICATE_FILE)) {
    throw new ConfigError(['SAML_SP_PRIVATE_KEY_FILE and SAML_SP_CERTIFICATE_FILE: set both or neither']);
  }
  if (Boolean(e.SAML_SP_ENCRYPTION_KEY_FILE) !== Boolean(e.SAML_SP_ENCRYPTION_CERTIFICATE_FILE)) {
    throw new ConfigError(['SAML_SP_ENCRYPTION_KEY_FILE and SAML_SP_ENCRYPTION_CERTIFICATE_FILE: set both or neither']);
  }
  if (e.SESSION_ABSOLUTE_MINUTES < e.SESSION_IDLE_MINUTES) {
    throw new ConfigError(['SESSION_ABSOLUTE_MINUTES: must not be shorter than SESSION_IDLE_MINUTES']);
  }
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    trustProxy: e.TRUST_PROXY ?? false,
    baseUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.ELOKET_DATA_DIR,
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    smtpUrl: e.SMTP_URL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteMinutes: e.SESSION_ABSOLUTE_MINUTES,
    samlIdpMetadata: e.SAML_IDP_METADATA,
    samlIdpMetadataRefreshMinutes: e.SAML_IDP_METADATA_REFRESH_MINUTES,
    samlSpKeyFiles:
      e.SAML_SP_PRIVATE_KEY_FILE && e.SAML_SP_CERTIFICATE_FILE ? { privateKey: e.SAML_SP_PRIVATE_KEY_FILE, certificate: e.SAML_SP_CERTIFICATE_FILE } : undefined,
    samlSpEncryptionKeyFiles:
      e.SAML_SP_ENCRYPTION_KEY_FILE && e.SAML_SP_ENCRYPTION_CERTIFICATE_FILE
        ? { privateKey: e.SAML_SP_ENCRYPTION_KEY_FILE, certificate: e.SAML_SP_ENCRYPTION_CERTIFICATE_FILE }
        : undefined,
    samlMaxAssertionAgeMs: e.SAML_MAX_ASSERTION_AGE_SECONDS * 1000,
    samlCrossSiteLogin: e.SAML_CROSS_SITE_LOGIN,
    devIdpEncryption: e.DEV_IDP_ENCRYPTION,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    webConcurrency: e.WEB_CONCURRENCY ?? (isProduction ? availableParallelism() : 1),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    mail: {
      from: e.MAIL_FROM ?? `e-loket Departement Zorg <noreply@${new URL(baseUrl).hostname}>`,
      worker: e.MAIL_WORKER,
      batchSize: e.MAIL_BATCH_SIZE,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      leaseMs: e.MAIL_LEASE_SECONDS * 1000,
      retryBaseMs: e.MAIL_RETRY_SECONDS * 1000,
      pollMs: e.MAIL_POLL_SECONDS * 1000,
      bodyRetentionMs: e.MAIL_BODY_RETENTION_DAYS * 24 * 3600_000,
    },
    helpdesk: {
      email: e.HELPDESK_EMAIL ?? HELPDESK_TEAM_EMAIL,
      rateLimitPerHour: e.HELPDESK_RATE_LIMIT_PER_HOUR,
    },
    mailQuotas: {
      facility: {
        newAddresses: { hour: e.QUOTA_FACILITY_NEW_ADDRESSES_PER_HOUR, day: e.QUOTA_FACILITY_NEW_ADDRESSES_PER_DAY },
        mails: { hour: e.QUOTA_FACILITY_MAILS_PER_HOUR, day: e.QUOTA_FACILITY_MAILS_PER_DAY },
      },
      user: {
        newAddresses: { hour: e.QUOTA_USER_NEW_ADDRESSES_PER_HOUR, day: e.QUOTA_USER_NEW_ADDRESSES_PER_DAY },
        mails: { hour: e.QUOTA_USER_MAILS_PER_HOUR, day: e.QUOTA_USER_MAILS_PER_DAY },
      },
      message: { newAddresses: e.QUOTA_NEW_ADDRESSES_PER_MESSAGE },
    },
    uploads: {
      maxFileBytes: Math.round(e.UPLOAD_MAX_FILE_MB * MB),
      maxTotalBytes: Math.round(e.UPLOAD_MAX_TOTAL_MB * MB),
      maxFiles: e.UPLOAD_MAX_FILES,
      stagedMs: e.UPLOAD_STAGED_HOURS * 60 * 60 * 1000,
    },
  };
}
