// The upload middleware of one route: the route's cheap checks first (may
// this facility upload here, now?), then multer parses the multipart body into
// memory, the CSRF token is checked at once, then every file is judged
// (size, type by content, count, total) and the accepted ones are staged in
// the database. Rejections become Dutch field errors, never an error page, and
// the other fields of the form stay in req.body for the route to show again.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer, { MulterError, type StorageEngine } from 'multer';
import type { UploadLimits } from '../config.js';
import { facilityContext } from '../auth/current-user.js';
import type { FieldError } from '../lib/form-errors.js';
import { invalidCsrfTokenError, isCsrfTokenValid } from '../middleware/csrf.js';
import { nameMatchingContent, sanitizeFileName } from './names.js';
import { ACCEPTED_TYPES, sniffFileType, type AcceptedLabel } from './sniff.js';
import { findStagedFiles, stageFiles, type NewFile, type StagingClient, type StoredFileInfo, type UploadOwner } from './storage.js';
import { uploadTexts } from './texts.js';

export interface AcceptOptions {
  /** The name (and, unless `id` says otherwise, the id) of the file input, e.g. "bijlagen". */
  field: string;
  /** The input's id, which the errors name so the page shows them next to it. */
  id?: string;
  /** Stricter than the configured limits if set; never looser (the configuration is the ceiling). */
  maxFiles?: number;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** The accepted types, by default all of them. */
  types?: readonly AcceptedLabel[];
  /** The longest text field in bytes (the urlencoded forms allow 200 kB for the whole body). */
  maxFieldBytes?: number;
  /**
   * The route's own check of a file's content, after its type and size were
   * accepted and before it is staged (e.g. the Zorgaanbod Excel's header):
   * Dutch errors refuse it, so nothing is stored; otherwise what it found is
   * handed to the route in req.uploads.found, so the file is read once.
   */
  inspect?: InspectFile;
  /**
   * The route's cheap checks, run before a byte of a file is kept, sniffed or
   * inspected (the facility has the theme; the record takes an upload now):
   * undefined lets the upload go on; a Refusal is how to answer instead. A
   * refused body is read to its end without keeping its files, only so that
   * the CSRF token in it is checked first, as for every upload.
   */
  allow?: AllowUpload;
  /**
   * Whose staged files these are. By default the logged-in user acting for a
   * facility (behind requireFacilityUser, through the facility scope); `staff`:
   * the logged-in staff member's user with no facility (behind requireStaff),
   * stored through the uploads' own client. See claimUploads' `stagedByStaff`.
   */
  owner?: 'staff';
}

export type Inspection = { refused: string[] } | { found: unknown };
/** The answer to a refused upload (a 404 page, the form with a Dutch error), given once the CSRF token is known to be valid. */
export type Refusal = (req: Request, res: Response) => unknown;
export type AllowUpload = (req: Request, res: Response) => Promise<Refusal | undefined>;
export type InspectFile = (content: Buffer, name: string) => Promise<Inspection>;

/** What the route gets in req.uploads. */
export interface UploadResult {
  /** Every accepted file of this submission, kept from an earlier attempt and new, all staged; in form order. */
  files: StoredFileInfo[];
  /** Dutch errors for the file input (field = its id); empty when every file was accepted. */
  errors: FieldError[];
  /** What the route's `inspect` found in each file staged by this request, by stored file id. */
  found: Map<number, unknown>;
}

/** The resolved settings of one upload route. */
export interface AcceptSettings {
  field: string;
  id: string;
  keptField: string;
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  types: readonly AcceptedLabel[];
  maxFieldBytes: number;
  inspect?: InspectFile;
  allow?: AllowUpload;
  /** Set for a staff upload route: the client its files are staged through. */
  staffStaging?: StagingClient;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by an upload route's middleware (src/uploads/). */
    uploads?: UploadResult;
  }
}

/** The name of the checkboxes that carry the ids of files kept from an earlier attempt. */
export const keptFieldName = (field: string) => `${field}Kept`;

export function resolveSettings(limits: UploadLimits, options: AcceptOptions, staffStaging: StagingClient): AcceptSettings {
  const atMost = (value: number | undefined, ceiling: number) => Math.min(value ?? ceiling, ceiling);
  return {
    field: options.field,
    id: options.id ?? options.field,
    keptField: keptFieldName(options.field),
    maxFiles: atMost(options.maxFiles, limits.maxFiles),
    maxFileBytes: atMost(options.maxFileBytes, limits.maxFileBytes),
    maxTotalBytes: atMost(options.maxTotalBytes, limits.maxTotalBytes),
    types: options.types ?? ACCEPTED_TYPES.map((t) => t.label),
    maxFieldBytes: options.maxFieldBytes ?? 200 * 1024,
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(options.allow ? { allow: options.allow } : {}),
    ...(options.owner === 'staff' ? { staffStaging } : {}),
  };
}

