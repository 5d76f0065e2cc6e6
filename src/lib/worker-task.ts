// Work whose cost the input decides (reading an uploaded spreadsheet, making a
// PDF or a workbook) runs in a worker thread, with a memory limit (V8's
// resourceLimits) and a time limit: a thread over either is ended and the
// caller gets a WorkerTaskFailed, while the portal's own event loop keeps
// answering other requests.
//
// The threads are kept warm between tasks (a piscina pool per task module):
// starting a thread and loading PDFKit or ExcelJS in it costs several times
// the drawing of a letter itself. A thread ended by a limit or a crash is
// dropped and the next task gets a fresh one; a thread idle for
// IDLE_THREAD_MS ends, so an idle portal keeps no generator memory.
//
// A task is a module whose default export is `(input) => output | Promise<output>`;
// input and output cross the thread boundary by structured clone (Buffers and
// Uint8Arrays as copies; pass `transfer` for large ones). A task must not rely
// on a fresh thread: module state lives as long as the thread.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';

export interface WorkerLimits {
  /** V8's old generation limit, in MB (the worker's heap, roughly). */
  maxOldGenerationSizeMb: number;
  /** V8's young generation limit, in MB. */
  maxYoungGenerationSizeMb?: number;
  /** Wall-clock limit, from the call (waiting for a free thread included) to its answer. */
  timeoutMs: number;
}

export type WorkerFailure = 'memory' | 'time' | 'crash';

/** The task was ended by a limit, or crashed: `reason` says which. */
export class WorkerTaskFailed extends Error {
  constructor(
    readonly reason: WorkerFailure,
    detail: string,
  ) {
    super(`worker task failed (${reason}): ${detail}`);
    this.name = 'WorkerTaskFailed';
  }
}

/**
 * The task module next to `from`, named `name` (without extension): its `.js`
 * in dist/, its `.ts` when the portal runs from the sources (tests, `npm run dev`).
 */
export function taskModule(from: string, name: string): URL {
  const fromSources = extname(fileURLToPath(from)) === '.ts';
  return new URL(`./${name}${fromSources ? '.ts' : '.js'}`, from);
}

/**
 * At most this many threads of one task module exist at once in a process;
 * the others wait their turn, and the wait counts in their time limit. So a
 * burst of uploads costs at most this many times a worker's memory limit.
 */
export const MAX_THREADS_PER_TASK = 2;

/** How long a warm thread waits for its next task before it ends. */
export const IDLE_THREAD_MS = 30_000;

interface Pool {
  /** The memory limits its threads were started with. */
  key: string;
  piscina: Piscina;
  /** The tasks given to it and not answered yet: aborting one ends it. */
  pending: Set<AbortController>;
}

/**
 * One task module's threads: its pool (one set of memory limits at a time, since
 * resourceLimits are fixed when a thread starts), how many tasks run, and who waits.
 */
interface Lane {
  running: number;
  waiting: { limits: ThreadLimits; start: (pool: Pool) => void }[];
  pool?: Pool;
}

