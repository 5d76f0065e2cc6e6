// Reading an uploaded .xlsx at the cost of its data (issue 23): the streaming
// reader and the Zorgaanbod reading in its worker thread, against files whose
// attack is in their structure, and against mutated and random files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINES, READ_LIMITS } from '../../src/modules/zorgaanbod/columns.js';
import { ParsedList, readLines, readUpload, uploadRefusals } from '../../src/modules/zorgaanbod/workbook.js';
import { sniffFileType } from '../../src/uploads/sniff.js';
import { readXlsxRows, XlsxRefused, type XlsxValue } from '../../src/uploads/xlsx-reader.js';
import { lineXml, longSharedString, lyingEntry, manyRows, manySharedStrings, mergeBomb, minimalXlsx, validationBomb } from '../helpers/hostile-xlsx.js';
import { filledTemplate, gp, riziv, zipOf } from '../helpers/zorgaanbod.js';

const rowsOf = (content: Buffer, limits = READ_LIMITS) => {
  const rows: [number, (XlsxValue | undefined)[]][] = [];
  readXlsxRows(content, limits, (row, cells) => (rows.push([row, cells]), 'continue'));
  return rows;
};
const timed = async <T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> => {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
};

describe('the streaming xlsx reader', () => {
  it('reads the values of a file ExcelJS wrote: shared strings, numbers, row numbers, holes', async () => {
    const rows = rowsOf(await filledTemplate([gp(1, { halveDagen: 8, postcode: null }), [null], gp(3, { nieuwePatienten: true })]));
    expect(rows.map(([row]) => row)).toEqual([1, 2, 4]);
    expect(rows[1]?.[1]).toEqual([riziv(100001), 'Naam1', 'Voornaam1', undefined, 'Lennik', 'groep', 8, 'ja']);
    expect(rows[2]?.[1][7]).toBe(true);
  });

  it('never opens merge cells or data validations: a range over the whole sheet costs nothing', async () => {
    for (const file of [mergeBomb(), validationBomb()]) {
      const { value, ms } = await timed(() => rowsOf(file));
      expect(value).toHaveLength(2);
      // ExcelJS took 35 s and the whole heap for this file.
      expect(ms).toBeLessThan(2000);
    }
  });

  it('counts the bytes it inflates, not the declared size, and stops at the limit', () => {
    const lying = lyingEntry(24);
    expect(() => rowsOf(lying, { ...READ_LIMITS, maxElements: Number.MAX_SAFE_INTEGER })).toThrow(/inflates past the limit/);
    // The same with a lower byte limit: refused sooner, whatever the directory says.
    expect(() => rowsOf(minimalXlsx({ rows: lineXml(2).repeat(100) }), { ...READ_LIMITS, maxEntryBytes: 4096 })).toThrow(XlsxRefused);
  });

  it('stops at the element limit of an entry', () => {
    expect(() => rowsOf(lyingEntry(4))).toThrow(/more than 300000 elements/);
  });

  it('cuts a cell at the length limit while streaming, and bounds the shared strings', () => {
    const rows = rowsOf(longSharedString(3, 15_000));
    expect(rows[1]?.[1][1]).toHaveLength(READ_LIMITS.maxCellChars);
    expect(() => rowsOf(manySharedStrings(200_000))).toThrow(/too many shared strings/);
    const long = Array.from({ length: 100 }, () => 'y'.repeat(300));
    expect(() => rowsOf(minimalXlsx({ strings: long }), { ...READ_LIMITS, maxSharedChars: 10_000 })).toThrow(/shared strings too long/);
  });

  it('lets the caller stop: a sheet of 100,000 rows is not read to its end', async () => {
    let seen = 0;
    const read = readXlsxRows(manyRows(100_000), READ_LIMITS, () => (++seen > MAX_LINES + 1 ? 'stop' : 'continue'));
    expect(read.stopped).toBe(true);
    expect(seen).toBe(MAX_LINES + 2);
  });
});

