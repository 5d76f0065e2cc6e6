// The portal's one job library: graphile-worker on the portal's own
// PostgreSQL (issue 24 item 10, issue 25 item 4). Scheduled and queued work
// (the term job, reminders) runs here instead of another hand-written loop.
//
// - Its tables live in the schema `graphile_worker`, which graphile-worker
//   creates and migrates itself when the runner starts; they are not part of
//   schema.prisma or prisma/migrations (Prisma never looks outside `public`).
// - Jobs are rows: a feature queues one inside its own Prisma transaction with
//   `SELECT graphile_worker.add_job(...)` (addJobInTransaction below), so the
//   job exists exactly when the transaction commits.
// - Cron lines are scheduled once per tick across every runner on the
//   database (graphile-worker records the ticks it queued), failed jobs are
//   retried with exponential backoff, and a job key keeps one queued job per key.
// - A runner killed with SIGKILL leaves its running job locked; graphile-worker
//   frees it after four hours. Tasks must therefore be safe to run again and
//   at the same time as another runner (the term job is: see terms.ts).
import { Logger as WorkerLogger, run, type Runner, type Task } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '../logger.js';
import type { Prisma } from '../db/client.js';

export type JobTask = Task;

export interface JobDefinitions {
  /** Task name -> handler. Names are snake_case and stable: queued rows refer to them. */
  tasks: Record<string, JobTask>;
  /** graphile-worker crontab lines (UTC), e.g. `*\/5 * * * * approve_expired_terms`. */
  crontab: string[];
  /** Tasks queued once when the runner starts (one queued job per name across runners). */
  atStart: string[];
}

export interface JobRunner {
  /** Lets the running jobs finish, then closes the runner's connections. */
  stop(): Promise<void>;
}

export interface JobRunnerOptions extends JobDefinitions {
  connectionString: string;
  logger: Logger;
  /** Jobs run at the same time in this process (default 2). */
  concurrency?: number;
  /** How often future and retried jobs are looked for, in ms (new jobs arrive by LISTEN/NOTIFY at once). */
  pollIntervalMs?: number;
}

function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
    else if (level === 'info') logger.info(fields, message);
    else logger.debug(fields, message);
  });
}

/** The job runner's connections' application_name. */
export const JOB_RUNNER_APPLICATION = 'eloket-jobs';

/** Installs or upgrades the graphile_worker schema, then runs the tasks and the crontab until stop(). */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  // The runner's own pool, with an error listener for its whole life:
  // graphile-worker removes its listener while its pool may still be closing,
  // and a connection that the database ends then (Ctrl-C in a terminal stops
  // the embedded PostgreSQL and the portal together) became an unhandled
  // 'error' event that crashed the portal while it stopped.
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    // The LISTEN connection plus one per concurrent job and the cron scheduler.
    max: (options.concurrency ?? 2) + 2,
    // Named in pg_stat_activity, for whoever looks at the database's connections.
    application_name: JOB_RUNNER_APPLICATION,
  });
  let stopping: Promise<void> | undefined;
  const connectionLost = (error: Error) => {
    if (stopping) options.logger.debug({ err: error }, 'job runner connection ended while stopping');
    else options.logger.warn({ err: error }, 'job runner connection lost');
  };
  // An idle connection's error reaches the pool; one in use reaches its client
  // (the query that used it fails and graphile-worker retries the job).
  pool.on('error', connectionLost);
  pool.on('connect', (client) => client.on('error', connectionLost));
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency: options.concurrency ?? 2,
      pollInterval: options.pollIntervalMs ?? 2_000,
      noHandleSignals: true,
      taskList: options.tasks,
      crontab: options.crontab.join('\n'),
      logger: workerLogger(options.logger),
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  for (const name of options.atStart) {
    // A job key: several runners starting together queue one job, not one each.
    await runner.addJob(name, {}, { jobKey: `${name}:start`, maxAttempts: 5 });
  }
  options.logger.info({ tasks: Object.keys(options.tasks), crontab: options.crontab }, 'job runner started');
  return {
    stop() {
      stopping ??= (async () => {
        try {
          await runner.stop();
        } finally {
          await pool.end();
        }
      })();
      return stopping;
    },
  };
}

/** Queues a job inside the caller's transaction: it exists only if the transaction commits. */
export async function addJobInTransaction(
  tx: Prisma.TransactionClient,
  task: string,
  payload: Record<string, unknown>,
  options: { jobKey?: string; runAt?: Date; maxAttempts?: number } = {},
): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.add_job(${task}, ${JSON.stringify(payload)}::json, run_at => ${options.runAt ?? null}::timestamptz, max_attempts => ${options.maxAttempts ?? 25}::int, job_key => ${options.jobKey ?? null}::text)`;
}