/** A thread's memory limits, and their key: threads with the same key serve each other's tasks. */
interface ThreadLimits {
  key: string;
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

const lanes = new Map<string, Lane>();

/** Runs the task module's default export on `input` in a (warm) worker thread, within `limits`. */
export async function runWorkerTask<Output>(
  module: URL,
  input: unknown,
  limits: WorkerLimits,
  transfer: readonly TransferListItem[] = [],
): Promise<Output> {
  const startedAt = Date.now();
  const lane = lanes.get(module.href) ?? { running: 0, waiting: [] };
  lanes.set(module.href, lane);
  const maxOldGenerationSizeMb = limits.maxOldGenerationSizeMb;
  const maxYoungGenerationSizeMb = limits.maxYoungGenerationSizeMb ?? Math.min(16, maxOldGenerationSizeMb);
  const threadLimits = { key: `${maxOldGenerationSizeMb}/${maxYoungGenerationSizeMb}`, maxOldGenerationSizeMb, maxYoungGenerationSizeMb };
  const pool = await takeTurn(lane, threadLimits, limits.timeoutMs);
  try {
    return await runInPool<Output>(pool, module, input, Math.max(1, limits.timeoutMs - (Date.now() - startedAt)), transfer);
  } finally {
    release(lane);
  }
}

/**
 * Ends every warm thread, letting running tasks finish first (the portal's
 * shutdown). A later task starts a new pool.
 */
export async function closeWorkerPools(): Promise<void> {
  const pools = [...lanes.values()].flatMap((lane) => {
    const pool = lane.pool;
    lane.pool = undefined;
    return pool ? [pool.piscina] : [];
  });
  await Promise.all(pools.map((piscina) => piscina.close()));
}

/** A task may start when a thread is free and the pool's threads have its memory limits (or none runs). */
function canStart(lane: Lane, key: string): boolean {
  return lane.running < MAX_THREADS_PER_TASK && (lane.pool === undefined || lane.pool.key === key || lane.running === 0);
}

/**
 * Waits, in turn, until the task may start, or fails with 'time' when its
 * time runs out first. The slot and the pool are taken in one step, so that
 * no other task sees the slot taken without the pool's limits.
 */
async function takeTurn(lane: Lane, limits: ThreadLimits, timeoutMs: number): Promise<Pool> {
  if (lane.waiting.length === 0 && canStart(lane, limits.key)) return begin(lane, limits);
  return new Promise<Pool>((resolve, reject) => {
    const waiter = {
      limits,
      start: (pool: Pool) => {
        clearTimeout(timer);
        resolve(pool);
      },
    };
    const timer = setTimeout(() => {
      lane.waiting.splice(lane.waiting.indexOf(waiter), 1);
      reject(new WorkerTaskFailed('time', `waited over ${timeoutMs} ms for a free thread`));
    }, timeoutMs);
    lane.waiting.push(waiter);
  });
}

/** Frees the task's slot and starts whoever may start now, in order. */
function release(lane: Lane): void {
  lane.running--;
  for (let next = lane.waiting[0]; next && canStart(lane, next.limits.key); next = lane.waiting[0]) {
    lane.waiting.shift();
    next.start(begin(lane, next.limits));
  }
}

/** Takes a slot, on the lane's pool for these limits; a pool with other limits (idle, see canStart) is ended. */
function begin(lane: Lane, limits: ThreadLimits): Pool {
  lane.running++;
  if (lane.pool?.key === limits.key) return lane.pool;
  if (lane.pool) void lane.pool.piscina.destroy();
  lane.pool = newPool(limits);
  return lane.pool;
}

function newPool({ key, maxOldGenerationSizeMb, maxYoungGenerationSizeMb }: ThreadLimits): Pool {
  const piscina = new Piscina({
    // No module at the thread's start: the first task loads it, so that a
    // module that does not fit the memory limit fails that task as 'memory'.
    filename: null,
    minThreads: 0,
    maxThreads: MAX_THREADS_PER_TASK,
    idleTimeout: IDLE_THREAD_MS,
    resourceLimits: { maxOldGenerationSizeMb, maxYoungGenerationSizeMb },
    // A thread between tasks runs its event loop as usual rather than blocking in Atomics.wait.
    atomics: 'disabled',
  });
  const pool: Pool = { key, piscina, pending: new Set() };
  // A thread that failed with no task on it: one that could not even start
  // within the memory limit, or one that failed between tasks. Piscina
  // starts no other thread for the tasks waiting for it: when the pool has no
  // thread left, they fail now, with its reason, instead of at their time limit.
  piscina.on('error', (error: unknown) => {
    if (piscina.threads.length > 0) return;
    for (const task of pool.pending) task.abort(error);
  });
  return pool;
}

/**
 * What the pool's thread runs: the compiled task module itself, or from the
 * sources a plain JavaScript runner that registers tsx first (worker-task-sources.mjs).
 */
function threadTask(module: URL, input: unknown): { filename: string; task: unknown } {
  if (extname(fileURLToPath(module)) !== '.ts') return { filename: module.href, task: input };
  return { filename: new URL('./worker-task-sources.mjs', import.meta.url).href, task: { module: module.href, input } };
}

const TIMED_OUT = Symbol('timed out');

async function runInPool<Output>(pool: Pool, module: URL, input: unknown, timeoutMs: number, transfer: readonly TransferListItem[]): Promise<Output> {
  // Aborting a running task ends its thread (piscina terminates it); a waiting one leaves the queue.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(TIMED_OUT), timeoutMs);
  pool.pending.add(abort);
  const { filename, task } = threadTask(module, input);
  try {
    return (await pool.piscina.run(task, { filename, transferList: [...transfer], signal: abort.signal })) as Output;
  } catch (error) {
    if (abort.signal.aborted && abort.signal.reason === TIMED_OUT) throw new WorkerTaskFailed('time', `over ${timeoutMs} ms`);
    throw failureOf(abort.signal.aborted ? abort.signal.reason : error);
  } finally {
    clearTimeout(timer);
    pool.pending.delete(abort);
  }
}

/** A thread that ran out of memory fails with ERR_WORKER_OUT_OF_MEMORY; anything else (a thrown error, an exit) is a crash. */
function failureOf(error: unknown): WorkerTaskFailed {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return new WorkerTaskFailed(code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', error instanceof Error ? error.message : String(error));
}
