// What every process entry (portal, mail worker, CLI) does the same way:
// refuse a bad configuration with its reasons, and stop cleanly on a signal.
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Logger } from './logger.js';

export const EX_CONFIG = 78;

/** The configuration, or an exit with the list of problems (never a stack trace). */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EX_CONFIG);
    }
    throw error;
  }
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits; gives up after `timeoutMs`. */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, timeoutMs: number): void {
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), timeoutMs);
    force.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
