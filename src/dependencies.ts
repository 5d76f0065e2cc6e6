import type pg from 'pg';
import type { Config } from './config.js';
import type { PrismaClient } from './db/client.js';
import type { Logger } from './logger.js';
import type { IdentitySetup } from './auth/identity.js';
import type { MailSink } from './dev/mail-sink.js';
import type { GeneratorLimits } from './lib/generators.js';

/** Everything the web application needs from the process around it. */
export interface AppDependencies {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  pool: pg.Pool;
  identity: IdentitySetup;
  /** The development mail sink (no SMTP_URL, outside production): enables /dev/mail. */
  mailSink?: MailSink;
  /** The clock of rules with a deadline; tests pass a fixed moment. Absent: the real time. */
  clock?: () => Date;
  /** The limits of the PDF and XLSX generators' worker threads; tests pass lower ones. Absent: GENERATOR_LIMITS. */
  generatorLimits?: GeneratorLimits;
}
