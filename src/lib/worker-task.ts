// Work whose cost the input decides (reading an uploaded spreadsheet, making a
// PDF or a workbook) runs in a worker thread of its own, with a memory limit
// (V8's resourceLimits) and a time limit: a worker over either is ended and the
// caller gets a WorkerTaskFailed, while the portal's own event loop keeps
// answering other requests.
//
// A task is a module whose default export is `(input) => output | Promise<output>`;
// input and output cross the thread boundary by structured clone (Buffers and
// Uint8Arrays as copies; pass `transfer` for large ones).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';

export interface WorkerLimits {
  /** V8's old generation limit, in MB (the worker's heap, roughly). */
  maxOldGenerationSizeMb: number;
  /** V8's young generation limit, in MB. */
  maxYoungGenerationSizeMb?: number;
  /** Wall-clock limit, from the start of the thread to its answer. */
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
 * At most this many threads of one task module run at once in a process; the
 * others wait their turn, and the wait counts in their time limit. So a burst
 * of uploads costs at most this many times a worker's memory limit.
 */
export const MAX_THREADS_PER_TASK = 2;

const lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

/** Runs the task module's default export on `input` in a new worker thread, within `limits`. */
export async function runWorkerTask<Output>(
  module: URL,
  input: unknown,
  limits: WorkerLimits,
  transfer: readonly TransferListItem[] = [],
): Promise<Output> {
  const startedAt = Date.now();
  const lane = lanes.get(module.href) ?? { running: 0, waiting: [] };
  lanes.set(module.href, lane);
  if (lane.running >= MAX_THREADS_PER_TASK) {
    const turn = new Promise<void>((resolve) => lane.waiting.push(resolve));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'time'>((resolve) => {
      timer = setTimeout(() => resolve('time'), limits.timeoutMs);
    });
    const first = await Promise.race([turn.then(() => 'turn' as const), timedOut]);
    clearTimeout(timer);
    if (first === 'time') {
      // Our turn may still come: pass it on to the next in line.
      void turn.then(() => release(lane));
      throw new WorkerTaskFailed('time', `waited over ${limits.timeoutMs} ms for a free thread`);
    }
  } else {
    lane.running++;
  }
  try {
    return await runInThread<Output>(module, input, { ...limits, timeoutMs: Math.max(1, limits.timeoutMs - (Date.now() - startedAt)) }, transfer);
  } finally {
    release(lane);
  }
}

/** Hands the lane's slot to the next waiting task, or frees it. */
function release(lane: { running: number; waiting: (() => void)[] }): void {
  const next = lane.waiting.shift();
  if (next) next();
  else lane.running--;
}

function runInThread<Output>(
  module: URL,
  input: unknown,
  limits: WorkerLimits,
  transfer: readonly TransferListItem[],
): Promise<Output> {
  const fromSources = extname(fileURLToPath(module)) === '.ts';
  // The worker imports the task and posts { ok, value } or { ok: false, message }.
  // From the sources, tsx is registered first: a worker thread does not inherit
  // the `--import tsx` of its parent.
  const body = `
    const { parentPort, workerData } = await import('node:worker_threads');
    ${fromSources ? "(await import('tsx/esm/api')).register();" : ''}
    try {
      const task = await import(workerData.module);
      const value = await task.default(workerData.input);
      parentPort.postMessage({ ok: true, value });
    } catch (error) {
      parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  `;
  return new Promise<Output>((resolve, reject) => {
    const worker = new Worker(`(async () => {${body}})()`, {
      eval: true,
      workerData: { module: module.href, input },
      transferList: [...transfer],
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb ?? Math.min(16, limits.maxOldGenerationSizeMb),
      },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new WorkerTaskFailed('time', `over ${limits.timeoutMs} ms`))),
      limits.timeoutMs,
    );
    worker.once('message', (message: { ok: true; value: Output } | { ok: false; message: string }) => {
      finish(() => (message.ok ? resolve(message.value) : reject(new WorkerTaskFailed('crash', message.message))));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      const reason: WorkerFailure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash';
      finish(() => reject(new WorkerTaskFailed(reason, error.message)));
    });
    worker.once('exit', (code) => finish(() => reject(new WorkerTaskFailed('crash', `the worker exited with code ${code}`))));
  });
}
