// The outbox worker: claims small batches of due e-mails and delivers them
// over SMTP with nodemailer (pooled connections).
//
// - Claiming sets status `sending` with a lease, in one UPDATE over rows picked
//   with FOR UPDATE SKIP LOCKED: any number of workers, in any number of
//   processes, never hold the same e-mail at the same time.
// - A worker that dies leaves its e-mails `sending`; when the lease runs out
//   they are claimed again. An e-mail the SMTP server accepted just before the
//   crash is then delivered once more, with the same Message-ID.
// - Temporary failures (4xx answers, connection problems) go back to `queued`
//   with exponential backoff and jitter; a 5xx answer, or running out of
//   attempts, marks the e-mail `failed`.
// - stop() lets the e-mails being sent finish and releases the rest of the batch.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type pg from 'pg';
import type { Logger } from '../logger.js';
import type { MailConfig } from '../config.js';

export interface MailWorkerOptions extends Omit<MailConfig, 'worker'> {
  pool: pg.Pool;
  smtpUrl: string;
  logger: Logger;
  /** E-mails sent at the same time, and SMTP connections kept open (default 5). */
  concurrency?: number;
}

export interface MailWorker {
  /** Identifies this worker in outbox_mail.locked_by. */
  readonly id: string;
  /** Starts polling for due e-mails. */
  start(): void;
  /** Claims and sends one batch; the number of e-mails claimed. */
  runOnce(): Promise<number>;
  /** Finishes the e-mails being sent, releases the rest of the batch, closes the SMTP connections. */
  stop(): Promise<void>;
}

interface ClaimedMail {
  id: number;
  message_id: string;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
  attempts: number;
  lease_until: Date;
}

/** Retries wait at most this long, however many attempts came before. */
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** An e-mail is not started when less than this share of the lease is left. */
const LEASE_SAFETY_SHARE = 0.2;

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

const CLAIM_SQL = `
  UPDATE outbox_mail
     SET status = 'sending', attempts = attempts + 1, locked_by = $1,
         lease_until = now() + $2::float8 * interval '1 millisecond', updated_at = now()
   WHERE id IN (
         SELECT id FROM outbox_mail
          WHERE (status = 'queued' AND next_attempt_at <= now())
             OR (status = 'sending' AND lease_until < now())
          ORDER BY next_attempt_at, id
          LIMIT $3
            FOR UPDATE SKIP LOCKED)
  RETURNING id, message_id, recipients, subject, html, text, attempts, lease_until`;

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { pool, logger } = options;
  const concurrency = options.concurrency ?? 5;
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

  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let stopped: Promise<void> | undefined;

  const release = async (ids: number[]) => {
    if (ids.length === 0) return;
    // The claim counted an attempt that never happened.
    await pool.query(
      `UPDATE outbox_mail SET status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL, lease_until = NULL, updated_at = now()
        WHERE id = ANY($1) AND locked_by = $2 AND status = 'sending'`,
      [ids, id],
    );
  };

  const markSent = async (mail: ClaimedMail) => {
    const result = await pool.query(
      `UPDATE outbox_mail SET status = 'sent', sent_at = now(), locked_by = NULL, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND locked_by = $2 AND status = 'sending'`,
      [mail.id, id],
    );
    if (result.rowCount === 0) {
      logger.warn({ mailId: mail.id, messageId: mail.message_id }, 'e-mail delivered after its lease ran out; another worker may deliver it again');
    }
  };

  const markFailed = async (mail: ClaimedMail, error: unknown) => {
    const permanent = isPermanentFailure(error);
    const final = permanent || mail.attempts >= options.maxAttempts;
    const delay = retryDelayMs(mail.attempts, options.retryBaseMs);
    await pool.query(
      `UPDATE outbox_mail SET status = $3::outbox_mail_status, last_error = $4, next_attempt_at = now() + $5::float8 * interval '1 millisecond',
              locked_by = NULL, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND locked_by = $2 AND status = 'sending'`,
      [mail.id, id, final ? 'failed' : 'queued', describeError(error), final ? 0 : delay],
    );
    const details = { mailId: mail.id, attempts: mail.attempts, error: describeError(error) };
    if (final) logger.error(details, permanent ? 'e-mail rejected by the SMTP server' : 'e-mail failed after its last attempt');
    else logger.warn({ ...details, retryInMs: delay }, 'e-mail not delivered, will retry');
  };

  const deliver = async (mail: ClaimedMail) => {
    try {
      await transport.sendMail({
        from: options.from,
        to: mail.recipients,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.message_id,
      });
    } catch (error) {
      await markFailed(mail, error);
      return;
    }
    await markSent(mail);
  };

  const runOnce = async (): Promise<number> => {
    const { rows } = await pool.query<ClaimedMail>(CLAIM_SQL, [id, options.leaseMs, options.batchSize]);
    const pending = [...rows];
    const notStarted: number[] = [];
    const runner = async () => {
      for (let mail = pending.shift(); mail; mail = pending.shift()) {
        const leaseLeft = mail.lease_until.getTime() - Date.now();
        if (stopping || leaseLeft < options.leaseMs * LEASE_SAFETY_SHARE) {
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
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, runner));
    await release(notStarted);
    return rows.length;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        logger.error({ err: error }, 'the mail worker could not claim e-mails');
      }
      // A full batch suggests more is due: claim again at once.
      if (!stopping && claimed < options.batchSize) await pause(options.pollMs);
    }
  };

  return {
    id,
    start() {
      if (loop || stopping) return;
      logger.info({ worker: id }, 'mail worker started');
      loop = run();
    },
    runOnce,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wake?.();
        await loop;
        transport.close();
        logger.info({ worker: id }, 'mail worker stopped');
      })();
      return stopped;
    },
  };
}
