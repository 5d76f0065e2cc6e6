// Reading an uploaded .xlsx at the cost of its data (issue 23): only the
// cell values of one worksheet and the shared strings they point to are read,
// as a stream. Merge cells, data validations, styles, drawings and every other
// part are never opened, so a range like A4:XFD1048576 costs its 20 bytes.
//
// Every entry is inflated (fflate) in small steps and the bytes it actually
// yields are counted, per entry and in total: a declared size is never trusted.
// The XML goes through a SAX parser (saxes) as it is inflated; a cell's text is
// cut at a length limit while it streams, the shared strings table is bounded
// in count and total length, and the caller stops the reading at its line
// limit. Everything here is synchronous and meant to run in a worker thread
// with a memory and a time limit (src/lib/worker-task.ts).
import { Inflate } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { readZipDirectory, type ZipEntryInfo } from './zip-limits.js';

export interface XlsxReadLimits {
  /** Inflated bytes of all entries read together (counted, not declared). */
  maxInflatedBytes: number;
  /** Inflated bytes of one entry. */
  maxEntryBytes: number;
  /** Entries in the archive's directory. */
  maxEntries: number;
  /** XML elements of one entry: what the parser's time grows with (an empty `<row/>` is 6 bytes). */
  maxElements: number;
  /** Cells right of this column (1-based) are skipped. */
  maxColumns: number;
  /** A cell's text is cut after this many characters. */
  maxCellChars: number;
  /** Entries in the shared strings table. */
  maxSharedStrings: number;
  /** Characters of the shared strings table together (each string already cut at maxCellChars). */
  maxSharedChars: number;
}

/** A cell's value as stored: text, a number (dates are Excel serial numbers), a boolean. */
export type XlsxValue = string | number | boolean;

/** Why a file is refused: not an xlsx we can read, or over one of the limits. */
export type XlsxRefusal = 'unreadable' | 'too-large' | 'no-sheet';

export class XlsxRefused extends Error {
  constructor(
    readonly reason: XlsxRefusal,
    detail: string,
  ) {
    super(`xlsx refused (${reason}): ${detail}`);
    this.name = 'XlsxRefused';
  }
}

/** What the caller answers for each row: go on, or stop reading here. */
export type RowVerdict = 'continue' | 'stop';

export interface XlsxSheetRead {
  /** The name of the worksheet read. */
  sheetName: string;
  /** Whether the caller stopped the reading before the sheet's end. */
  stopped: boolean;
}

/**
 * Reads the worksheet named `preferredSheet` (else the first one) of `content`
 * and calls `onRow` for every row that holds a value, in order, with its
 * 1-based Excel row number and its cells (index 0 is column A; a hole is
 * undefined). Throws XlsxRefused when the file is no readable xlsx or goes over
 * a limit.
 */
