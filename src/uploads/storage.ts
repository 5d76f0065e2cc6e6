// Uploaded files in PostgreSQL (table stored_file): staged when a form is
// posted, claimed by the submission that carries them in its own
// transaction, purged when nobody claimed them in time.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import type { FacilityScope } from '../auth/facility-scope.js';
import { Prisma } from '../generated/prisma/client.js';

/** What a form and a message show of a file: never its content. */
export interface StoredFileInfo {
  id: number;
  name: string;
  mediaType: string;
  size: number;
}

/** A file with its content, for a download. */
export interface StoredFileContent extends StoredFileInfo {
  content: Uint8Array;
}

export const STORED_FILE_INFO = { id: true, name: true, mediaType: true, size: true } as const;

export interface NewFile {
  name: string;
  mediaType: string;
  content: Buffer;
}

const STORED_FILE_CONTENT = { ...STORED_FILE_INFO, content: true } as const;

/** The part of a client that stages and finds files: the facility scope, or the plain client on the department's pages. */
export interface StagingClient {
  storedFile: {
    createManyAndReturn(args: { data: Prisma.StoredFileCreateManyInput[]; select: typeof STORED_FILE_INFO }): PromiseLike<StoredFileInfo[]>;
    findMany(args: { where: Prisma.StoredFileWhereInput; select: typeof STORED_FILE_INFO }): PromiseLike<StoredFileInfo[]>;
    findFirst(args: { where: Prisma.StoredFileWhereInput; select: typeof STORED_FILE_CONTENT }): PromiseLike<StoredFileContent | null>;
  };
}

/**
 * Whose staged files they are: a user acting for a facility (the facility
 * pages, through the facility scope), or a staff member's user with no
 * facility (facilityId null; the department's pages).
 */
export interface UploadOwner {
  userId: number;
  facilityId: number | null;
}

/** Stores accepted files of a form as staged (unclaimed), owned by `owner`. */
export async function stageFiles(db: StagingClient, owner: UploadOwner, files: NewFile[], stagedMs: number): Promise<StoredFileInfo[]> {
  if (files.length === 0) return [];
  const expiresAt = new Date(Date.now() + stagedMs);
  return db.storedFile.createManyAndReturn({
    data: files.map((f) => ({
      // On facility pages the facility is forced by the scope as well.
      facilityId: owner.facilityId,
      uploadedById: owner.userId,
      name: f.name,
      mediaType: f.mediaType,
      size: f.content.length,
      sha256: createHash('sha256').update(f.content).digest('hex'),
      content: new Uint8Array(f.content),
      expiresAt,
    })),
    select: STORED_FILE_INFO,
  });
}

/** Of `ids`, the staged files this owner may still submit (the others are ignored), in the given order. */
export async function findStagedFiles(db: StagingClient, owner: UploadOwner, ids: number[]): Promise<StoredFileInfo[]> {
  if (ids.length === 0) return [];
  const found = await db.storedFile.findMany({
    where: { id: { in: ids }, uploadedById: owner.userId, facilityId: owner.facilityId, claimedAt: null, expiresAt: { gt: new Date() } },
    select: STORED_FILE_INFO,
  });
  const byId = new Map(found.map((f) => [f.id, f]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Deletes staged files of this user in the acting facility that a route turned down after all (nothing claimed is touched). */
export async function discardStagedFiles(scope: FacilityScope, userId: number, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await scope.storedFile.deleteMany({ where: { id: { in: ids }, uploadedById: userId, claimedAt: null } });
}

/** Thrown by claimUploads when a file can no longer be claimed (claimed by another submission meanwhile, or expired). */
export class StagedFilesUnavailable extends Error {
  constructor(readonly missingIds: number[]) {
    super(`staged files no longer claimable: ${missingIds.join(', ')}`);
    this.name = 'StagedFilesUnavailable';
  }
}

/** The part of a Prisma client (a transaction, scoped or not) that claimUploads needs. */
export type ClaimClient = Pick<PrismaClient, '$queryRaw'>;

/**
 * Inside the caller's transaction: marks the staged files `ids` of this user
 * and facility as claimed and returns them, so the caller links them to its
 * row (a message, an upload) in the same transaction. Throws
 * StagedFilesUnavailable (the transaction then rolls back) when any id is not
 * an unclaimed, unexpired file of this user and facility. `stagedByStaff`:
 * the files were staged by a staff member (no facility) and now become the
 * files of `facilityId` (the facility of the thread they are sent on).
 */
export async function claimUploads(
  tx: ClaimClient,
  { ids, facilityId, userId, stagedByStaff = false }: { ids: number[]; facilityId: number; userId: number; stagedByStaff?: boolean },
): Promise<StoredFileInfo[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const staged = stagedByStaff ? Prisma.sql`facility_id IS NULL` : Prisma.sql`facility_id = ${facilityId}`;
  const claimed = await tx.$queryRaw<StoredFileInfo[]>`
    UPDATE stored_file SET claimed_at = now(), facility_id = ${facilityId}
    WHERE id = ANY(${unique}::int[]) AND ${staged} AND uploaded_by_id = ${userId}
      AND claimed_at IS NULL AND expires_at > now()
    RETURNING id, name, media_type AS "mediaType", size`;
  if (claimed.length !== unique.length) {
    const found = new Set(claimed.map((f) => f.id));
    throw new StagedFilesUnavailable(unique.filter((id) => !found.has(id)));
  }
  const byId = new Map(claimed.map((f) => [f.id, f]));
  return unique.flatMap((id) => byId.get(id) ?? []);
}

/** Deletes the staged files nobody claimed before they expired; returns how many. */
export async function purgeExpiredUploads(prisma: PrismaClient, now: Date = new Date()): Promise<number> {
  const { count } = await prisma.storedFile.deleteMany({ where: { claimedAt: null, expiresAt: { lte: now } } });
  return count;
}

/**
 * A submitted (claimed) file of the acting facility, with its content, for a
 * download; null for an id that is not a number, another facility's file or a
 * file still staged. The department's pages pass the plain client, after
 * checking that the file belongs to a message the staff member may read.
 */
export async function findStoredFile(scope: StagingClient, id: unknown): Promise<StoredFileContent | null> {
  const fileId = typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
  if (fileId === undefined) return null;
  return scope.storedFile.findFirst({ where: { id: fileId, claimedAt: { not: null } }, select: STORED_FILE_CONTENT });
}
