// The worker side of streamWorkbook (xlsx-stream.ts): ExcelJS's streaming
// WorkbookWriter, fed batch by batch through a MessagePort, its zip output
// posted back through the same port as it comes. The main thread answers a
// request for the next batch only once the client has taken what came before:
// memory stays at about two batches on both sides, and the worker's own heap
// is capped by its resourceLimits.
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import { loadWorkbookWriter } from './exceljs.js';
import type { WorkbookColumn, WorkbookToWorker, WorkbookToMain } from './xlsx-stream.js';

export interface WorkbookTaskInput {
  port: MessagePort;
  sheetName: string;
  columns: WorkbookColumn[];
}

export default async function writeWorkbook({ port, sheetName, columns }: WorkbookTaskInput): Promise<number> {
  const post = (message: WorkbookToMain, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      // A copy of its own, so that the transfer never takes a pooled buffer.
      const data = new Uint8Array(chunk);
      post({ kind: 'chunk', data }, [data.buffer]);
      callback();
    },
  });
  const finished = once(out, 'finish');
  const WorkbookWriter = await loadWorkbookWriter();
  const workbook = new WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  // One style object per column, shared by all its cells: ExcelJS finds a style
  // object it has seen before in a WeakMap, where a fresh object per cell (what
  // addRow gives every cell) is serialised and looked up each time, three times
  // slower for the 40,000 lines of `npm run bench:campaigns`. The text columns
  // get their (empty) shared object too: a cell left without one gets a fresh
  // merged style object from ExcelJS, the slow path again (measured with
  // `npm run bench:prices` at load 10: the export cost 4.9-5.2 s of CPU with
  // them, 5.6-7.0 s without).
  const styles = columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}));
  // Batches as they arrive; the next one is asked for before this one is
  // written, so that the main thread reads the database while this thread
  // writes (two cores), and at most two batches are in flight.
  const arrived: WorkbookToWorker[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (batch: WorkbookToWorker) => {
    arrived.push(batch);
    wake?.();
  });
  const nextBatch = async (): Promise<WorkbookToWorker> => {
    while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return arrived.shift() ?? null;
  };
  let lines = 0;
  post({ kind: 'next' });
  for (;;) {
    const batch = await nextBatch();
    if (batch === null) break;
    post({ kind: 'next' });
    for (const values of batch) {
      const row = sheet.addRow(values);
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i] as object;
      row.commit();
    }
    lines += batch.length;
  }
  sheet.commit();
  await workbook.commit();
  await finished;
  post({ kind: 'end' });
  return lines;
}
