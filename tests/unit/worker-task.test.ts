import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkerPools, MAX_THREADS_PER_TASK, runWorkerTask, WorkerTaskFailed } from '../../src/lib/worker-task.js';

const tasks = new URL('./fixtures/worker-tasks.ts', import.meta.url);
const limits = { maxOldGenerationSizeMb: 32, timeoutMs: 5_000 };

interface ThreadState {
  threadId: number;
  calls: number;
}
const thread = () => runWorkerTask<ThreadState>(tasks, { kind: 'thread' }, limits);

afterAll(closeWorkerPools);

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

  it('fails at once, as memory, when its thread cannot even start within the memory limit', async () => {
    const started = Date.now();
    const error = await failure(runWorkerTask(tasks, { kind: 'echo' }, { maxOldGenerationSizeMb: 2, timeoutMs: 20_000 }));
    expect(error.reason).toBe('memory');
    expect(Date.now() - started).toBeLessThan(10_000);
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

  it(`runs at most ${MAX_THREADS_PER_TASK} threads of one task at once: the next waits, within its own time limit`, async () => {
    const spinning = Array.from({ length: MAX_THREADS_PER_TASK }, () => failure(runWorkerTask(tasks, { kind: 'spin' }, { ...limits, timeoutMs: 1_500 })));
    const started = Date.now();
    // Waits for a free thread, and its time runs out while waiting.
    const waiting = await failure(runWorkerTask(tasks, { kind: 'echo' }, { ...limits, timeoutMs: 300 }));
    expect(waiting.reason).toBe('time');
    expect(waiting.message).toContain('waited');
    expect(Date.now() - started).toBeLessThan(1_400);
    // Once the spinning ones are ended, the lane is free again.
    await Promise.all(spinning);
    expect(await runWorkerTask<string>(tasks, { kind: 'echo', value: 'weer' }, limits)).toBe('echo weer');
  });

  it('runs the next task on the same warm thread, with the task module already loaded', async () => {
    const first = await thread();
    const second = await thread();
    expect(second.threadId).toBe(first.threadId);
    expect(second.calls).toBe(first.calls + 1);
  });

  it('gives the next task a fresh thread after one was ended for its time', async () => {
    const before = await thread();
    expect((await failure(runWorkerTask(tasks, { kind: 'spin' }, { ...limits, timeoutMs: 300 }))).reason).toBe('time');
    const after = await thread();
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.calls).toBe(1);
  });

  it('gives the next task a fresh thread after one ran out of memory', async () => {
    const before = await thread();
    expect((await failure(runWorkerTask(tasks, { kind: 'hog' }, limits))).reason).toBe('memory');
    const after = await thread();
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.calls).toBe(1);
  });

  it('starts threads with the memory limit of the task: a task with another limit does not run on a warm thread of the first', async () => {
    const warm = await thread();
    const other = await runWorkerTask<ThreadState>(tasks, { kind: 'thread' }, { ...limits, maxOldGenerationSizeMb: 48 });
    expect(other.threadId).not.toBe(warm.threadId);
    expect(other.calls).toBe(1);
  });

  it('starts new threads after the pools were closed (the portal stopping)', async () => {
    const before = await thread();
    await closeWorkerPools();
    const after = await thread();
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.calls).toBe(1);
  });
});
