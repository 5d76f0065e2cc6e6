// The outbox worker: claims small batches of due e-mails and delivers them
// over SMTP with nodemailer (pooled connections).
//
// - Claiming sets status `sending` with a lease, in one UPDATE over rows picked
//   with FOR UPDATE SKIP LOCKED: any number of workers, in any number of
//   processes, never hold the same e-mail at the same time.
// - Several lanes per worker (one per pooled SMTP connection) each claim a
//   batch and send it, so one lane's database work overlaps another's SMTP work.
// - A worker that dies leaves its e-mails `sending`; when the lease runs out
//   they are queued again. An e-mail the SMTP server accepted just before the
//   crash is then delivered once more, with the same Message-ID.
// - Temporary failures (4xx answers, connection problems) go back to `queued`
//   with exponential backoff and jitter; a 5xx answer, or running out of
//   attempts, marks the e-mail `failed`.
// - Secret links (see outbox.ts) are put into the bodies only for sending; the
//   statement that marks an e-mail sent clears them, so a sent row keeps no
//   usable link. A retried e-mail keeps its secrets until it is sent.
// - Bodies of sent e-mails are emptied once they are older than the retention
//   (MAIL_BODY_RETENTION_DAYS), checked every RETENTION_INTERVAL_MS; the row
//   and its metadata stay. Failed e-mails lose their secrets after it too.
// - stop() lets the e-mails being sent finish and releases the rest of each batch.
import { createBackgroundLoop } from '../lib/background-loop.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type pg from 'pg';
import type { Logger } from '../logger.js';
import type { MailConfig } from '../config.js';
import { claimDueMails, type ClaimedMail, emptySentBodies, forgetFailedSecrets, recordFailure, recordSent, releaseClaims, requeueExpiredLeases } from './data.js';
import { revealSecrets } from './outbox.js';

export interface MailWorkerOptions extends Omit<MailConfig, 'worker'> {
  pool: pg.Pool;
  smtpUrl: string;
  logger: Logger;
  /** Lanes that each claim a batch and send it, one e-mail at a time, over their own pooled SMTP connection (default 8). */
  concurrency?: number;
}

export interface MailWorker {
  /** Identifies this worker in outbox_mail.locked_by. */
  readonly id: string;
  /** Starts polling for due e-mails. */
  start(): void;
  /** Claims one batch and sends it over all connections at once; the number of e-mails claimed. */
  runOnce(): Promise<number>;
  /** Empties the bodies of sent e-mails older than the retention; the number emptied. */
  purgeOnce(): Promise<number>;
  /** Finishes the e-mails being sent, releases the rest of the batch, closes the SMTP connections. */
  stop(): Promise<void>;
}


/** Retries wait at most this long, however many attempts came before. */
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** An e-mail is not started when less than this share of the lease is left. */
const LEASE_SAFETY_SHARE = 0.2;
/** How often a worker looks for sent e-mails past the retention. */
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** Rows emptied per statement, so one run never holds many row locks for long. */
const PURGE_BATCH = 1000;

/** Exponential backoff with jitter: half the delay is fixed, half is random. */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
  return Math.round(delay / 2 + random() * (delay / 2));
}