export function readXlsxRows(
  content: Buffer,
  limits: XlsxReadLimits,
  onRow: (row: number, cells: (XlsxValue | undefined)[]) => RowVerdict,
  preferredSheet?: string,
): XlsxSheetRead {
  const directory = readZipDirectory(content, limits.maxEntries);
  if (!directory.ok) throw new XlsxRefused(directory.reason === 'too-many-entries' ? 'too-large' : 'unreadable', directory.reason);
  const entries = new Map(directory.entries.map((e) => [e.name, e]));
  const budget = { left: limits.maxInflatedBytes };
  const read = (name: string, handle: (parser: SaxesParser) => void): boolean => {
    const entry = entries.get(name);
    if (!entry) return false;
    streamEntry(content, entry, budget, limits, handle);
    return true;
  };

  const sheets: { name: string; relationship: string }[] = [];
  const found = read('xl/workbook.xml', (parser) =>
    parser.on('opentag', (tag) => {
      if (localName(tag.name) !== 'sheet' || sheets.length >= 256) return;
      const relationship = Object.entries(tag.attributes).find(([key]) => localName(key) === 'id')?.[1];
      if (relationship !== undefined) sheets.push({ name: tag.attributes.name ?? '', relationship });
    }),
  );
  if (!found) throw new XlsxRefused('unreadable', 'no xl/workbook.xml');
  const targets = new Map<string, { target: string; type: string }>();
  read('xl/_rels/workbook.xml.rels', (parser) =>
    parser.on('opentag', (tag) => {
      if (localName(tag.name) !== 'Relationship' || targets.size >= 1024) return;
      targets.set(tag.attributes.Id ?? '', { target: tag.attributes.Target ?? '', type: tag.attributes.Type ?? '' });
    }),
  );
  const sheet = sheets.find((s) => s.name === preferredSheet) ?? sheets[0];
  const sheetTarget = sheet && targets.get(sheet.relationship)?.target;
  if (!sheet || !sheetTarget) throw new XlsxRefused('no-sheet', 'no worksheet');
  const sharedTarget = [...targets.values()].find((t) => t.type.endsWith('/sharedStrings'))?.target ?? 'sharedStrings.xml';

  const shared = readSharedStrings(read, partName(sharedTarget), limits);
  const sheetPart = partName(sheetTarget);
  if (!entries.has(sheetPart)) throw new XlsxRefused('no-sheet', `no part ${sheetPart}`);
  try {
    read(sheetPart, (parser) =>
      readCells(parser, shared, limits, (row, cells) => {
        if (onRow(row, cells) === 'stop') throw new Stop();
      }),
    );
  } catch (error) {
    if (error instanceof Stop) return { sheetName: sheet.name, stopped: true };
    throw error;
  }
  return { sheetName: sheet.name, stopped: false };
}

/** Thrown inside the parser's handlers to end the reading early; never leaves this module. */
class Stop extends Error {}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** A relationship target of the workbook as a zip entry name ("worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml"). */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

// The compressed data is pushed in steps this small so that one step inflates
// to at most about 1032 times as much (deflate's maximum ratio) before it is counted.
const STEP = 4 * 1024;

