// One upload pipeline for the whole portal (message attachments, the
// Zorgaanbod upload, ...). How a feature uses it:
//
// 1. The route. `services.uploads` (src/services.ts) registers upload routes,
//    so that the global CSRF check lets their multipart bodies through to the
//    upload middleware, which checks the token right after parsing:
//
//      const accept = uploads.acceptUploads({ field: 'bijlagen' });
//      uploads.post(router, '/berichten/nieuw', requireFacilityUser(prisma), accept, async (req, res) => {
//        const { files, errors } = uploadsOf(req);  // the other fields are in req.body, flat as in urlencoded forms
//        ...validate req.body; on any error (errors or yours): status 400 and
//           re-render the form with `field: fileFieldView(accept, files)`; the files stay staged
//        ...on success, in the transaction that saves the message:
//           const attached = await claimUploads(tx, { ids: files.map((f) => f.id), facilityId, userId });
//           then link `attached` to the message (e.g. a MessageAttachment table
//           with a unique storedFileId; StoredFile knows nothing of its owner).
//           StagedFilesUnavailable (a file claimed meanwhile from another tab,
//           or expired) rolls the transaction back: show the form again.
//      });
//
//    List files with `select: STORED_FILE_INFO` (or include it): never load
//    `content` except for a download.
//
//    A route that only some facilities, or only at some moments, may post to
//    passes `allow` (acceptUploads({ ..., allow: async (req) => refusal })):
//    it runs before the body is read, so a refused file is never kept,
//    sniffed or parsed (src/modules/zorgaanbod/routes.ts does so).
//
//    `path` is the full path (mount the router at the root). A multipart POST
//    to any other path is refused by the global CSRF check. The form puts its
//    `_csrf` field first (a body cut short by a limit still carries it), has
//    enctype="multipart/form-data", and draws the field with the macro
//    fileField of views/macros/file-field.njk: `field: fileFieldView(accept)`
//    on the empty form, `fileFieldView(accept, files)` when shown again.
//
// 2. The limits: src/config.ts (UPLOAD_MAX_FILE_MB 10, UPLOAD_MAX_TOTAL_MB 25
//    for all files of one submission including kept ones, UPLOAD_MAX_FILES
//    10, UPLOAD_STAGED_HOURS 24); acceptUploads({ maxFiles, maxFileBytes,
//    maxTotalBytes, types }) may only lower them. Types (by content, never by
//    name): pdf, docx, xlsx, odt, ods, png, jpg, txt, csv. A stored name ends in
//    an extension of its type (`nameMatchingContent`, src/uploads/names.ts).
//
// 3. Downloads, through the facility scope (another facility's id, a staged
//    file or a bad id: null, so 404):
//
//      router.get('/bijlagen/:id', requireFacilityUser(prisma), async (req, res) => {
//        const file = await findStoredFile(facilityContext(req).scope, req.params.id);
//        if (!file) throw new NotFound();
//        sendStoredFile(res, file);
//      });
//
// 4. The department's pages (behind requireStaff, no acting facility) pass
//    `owner: 'staff'`: the files are staged for the staff member's
//    user with no facility, and claimUploads(tx, { ..., facilityId: <the
//    thread's facility>, stagedByStaff: true }) makes them that facility's.
//
// 5. Staged files nobody claims are deleted after UPLOAD_STAGED_HOURS by
//    startUploadPurge (started by the server).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Config, UploadLimits } from '../config.js';
import type { UploadRouteMatcher } from '../middleware/csrf.js';
import { acceptUploadsMiddleware, resolveSettings, type AcceptOptions, type AcceptSettings, type UploadResult } from './accept.js';
import { uploadHint } from './texts.js';
import type { StagingClient, StoredFileInfo } from './storage.js';

export {
  claimUploads,
  discardStagedFiles,
  findStoredFile,
  purgeExpiredUploads,
  StagedFilesUnavailable,
  STORED_FILE_INFO,
  type StoredFileInfo,
  type StoredFileContent,
  type StagingClient,
} from './storage.js';
export { sendStoredFile } from './download.js';
export { startUploadPurge } from './purge.js';
export { keptFieldName, type AcceptOptions, type AllowUpload, type InspectFile, type Inspection, type Refusal, type UploadResult } from './accept.js';
export { formatFileSize } from './texts.js';

const SETTINGS = Symbol('upload settings');
const MATCHED = Symbol('upload route matched');

/** An upload middleware, carrying its settings (the file field is drawn from them). */
export type UploadMiddleware = RequestHandler & { [SETTINGS]: AcceptSettings };

/** What the macro fileField (views/macros/file-field.njk) needs as `field`. */
export interface FileFieldView {
  name: string;
  id: string;
  /** The name of the checkboxes of kept files. */
  keptName: string;
  /** Names the limits and the types. */
  hint: string;
  /** The input's accept attribute: a convenience for the file picker, never a check. */
  accept: string;
  /** The files kept from an earlier attempt, listed with a checkbox each. */
  kept: StoredFileInfo[];
  /** Whether several files may be chosen at once (a route with maxFiles 1 takes one). */
  multiple: boolean;
}

/** The file field of an upload route's form; `kept` are the files of uploadsOf(req) when the form is shown again. */
export function fileFieldView(middleware: UploadMiddleware, kept: StoredFileInfo[] = []): FileFieldView {
  const settings = middleware[SETTINGS];
  return {
    name: settings.field,
    id: settings.id,
    keptName: settings.keptField,
    hint: uploadHint(settings, settings.types),
    accept: settings.types.flatMap((t) => (t === 'jpg' ? ['.jpg', '.jpeg'] : [`.${t}`])).join(','),
    kept,
    multiple: settings.maxFiles > 1,
  };
}

export interface Uploads extends UploadRouteMatcher {
  limits: UploadLimits;
  /** The middleware of an upload route: parse, check the CSRF token, judge and stage the files, set req.uploads. */
  acceptUploads(options: AcceptOptions): UploadMiddleware;
  /** `router.post(path, ...handlers)`, registered as an upload route; one of the handlers must be an acceptUploads middleware. */
  post(router: Router, path: string, ...handlers: RequestHandler[]): void;
}

type Marked = Request & { [MATCHED]?: boolean };

/** `staffStaging`: the client through which staff upload routes (`owner: 'staff'`) stage their files. */
export function createUploads(config: Pick<Config, 'uploads'>, staffStaging: StagingClient): Uploads {
  // Upload routes as a router of their own, so Express matches paths exactly as it will for the real route.
  const gate = Router();
  return {
    limits: config.uploads,
    acceptUploads(options) {
      const settings = resolveSettings(config.uploads, options, staffStaging);
      return Object.assign(acceptUploadsMiddleware(settings, config.uploads.stagedMs), { [SETTINGS]: settings });
    },
    post(router, path, ...handlers) {
      // Fails at start-up rather than letting a multipart POST past the CSRF check unchecked.
      if (!handlers.some((h) => SETTINGS in h)) throw new Error(`upload route ${path} has no acceptUploads middleware`);
      gate.post(path, (req: Marked, _res, next) => {
        req[MATCHED] = true;
        next();
      });
      router.post(path, ...handlers);
    },
    isUploadRoute(req: Marked, res: Response) {
      return new Promise<boolean>((resolve, reject) => {
        gate(req, res, (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(req[MATCHED] === true)));
      });
    },
  };
}

/** The files of an upload route, in a handler after its acceptUploads middleware. */
export function uploadsOf(req: Request): UploadResult {
  if (!req.uploads) throw new Error('this route has no acceptUploads middleware');
  return req.uploads;
}
