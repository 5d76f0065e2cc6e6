// An XLSX export streamed to the client while a worker thread writes it
// (xlsx-stream-task.ts): this thread reads the batches (the database stays
// here) and turns them into cell values; the worker writes the workbook's
// XML and zip, the part whose cost grows with the file, within its memory and
// time limits. A worker ended by a limit before the first byte leaves the
// response untouched (the route shows the Dutch error page); after it, the
// download is cut off, so that the client never keeps a truncated file as whole.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { runWorkerTask, taskModule, type WorkerLimits } from './worker-task.js';

/** What a cell may hold across the thread boundary; a Date is shown with the column's numFmt. */
export type CellValue = string | number | Date | null;

export interface WorkbookColumn {
  header: string;
  width: number;
  /** An Excel number format, e.g. '0.00' or 'dd/mm/yyyy hh:mm'. */
  numFmt?: string;
}

export type WorkbookToWorker = CellValue[][] | null;
export type WorkbookToMain = { kind: 'chunk'; data: Uint8Array } | { kind: 'next' } | { kind: 'end' };

export class DownloadAborted extends Error {}

/**
 * Waits until `out` has room again: the next batch is only read when the
 * client took the previous one. A client that goes away ends the export.
 */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new DownloadAborted();
  if (!out.writableNeedDrain) return;
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }).then(() => Promise.reject(new DownloadAborted())),
    ]);
  } finally {
    ac.abort();
  }
}

export interface StreamWorkbookOptions {
  rows: AsyncIterable<CellValue[][]>;
  out: Writable;
  sheetName: string;
  columns: readonly WorkbookColumn[];
  limits: WorkerLimits;
}

export async function streamWorkbook({ rows, out, sheetName, columns, limits }: StreamWorkbookOptions): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  const batches = rows[Symbol.asyncIterator]();
  let failure: unknown;
  let aborted = false;
  const ended = new Promise<void>((resolve, reject) => {
    const feed = async () => {
      try {
        if (!aborted) await drained(out);
        const next = aborted ? undefined : await batches.next();
        port1.postMessage(!next || next.done ? null : next.value);
      } catch (error) {
        // The client went away or the database failed: the worker finishes an
        // empty end, its output is dropped, and the reason is passed on.
        aborted = true;
        failure = error;
        port1.postMessage(null);
      }
    };
    port1.on('message', (message: WorkbookToMain) => {
      if (message.kind === 'chunk') {
        if (!aborted) out.write(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
      } else if (message.kind === 'next') {
        void feed();
      } else {
        port1.close();
        if (failure === undefined) resolve();
        else reject(failure instanceof Error ? failure : new Error(String(failure)));
      }
    });
  });
  const task = runWorkerTask<number>(taskModule(import.meta.url, 'xlsx-stream-task'), { port: port2, sheetName, columns: [...columns] }, limits, [port2]);
  try {
    await Promise.all([task, ended]);
  } catch (error) {
    port1.close();
    await batches.return?.();
    throw error;
  }
  out.end();
}
