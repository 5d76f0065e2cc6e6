import { describe, expect, it } from 'vitest';
import { runWorkerTask, WorkerTaskFailed } from '../../src/lib/worker-task.js';

const tasks = new URL('./fixtures/worker-tasks.ts', import.meta.url);
const limits = { maxOldGenerationSizeMb: 32, timeoutMs: 5_000 };

async function failure(promise: Promise<unknown>): Promise<WorkerTaskFailed> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkerTaskFailed)) throw new Error(`expected a WorkerTaskFailed, got ${String(error)}`);
  return error;
}

describe('a worker task', () => {
  it('returns what the task returns', async () => {
    expect(await runWorkerTask<string>(tasks, { kind: 'echo', value: 'hallo' }, limits)).toBe('echo hallo');
  });

  it('is ended when it goes over its memory limit, and the caller is told so', async () => {
    expect((await failure(runWorkerTask(tasks, { kind: 'hog' }, limits))).reason).toBe('memory');
  });

  it('is ended when it goes over its time limit, while this thread keeps running', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const error = await failure(runWorkerTask(tasks, { kind: 'spin' }, { ...limits, timeoutMs: 600 }));
    clearInterval(ticker);
    expect(error.reason).toBe('time');
    expect(ticks).toBeGreaterThan(5);
  });

  it('passes on an error the task throws', async () => {
    const error = await failure(runWorkerTask(tasks, { kind: 'throw' }, limits));
    expect(error.reason).toBe('crash');
    expect(error.message).toContain('refused by the task');
  });
});