/** Inflates one entry in steps, counting the bytes, and feeds them as text to a fresh SAX parser. */
function streamEntry(
  content: Buffer,
  entry: ZipEntryInfo,
  budget: { left: number },
  { maxEntryBytes, maxElements }: Pick<XlsxReadLimits, 'maxEntryBytes' | 'maxElements'>,
  handle: (parser: SaxesParser) => void,
): void {
  if (entry.flags & 1) throw new XlsxRefused('unreadable', `${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new XlsxRefused('unreadable', `${entry.name}: compression method ${entry.method}`);
  const at = entry.localOffset;
  if (at + 30 > content.length || content.readUInt32LE(at) !== 0x04034b50) throw new XlsxRefused('unreadable', `${entry.name}: no local header`);
  const start = at + 30 + content.readUInt16LE(at + 26) + content.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > content.length) throw new XlsxRefused('unreadable', `${entry.name}: cut off`);

  const parser = new SaxesParser();
  handle(parser);
  // Counted on an event the parts' handlers leave free, whatever they read.
  let elements = 0;
  parser.on('opentagstart', () => {
    if (++elements > maxElements) throw new XlsxRefused('too-large', `${entry.name} has more than ${maxElements} elements`);
  });
  const decoder = new TextDecoder('utf-8');
  let inflated = 0;
  const take = (chunk: Uint8Array) => {
    inflated += chunk.length;
    budget.left -= chunk.length;
    if (inflated > maxEntryBytes || budget.left < 0) throw new XlsxRefused('too-large', `${entry.name} inflates past the limit`);
    parser.write(decoder.decode(chunk, { stream: true }));
  };
  try {
    if (entry.method === 0) {
      for (let p = start; p < end; p += STEP) take(content.subarray(p, Math.min(end, p + STEP)));
    } else {
      const inflate = new Inflate((chunk) => take(chunk));
      for (let p = start; p < end; p += STEP) inflate.push(content.subarray(p, Math.min(end, p + STEP)), p + STEP >= end);
      if (start === end) inflate.push(new Uint8Array(0), true);
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof XlsxRefused || error instanceof Stop) throw error;
    // fflate's "invalid block type" and the like, saxes' well-formedness errors.
    throw new XlsxRefused('unreadable', `${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The shared strings table, each string cut at maxCellChars; refused past its count or total length. */
function readSharedStrings(read: (name: string, handle: (parser: SaxesParser) => void) => boolean, name: string, limits: XlsxReadLimits): string[] {
  const strings: string[] = [];
  let total = 0;
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  read(name, (parser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const tagName = localName(tag.name);
      if (tagName === 'si') {
        if (strings.length >= limits.maxSharedStrings) throw new XlsxRefused('too-large', 'too many shared strings');
        current = '';
      } else if (tagName === 'rPh') phonetic++;
      else if (tagName === 't' && phonetic === 0) inText = true;
    });
    parser.on('text', (text) => {
      if (!inText || current === undefined || current.length >= limits.maxCellChars) return;
      current += text.slice(0, limits.maxCellChars - current.length);
    });
    parser.on('closetag', (tag) => {
      const tagName = localName(tag.name);
      if (tagName === 't') inText = false;
      else if (tagName === 'rPh') phonetic--;
      else if (tagName === 'si' && current !== undefined) {
        total += current.length;
        if (total > limits.maxSharedChars) throw new XlsxRefused('too-large', 'shared strings too long');
        strings.push(current);
        current = undefined;
      }
    });
  });
  return strings;
}

/** Column index (0-based) of a cell reference like "AB12"; -1 when it has none. */
function columnOf(reference: string): number {
  let column = 0;
  let i = 0;
  for (; i < reference.length && i < 4; i++) {
    const code = reference.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return i === 0 ? -1 : column - 1;
}

/** Reads `<row>`/`<c>` of a worksheet, calling `onRow` for each row with a value. */
function readCells(parser: SaxesParser, shared: string[], limits: XlsxReadLimits, onRow: (row: number, cells: (XlsxValue | undefined)[]) => void): void {
  let rowNumber = 0;
  let cells: (XlsxValue | undefined)[] = [];
  let column = -1;
  let type = '';
  let text: string | undefined;
  let inValue = false;
  let phonetic = 0;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    switch (localName(tag.name)) {
      case 'row': {
        const r = Number(tag.attributes.r);
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = [];
        column = -1;
        break;
      }
      case 'c': {
        const at = columnOf(tag.attributes.r ?? '');
        column = at >= 0 ? at : column + 1;
        type = tag.attributes.t ?? 'n';
        text = undefined;
        break;
      }
      case 'v':
        inValue = column < limits.maxColumns;
        text = '';
        break;
      case 'rPh':
        phonetic++;
        break;
      case 't':
        if (type === 'inlineStr' && phonetic === 0) {
          inValue = column < limits.maxColumns;
          text ??= '';
        }
        break;
    }
  });
  parser.on('text', (chunk) => {
    if (!inValue || text === undefined || text.length >= limits.maxCellChars) return;
    text += chunk.slice(0, limits.maxCellChars - text.length);
  });
  parser.on('closetag', (tag) => {
    switch (localName(tag.name)) {
      case 'v':
      case 't':
        inValue = false;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c': {
        if (column < 0 || column >= limits.maxColumns || text === undefined) break;
        const value = cellValue(type, text, shared);
        if (value !== undefined) cells[column] = value;
        break;
      }
      case 'row':
        if (cells.some((c) => c !== undefined)) onRow(rowNumber, cells);
        break;
    }
  });
}

function cellValue(type: string, text: string, shared: string[]): XlsxValue | undefined {
  switch (type) {
    case 's':
      return shared[Number(text)];
    case 'str':
    case 'inlineStr':
      return text;
    case 'b':
      return text.trim() === '1';
    case 'e':
      // An error cell (#N/B, ...): nothing usable.
      return undefined;
    default: {
      if (text.trim() === '') return undefined;
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
  }
}
