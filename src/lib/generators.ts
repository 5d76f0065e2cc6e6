// The limits of the documents the portal generates (the receipt and decision letter PDFs, the XLSX
// exports), each in a worker thread (worker-task.ts), and the page a user
// gets when one is ended. The limits leave room for PDFKit and ExcelJS
// themselves (each about 27 MB once loaded) and about two batches of an export;
// the export's time includes the client's download, since it streams.
import type { Request, Response } from 'express';
import type { WorkerLimits, WorkerTaskFailed } from './worker-task.js';

export interface GeneratorLimits {
  receipt: WorkerLimits;
  /** The decision letter, made before the decision is stored. */
  letter: WorkerLimits;
  /** Includes the time the client takes to download: the export streams. */
  export: WorkerLimits;
}

export const GENERATOR_LIMITS: GeneratorLimits = {
  receipt: { maxOldGenerationSizeMb: 96, timeoutMs: 15_000 },
  letter: { maxOldGenerationSizeMb: 96, timeoutMs: 15_000 },
  export: { maxOldGenerationSizeMb: 128, timeoutMs: 10 * 60_000 },
};

/**
 * A generator's worker was ended by a limit (or crashed): nothing was stored.
 * Before the first byte the user gets the Dutch page that says so; after it
 * (a streamed export) the download is cut off, so that no truncated file
 * passes for a whole one.
 */
export function generatorFailed(req: Request, res: Response, error: WorkerTaskFailed): void {
  req.log?.warn({ reason: error.reason, err: error }, 'document generator ended');
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  res.removeHeader('Content-Disposition');
  res.removeHeader('Content-Type');
  res.status(503).render('errors/generator.njk', { requestId: req.id });
}
