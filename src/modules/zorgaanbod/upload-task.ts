// The worker thread's side of readUpload and annotatedWorkbook (workbook.ts):
// run by runWorkerTask, never imported by the request thread.
import { readLines, writeAnnotated, type ReadOutcome, type UploadTask } from './workbook.js';

export default async function uploadTask(task: UploadTask): Promise<ReadOutcome | Uint8Array> {
  const content = Buffer.from(task.content.buffer, task.content.byteOffset, task.content.byteLength);
  if (task.kind === 'read') return readLines(content);
  return new Uint8Array(await writeAnnotated(content, new Map(task.errors)));
}
