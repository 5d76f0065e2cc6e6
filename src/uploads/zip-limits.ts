// Zip bombs (Q3): an office file is a zip archive, and the spreadsheet
// library inflates every entry into memory. Before anything is inflated, the
// archive's central directory is read here with a small bounded parser (no
// inflation, at most one pass over the directory): the number of entries, the
// declared uncompressed sizes and their ratio to the compressed sizes must
// stay within the limits. A declared size that lies is caught by JSZip itself,
// which refuses an entry whose inflated length differs from the declared one.

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

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** Reads the central directory of `content` and judges it against `limits`. */
export function checkZipLimits(content: Buffer, limits: ZipLimits): ZipVerdict {
  if (content.length < EOCD_SIZE) return { ok: false, reason: 'not-zip' };
  let eocd = -1;
  for (let p = content.length - EOCD_SIZE; p >= Math.max(0, content.length - EOCD_SIZE - MAX_COMMENT); p--) {
    if (content.readUInt32LE(p) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'not-zip' };
  const entries = content.readUInt16LE(eocd + 10);
  const size = content.readUInt32LE(eocd + 12);
  const offset = content.readUInt32LE(eocd + 16);
  // ZIP64 markers: office files this small never need them; a bomb might.
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: 'zip64' };
  if (entries > limits.maxEntries) return { ok: false, reason: 'too-many-entries' };
  if (offset + size > eocd) return { ok: false, reason: 'not-zip' };
  let total = 0;
  let p = offset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > eocd || content.readUInt32LE(p) !== CENTRAL) return { ok: false, reason: 'not-zip' };
    const compressed = content.readUInt32LE(p + 20);
    const uncompressed = content.readUInt32LE(p + 24);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: 'zip64' };
    total += uncompressed;
    if (total > limits.maxUncompressedBytes) return { ok: false, reason: 'too-large' };
    if (uncompressed > 1024 * 1024 && uncompressed > Math.max(1, compressed) * limits.maxRatio) return { ok: false, reason: 'too-large' };
    p += 46 + content.readUInt16LE(p + 28) + content.readUInt16LE(p + 30) + content.readUInt16LE(p + 32);
  }
  return { ok: true, entries, uncompressedBytes: total };
}