interface SmtpLikeError {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

/** A 5xx answer: the server will not take this e-mail, however often we try. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as SmtpLikeError | undefined)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describeError(error: unknown): string {
  const e = error as SmtpLikeError | undefined;
  const text = e?.response ?? [e?.code, e?.message].filter(Boolean).join(': ');
  return (text || String(error)).slice(0, 1000);
}

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { pool, logger } = options;
  const concurrency = options.concurrency ?? 8;
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: concurrency,
    // Shorter than nodemailer's two-minute defaults, so a hanging server
    // cannot hold a batch longer than its lease.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });

  const background = createBackgroundLoop();
  let stopped: Promise<void> | undefined;

  const release = async (ids: number[]) => {
    if (ids.length === 0) return;
    // The claim counted an attempt that never happened.
    await releaseClaims(pool, ids, id);
  };

  const markSent = async (mail: ClaimedMail) => {
    if (!(await recordSent(pool, mail.id, id))) {
      logger.warn({ mailId: mail.id, messageId: mail.message_id }, 'e-mail delivered after its lease ran out; another worker may deliver it again');
    }
  };

  const markFailed = async (mail: ClaimedMail, error: unknown) => {
    const permanent = isPermanentFailure(error);
    const final = permanent || mail.attempts >= options.maxAttempts;
    const delay = retryDelayMs(mail.attempts, options.retryBaseMs);
    await recordFailure(pool, mail.id, id, { status: final ? 'failed' : 'queued', error: describeError(error), retryInMs: final ? 0 : delay });
    const details = { mailId: mail.id, attempts: mail.attempts, error: describeError(error) };
    if (final) logger.error(details, permanent ? 'e-mail rejected by the SMTP server' : 'e-mail failed after its last attempt');
    else logger.warn({ ...details, retryInMs: delay }, 'e-mail not delivered, will retry');
  };

  const deliver = async (mail: ClaimedMail) => {
    try {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.recipients,
        subject: mail.subject,
        text: revealSecrets(mail.text, mail.secrets),
        html: revealSecrets(mail.html, mail.secrets),
        messageId: mail.message_id,
      });
      if (info.rejected.length > 0) logger.warn({ mailId: mail.id, rejected: info.rejected }, 'the SMTP server refused some of the recipients');
    } catch (error) {
      await markFailed(mail, error);
      return;
    }
    await markSent(mail);
  };

  /** Claims a batch and sends it with `runners` sends at a time; the number claimed. */
  const processBatch = async (runners: number): Promise<number> => {
    const requeued = await requeueExpiredLeases(pool);
    if (requeued) logger.warn({ count: requeued }, 'e-mails whose lease ran out are queued again');
    const rows = await claimDueMails(pool, id, options.leaseMs, options.batchSize);
    const pending = [...rows];
    const notStarted: number[] = [];
    const runner = async () => {
      for (let mail = pending.shift(); mail; mail = pending.shift()) {
        const leaseLeft = mail.lease_until.getTime() - Date.now();
        if (background.stopping || leaseLeft < options.leaseMs * LEASE_SAFETY_SHARE) {
          notStarted.push(mail.id);
          continue;
        }
        try {
          await deliver(mail);
        } catch (error) {
          // The database failed while recording the outcome: the lease brings the e-mail back.
          logger.error({ err: error, mailId: mail.id }, 'could not record the outcome of an e-mail');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(runners, rows.length) }, runner));
    await release(notStarted);
    return rows.length;
  };

  const purgeOnce = async (): Promise<number> => {
    let purged = 0;
    for (;;) {
      const emptied = await emptySentBodies(pool, options.bodyRetentionMs, PURGE_BATCH);
      purged += emptied;
      if (emptied < PURGE_BATCH || background.stopping) break;
    }
    await forgetFailedSecrets(pool, options.bodyRetentionMs);
    if (purged > 0) logger.info({ count: purged }, 'bodies of sent e-mails past the retention emptied');
    return purged;
  };

  const retention = async () => {
    while (!background.stopping) {
      try {
        await purgeOnce();
      } catch (error) {
        logger.error({ err: error }, 'the mail worker could not empty old e-mail bodies');
      }
      await background.pause(RETENTION_INTERVAL_MS);
    }
  };

  return {
    id,
    start() {
      // Lanes work independently, so one lane's claim overlaps the others' sending;
      // a full batch suggests more is due: claim again at once.
      const lane = background.lane(() => processBatch(1), { full: options.batchSize, pollMs: options.pollMs, logger, failure: 'the mail worker could not claim e-mails' });
      if (background.start([...Array.from({ length: concurrency }, () => lane), retention])) logger.info({ worker: id }, 'mail worker started');
    },
    runOnce: () => processBatch(concurrency),
    purgeOnce,
    stop() {
      stopped ??= (async () => {
        await background.stop();
        transport.close();
        logger.info({ worker: id }, 'mail worker stopped');
      })();
      return stopped;
    },
  };
}
