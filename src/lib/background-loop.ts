// The shape the portal's background workers share (the mail worker, the bulk
// worker): lanes that each take a batch, pause when the batch was not full,
// and stop together, waking every lane that sleeps, without a lost batch.
import type { Logger } from '../logger.js';

export interface BackgroundLoop {
  /** True once stop() was called: long work checks it between steps. */
  readonly stopping: boolean;
  /** Sleeps `ms`, or less when the loop stops. */
  pause(ms: number): Promise<void>;
  /**
   * A lane: runs `batch` until the loop stops. A batch that did `full` or more
   * suggests more is waiting, so it runs again at once; otherwise the lane
   * pauses `pollMs`. A failed batch is logged and the lane goes on.
   */
  lane(batch: () => Promise<number>, options: { full: number; pollMs: number; logger: Logger; failure: string }): () => Promise<void>;
  /** Starts the tasks (lanes and other loops); false when already started or stopped. */
  start(tasks: (() => Promise<void>)[]): boolean;
  /** Stops every task and waits for the work in hand; the same promise on every call. */
  stop(): Promise<void>;
}

export function createBackgroundLoop(): BackgroundLoop {
  let stopping = false;
  let loop: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  const sleepers = new Set<() => void>();

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  return {
    get stopping() {
      return stopping;
    },
    pause,
    lane(batch, { full, pollMs, logger, failure }) {
      return async () => {
        while (!stopping) {
          let done = 0;
          try {
            done = await batch();
          } catch (error) {
            logger.error({ err: error }, failure);
          }
          if (!stopping && done < full) await pause(pollMs);
        }
      };
    },
    start(tasks) {
      if (loop || stopping) return false;
      loop = Promise.all(tasks.map((task) => task())).then(() => undefined);
      return true;
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        for (const wake of [...sleepers]) wake();
        await loop;
      })();
      return stopped;
    },
  };
}