/**
 * multer's memory storage, bounded: a file larger than the per-file limit, or
 * one that would take the request past the total limit, is read to its end
 * but not kept (buffer absent, size the real size), so it is reported in
 * Dutch with the rest of the form intact instead of aborting the parse.
 */
function boundedMemoryStorage(settings: AcceptSettings): StorageEngine {
  const buffered = new WeakMap<Request, number>();
  return {
    _handleFile(req, file, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      let keep = true;
      file.stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (!keep) return;
        const total = (buffered.get(req) ?? 0) + chunk.length;
        if (size > settings.maxFileBytes || total > settings.maxTotalBytes) {
          keep = false;
          // What this file had buffered before this chunk is given back.
          buffered.set(req, total - size);
          chunks.length = 0;
          return;
        }
        buffered.set(req, total);
        chunks.push(chunk);
      });
      file.stream.on('error', (error) => callback(error));
      file.stream.on('end', () => callback(null, { size, ...(keep ? { buffer: Buffer.concat(chunks) } : {}) }));
    },
    _removeFile(_req, file, callback) {
      // Nothing outside memory to remove.
      (file as { buffer?: Buffer }).buffer = undefined;
      callback(null);
    },
  };
}

/** For a refused upload: every file read to its end and dropped, nothing buffered. */
const discardingStorage: StorageEngine = {
  _handleFile(_req, file, callback) {
    file.stream.on('error', (error) => callback(error));
    file.stream.on('end', () => callback(null, { size: 0 }));
    file.stream.resume();
  },
  _removeFile(_req, _file, callback) {
    callback(null);
  },
};

/**
 * multer (append-field) nests `lines[0][email]` into objects; the portal's
 * urlencoded forms (extended: false) keep such names flat. Flattened back, a
 * multipart form's fields read exactly like the same form posted urlencoded
 * (repeated names stay arrays of strings).
 */
