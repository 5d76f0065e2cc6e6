// Zip bombs (Q3): an office file is a zip archive. Before anything is
// inflated, the archive's central directory is read here with a small bounded
// parser (no inflation, at most one pass over the directory): the number of
// entries, the declared uncompressed sizes and their ratio to the compressed
// sizes must stay within the limits. This is only the cheap first filter: a
// declared size may lie, so the readers that inflate (src/uploads/xlsx-reader.ts)
// count the bytes they actually inflate and stop at their own limit.

export interface ZipLimits {
  /** At most this many entries (files and folders). */
  maxEntries: number;
  /** The declared uncompressed sizes of all entries together. */
  maxUncompressedBytes: number;
  /** An entry inflating to more than this many times its compressed size (above 1 MB) is refused. */
  maxRatio: number;
}

export type ZipVerdict =
  | { ok: true; entries: number; uncompressedBytes: number }
  | { ok: false; reason: 'not-zip' | 'too-many-entries' | 'too-large' | 'zip64' };

/** One entry as the central directory describes it (sizes as declared, untrusted). */
export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflated; anything else no office file uses. */
  method: number;
  /** General purpose flags; bit 0 is encryption. */
  flags: number;
  compressedSize: number;
  declaredSize: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

export type ZipDirectory = { ok: true; entries: ZipEntryInfo[] } | { ok: false; reason: 'not-zip' | 'too-many-entries' | 'zip64' };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** The central directory of `content`, read without inflating anything; at most `maxEntries` entries. */
export function readZipDirectory(content: Buffer, maxEntries: number): ZipDirectory {
  if (content.length < EOCD_SIZE) return { ok: false, reason: 'not-zip' };
  let eocd = -1;
  for (let p = content.length - EOCD_SIZE; p >= Math.max(0, content.length - EOCD_SIZE - MAX_COMMENT); p--) {
    if (content.readUInt32LE(p) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'not-zip' };
  const count = content.readUInt16LE(eocd + 10);
  const size = content.readUInt32LE(eocd + 12);
  const offset = content.readUInt32LE(eocd + 16);
  // ZIP64 markers: office files this small never need them; a bomb might.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: 'zip64' };
  if (count > maxEntries) return { ok: false, reason: 'too-many-entries' };
  if (offset + size > eocd) return { ok: false, reason: 'not-zip' };
  const entries: ZipEntryInfo[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || content.readUInt32LE(p) !== CENTRAL) return { ok: false, reason: 'not-zip' };
    const compressedSize = content.readUInt32LE(p + 20);
    const declaredSize = content.readUInt32LE(p + 24);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff) return { ok: false, reason: 'zip64' };
    const nameLength = content.readUInt16LE(p + 28);
    if (p + 46 + nameLength > eocd) return { ok: false, reason: 'not-zip' };
    entries.push({
      name: content.toString('utf8', p + 46, p + 46 + nameLength),
      method: content.readUInt16LE(p + 10),
      flags: content.readUInt16LE(p + 8),
      compressedSize,
      declaredSize,
      localOffset: content.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + content.readUInt16LE(p + 30) + content.readUInt16LE(p + 32);
  }
  return { ok: true, entries };
}

/** Reads the central directory of `content` and judges it against `limits`. */
export function checkZipLimits(content: Buffer, limits: ZipLimits): ZipVerdict {
  const directory = readZipDirectory(content, limits.maxEntries);
  if (!directory.ok) return directory;
  let total = 0;
  for (const { compressedSize, declaredSize } of directory.entries) {
    total += declaredSize;
    if (total > limits.maxUncompressedBytes) return { ok: false, reason: 'too-large' };
    if (declaredSize > 1024 * 1024 && declaredSize > Math.max(1, compressedSize) * limits.maxRatio) return { ok: false, reason: 'too-large' };
  }
  return { ok: true, entries: directory.entries.length, uncompressedBytes: total };
}