describe('the type sniffer, the other reader of office files in the pipeline', () => {
  it('inflates no more than a bounded part of a lying [Content_Types].xml', async () => {
    const types = Buffer.concat([Buffer.from('<?xml version="1.0"?><Types xmlns="x">'), Buffer.alloc(64 * 1024 * 1024, ' ')]);
    const bomb = zipOf([{ name: '[Content_Types].xml', data: types, deflate: true, declaredSize: 1000 }]);
    const rss = process.memoryUsage.rss();
    expect(await sniffFileType(bomb, 'lijst.xlsx', ['xlsx'])).toBeUndefined();
    // file-type stops at 1 MB inflated per entry: nowhere near the 64 MB.
    expect(process.memoryUsage.rss() - rss).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('reading a Zorgaanbod upload in its worker thread', () => {
  const refusedWith = async (content: Buffer, message: string) => {
    expect(await readUpload(content)).toEqual({ refused: [message] });
  };

  it('reads the 1,878-byte merge range and a validation over the whole sheet as their one line', async () => {
    for (const file of [mergeBomb(), validationBomb()]) {
      const inspection = await readUpload(file);
      expect('found' in inspection && inspection.found instanceof ParsedList && inspection.found.lines.map((l) => l.errors)).toEqual([[]]);
    }
  });

  it('refuses an entry that inflates far past its declared size', async () => {
    await refusedWith(lyingEntry(24), uploadRefusals.bomb);
  });

  it('refuses 100,000 rows at the line limit', async () => {
    await refusedWith(manyRows(100_000), uploadRefusals.tooMany);
  });

  it('refuses a shared strings table of two million entries', async () => {
    await refusedWith(manySharedStrings(), uploadRefusals.bomb);
  });

  it('reads 5,000 lines that all point at one 15,000-character string, each value cut short', async () => {
    const inspection = await readUpload(longSharedString());
    if (!('found' in inspection) || !(inspection.found instanceof ParsedList)) throw new Error(JSON.stringify(inspection));
    expect(inspection.found.lines).toHaveLength(5000);
    expect(inspection.found.lines[0]?.errors).toEqual(['Naam is te lang: gebruik hoogstens 100 tekens']);
    // What a report would store stays small: no 15,000 characters per line.
    expect(JSON.stringify(inspection.found.lines).length).toBeLessThan(5000 * 1000);
  });
});

describe('any file, mutated or random', () => {
  // A refusal in Dutch or lines within the limits; never an exception.
  const judged = (content: Buffer) => {
    const outcome = readLines(content);
    if ('refused' in outcome) {
      expect(outcome.refused).toHaveLength(1);
      expect(outcome.refused[0]).toMatch(/^(Het bestand|De eerste rij|De lijst)/);
    } else {
      expect(outcome.lines.length).toBeGreaterThan(0);
      expect(outcome.lines.length).toBeLessThanOrEqual(MAX_LINES);
      for (const line of outcome.lines) for (const value of Object.values(line.values)) expect(value.length).toBeLessThanOrEqual(READ_LIMITS.maxCellChars);
    }
  };
  const valid = minimalXlsx({ rows: [2, 3, 4].map((r) => lineXml(r)).join('') });

  it('refuses or reads a valid file with bytes changed, cut or inserted', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let file = Buffer.from(valid);
        for (const m of mutations) {
          const at = m.at % file.length;
          if (m.kind === 'flip') Buffer.from(m.bytes).copy(file, at);
          else if (m.kind === 'cut') file = file.subarray(0, at);
          else file = Buffer.concat([file.subarray(0, at), m.bytes, file.subarray(at)]);
        }
        judged(file);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses or reads random bytes and random zips of xlsx parts', () => {
    const part = fc.constantFrom('xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', '[Content_Types].xml');
    const xml = fc
      .array(
        fc.oneof(
          fc.constantFrom('<sheet name="Huisartsen" r:id="rId1"/>', '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>', '<row r="2">', '</row>', '<c t="s">', '<c t="inlineStr"><is><t>', '</t></is></c>', '<v>', '</v>', '</c>', '<si><t>', '</t></si>', '<rPh>', '<mergeCell ref="A1:XFD1048576"/>'),
          fc.string({ maxLength: 20 }),
        ),
        { maxLength: 60 },
      )
      .map((pieces) => Buffer.from(pieces.join('')));
    const zip = fc.array(fc.record({ name: part, data: xml, deflate: fc.boolean(), lie: fc.option(fc.nat({ max: 2 ** 32 - 1 })) }), { maxLength: 6 }).map((entries) =>
      zipOf(entries.map((e) => ({ name: e.name, data: e.data, deflate: e.deflate, ...(e.lie === null ? {} : { declaredSize: e.lie }) }))),
    );
    fc.assert(
      fc.property(fc.oneof(zip, fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b))), (file) => judged(file)),
      { numRuns: 300 },
    );
  });

  it('refuses or reads mutated files in the worker thread too, within its limits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }), async (at, bytes) => {
        const file = Buffer.from(valid);
        Buffer.from(bytes).copy(file, at % file.length);
        const inspection = await readUpload(file);
        expect('refused' in inspection || ('found' in inspection && inspection.found instanceof ParsedList)).toBe(true);
      }),
      { numRuns: 4 },
    );
  });
});