export function flattenFields(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const walk = (value: unknown, key: string) => {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value;
    else if (Array.isArray(value)) value.forEach((v: unknown, i) => walk(v, `${key}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, key === '' ? k : `${key}[${k}]`);
    } else if (value !== undefined) out[key] = value;
  };
  walk(body ?? {}, '');
  return out;
}

function parseKeptIds(value: unknown, max: number): number[] {
  const values = Array.isArray(value) ? value : [value];
  const ids = values.filter((v): v is string => typeof v === 'string' && /^\d{1,9}$/.test(v)).map(Number);
  // More than a form can have kept is not a form of ours: the rest is ignored.
  return [...new Set(ids)].slice(0, max);
}

function multerErrorText(error: MulterError, settings: AcceptSettings): string {
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return uploadTexts.tooLarge(sanitizeFileName((error as MulterError & { filename?: string }).filename ?? '', 'bestand'), settings.maxFileBytes);
    case 'LIMIT_FILE_COUNT':
      return uploadTexts.tooMany(settings.maxFiles, []);
    case 'LIMIT_FIELD_VALUE':
    case 'LIMIT_FIELD_KEY':
      return uploadTexts.fieldTooLong;
    case 'LIMIT_UNEXPECTED_FILE':
      return uploadTexts.unexpected;
    default:
      return uploadTexts.tooManyParts(settings.maxFiles);
  }
}

/** Where a request's files are staged, and for whom. */
function uploadOwner(req: Request, settings: AcceptSettings, userId: number): { db: StagingClient; owner: UploadOwner } {
  if (settings.staffStaging) {
    if (!req.currentUser?.staff) throw new Error('a staff upload route must be behind requireStaff');
    return { db: settings.staffStaging, owner: { userId, facilityId: null } };
  }
  const { scope } = facilityContext(req);
  return { db: scope, owner: { userId, facilityId: scope.$facilityId() } };
}

/** The middleware; see src/uploads/index.ts for how a route uses it. */
export function acceptUploadsMiddleware(settings: AcceptSettings, stagedMs: number): RequestHandler {
  const multerOptions = (storage: StorageEngine) => ({
    storage,
    // Browsers send UTF-8 file names; busboy's default would read them as Latin-1.
    defParamCharset: 'utf8',
    limits: {
      // Backstops only: larger files and extra files are read to their end and reported by the checks below.
      fileSize: 2 * Math.max(settings.maxFileBytes, settings.maxTotalBytes),
      files: 3 * settings.maxFiles,
      fields: 1000,
      parts: 1000 + 3 * settings.maxFiles,
      fieldSize: settings.maxFieldBytes,
      fieldNameSize: 200,
      fieldNestingDepth: 5,
      fieldArrayIndexLimit: 1000,
    },
  });
  const parse = multer(multerOptions(boundedMemoryStorage(settings))).fields([{ name: settings.field }]);
  const discard = multer(multerOptions(discardingStorage)).any();

  const parsed = (req: Request, res: Response, parser: RequestHandler = parse) =>
    new Promise<unknown>((resolve) => {
      void parser(req, res, (error?: unknown) => resolve(error));
    });

  return async function acceptUploads(req: Request, res: Response, next: NextFunction) {
    const user = req.currentUser;
    if (!user) throw new Error('an upload route must be behind requireFacilityUser or requireStaff');
    const { db, owner } = uploadOwner(req, settings, user.id);
    const refusal = settings.allow ? await settings.allow(req, res) : undefined;
    if (refusal) {
      // Only the fields are kept: the token decides between a CSRF refusal and the route's.
      await parsed(req, res, discard);
      req.body = flattenFields(req.body);
      if (!isCsrfTokenValid(req)) return next(invalidCsrfTokenError);
      return refusal(req, res);
    }
    const parseError = await parsed(req, res);
    req.body = flattenFields(req.body);
    // Before anything is judged or stored.
    if (!isCsrfTokenValid(req)) return next(invalidCsrfTokenError);
    if (parseError && !(parseError instanceof MulterError)) {
      // A broken multipart body (cut off, malformed): not a form of ours.
      return next(Object.assign(parseError instanceof Error ? parseError : new Error(String(parseError)), { status: 400 }));
    }

    const errors: FieldError[] = [];
    const error = (text: string) => errors.push({ field: settings.id, text });
    if (parseError instanceof MulterError) error(multerErrorText(parseError, settings));

    const body = req.body as Record<string, unknown>;
    const keptIds = parseKeptIds(body[settings.keptField], settings.maxFiles);
    const kept = await findStagedFiles(db, owner, keptIds);
    if (kept.length < keptIds.length) error(uploadTexts.keptUnavailable);

    const uploaded = parseError ? [] : ((req.files as Record<string, Express.Multer.File[]> | undefined)?.[settings.field] ?? []);
    let count = kept.length;
    let total = kept.reduce((n, f) => n + f.size, 0);
    const accepted: NewFile[] = [];
    const findings: unknown[] = [];
    const overCount: string[] = [];
    const overTotal: string[] = [];
    for (const file of uploaded) {
      const name = sanitizeFileName(file.originalname, '');
      const shownName = name || 'bestand';
      if (file.size > settings.maxFileBytes) {
        error(uploadTexts.tooLarge(shownName, settings.maxFileBytes));
        continue;
      }
      if (!(file.buffer instanceof Buffer)) {
        // Not kept by the storage: the request's files together were too large.
        overTotal.push(shownName);
        continue;
      }
      if (file.size === 0) {
        error(uploadTexts.empty(shownName));
        continue;
      }
      const type = await sniffFileType(file.buffer, name, settings.types);
      if (!type) {
        error(uploadTexts.notAccepted(shownName, settings.types));
        continue;
      }
      if (count + 1 > settings.maxFiles) {
        overCount.push(shownName);
        continue;
      }
      if (total + file.size > settings.maxTotalBytes) {
        overTotal.push(shownName);
        continue;
      }
      let found: unknown;
      if (settings.inspect) {
        const inspection = await settings.inspect(file.buffer, shownName);
        if ('refused' in inspection) {
          for (const text of inspection.refused) error(text);
          continue;
        }
        found = inspection.found;
      }
      findings.push(found);
      count += 1;
      total += file.size;
      accepted.push({ name: nameMatchingContent(name || 'bestand', type.mediaType), mediaType: type.mediaType, content: file.buffer });
    }
    if (overCount.length > 0) error(uploadTexts.tooMany(settings.maxFiles, overCount));
    if (overTotal.length > 0) error(uploadTexts.tooMuchTogether(settings.maxTotalBytes, overTotal));

    const staged = await stageFiles(db, owner, accepted, stagedMs);
    req.uploads = { files: [...kept, ...staged], errors, found: new Map(staged.map((f, i) => [f.id, findings[i]])) };
    next();
  };
}
