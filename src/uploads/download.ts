// Sends a stored file as a download: always an attachment (never rendered
// by the browser in the portal's origin), under its original name with an
// extension of the type judged at upload (also for files stored before names
// were corrected on upload), with that type.
import type { Response } from 'express';
import { nameMatchingContent } from './names.js';
import type { StoredFileContent } from './storage.js';

export function sendStoredFile(res: Response, file: StoredFileContent): void {
  // Express's content-disposition (RFC 6266): an ASCII fallback `filename="..."`
  // and the exact name as RFC 5987 `filename*=UTF-8''...`.
  res.attachment(nameMatchingContent(file.name, file.mediaType));
  // After attachment(), which guesses a type from the name: the sniffed type wins.
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', String(file.content.byteLength));
  res.end(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
}
