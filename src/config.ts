// Configuration comes only from the environment, validated once at start-up.
// Development gets safe defaults; production refuses every development default
// and says which variable to set.
import { z } from 'zod';

/** Marked as a development key: production refuses to start with it. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-never-use-in-production';

/** Upload limits are set in megabytes as users read them: 10 MB is 10 × 1024 × 1024 bytes. */
const MB = 1024 * 1024;
const durationMinutes = z.coerce.number().int().min(1).max(24 * 60);
const mailSeconds = z.coerce.number().positive().max(24 * 60 * 60);

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
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
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAIL_FROM: z.string().min(3).optional(),
  MAIL_WORKER: z.enum(['portal', 'separate']).default('portal'),
  MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  MAIL_LEASE_SECONDS: mailSeconds.default(120),
  MAIL_RETRY_SECONDS: mailSeconds.default(30),
  MAIL_POLL_SECONDS: mailSeconds.default(1),
  UPLOAD_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(10),
  UPLOAD_MAX_TOTAL_MB: z.coerce.number().positive().max(1024).default(25),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(100).default(10),
  UPLOAD_STAGED_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
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
  /** Login attempts (login starts and assertions) per IP address per minute. */
  loginRateLimitPerMinute: number;
  logLevel: string;
  mail: MailConfig;
  uploads: UploadLimits;
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
}

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
  if (e.SESSION_ABSOLUTE_MINUTES < e.SESSION_IDLE_MINUTES) {
    throw new ConfigError(['SESSION_ABSOLUTE_MINUTES: must not be shorter than SESSION_IDLE_MINUTES']);
  }
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
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
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    mail: {
      from: e.MAIL_FROM ?? `e-loket Departement Zorg <noreply@${new URL(baseUrl).hostname}>`,
      worker: e.MAIL_WORKER,
      batchSize: e.MAIL_BATCH_SIZE,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      leaseMs: e.MAIL_LEASE_SECONDS * 1000,
      retryBaseMs: e.MAIL_RETRY_SECONDS * 1000,
      pollMs: e.MAIL_POLL_SECONDS * 1000,
    },
    uploads: {
      maxFileBytes: Math.round(e.UPLOAD_MAX_FILE_MB * MB),
      maxTotalBytes: Math.round(e.UPLOAD_MAX_TOTAL_MB * MB),
      maxFiles: e.UPLOAD_MAX_FILES,
      stagedMs: e.UPLOAD_STAGED_HOURS * 60 * 60 * 1000,
    },
  };
}
