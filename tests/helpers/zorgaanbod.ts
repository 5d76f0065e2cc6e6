// Excel files for the Zorgaanbod tests, generated with ExcelJS (no binaries
// in the repository): the portal's own template filled in, a sheet with any
// header, and zip archives that are bombs.
import ExcelJS from 'exceljs';
import { crc32, deflateRawSync } from 'node:zlib';
import { templateWorkbook } from '../../src/modules/zorgaanbod/workbook.js';
import type { PrismaClient } from '../../src/db/client.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { COLUMNS } from '../../src/modules/zorgaanbod/columns.js';

export type Cell = ExcelJS.CellValue;

/** Valid RIZIV-nummers: 97 − (first six mod 97), and the newer 89 − (first six mod 89). */
export function riziv(body: number, qualification = '004', variant: 97 | 89 = 97): string {
  const check = variant - (body % variant);
  return `${String(body).padStart(6, '0')}${String(check).padStart(2, '0')}${qualification}`;
}

/** A valid line as the template takes it. */
export function gp(i: number, overrides: Partial<Record<(typeof COLUMNS)[number]['key'], Cell>> = {}): Cell[] {
  const line: Record<string, Cell> = {
    riziv: riziv(100000 + i),
    naam: `Naam${i}`,
    voornaam: `Voornaam${i}`,
    postcode: '1750',
    gemeente: 'Lennik',
    praktijkvorm: 'groep',
    halveDagen: 8,
    nieuwePatienten: 'ja',
    ...overrides,
  };
  return COLUMNS.map((c) => line[c.key] ?? null);
}

/** The portal's template with these lines from row 2. */
export async function filledTemplate(lines: Cell[][], year = 2026): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await templateWorkbook(year)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('template without sheet');
  lines.forEach((line, i) => {
    const row = sheet.getRow(i + 2);
    line.forEach((value, c) => {
      row.getCell(c + 1).value = value;
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook of one sheet with the given header and lines (not the template). */
export async function sheetWith(header: string[], lines: Cell[][] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Blad1');
  sheet.addRow(header);
  for (const line of lines) sheet.addRow(line);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const HEADERS = COLUMNS.map((c) => c.header);

interface ZipEntry {
  name: string;
  data: Buffer;
  deflate?: boolean;
  /** Declared uncompressed size, when it should lie. */
  declaredSize?: number;
}

/** A zip archive with stored or deflated entries, whose declared sizes may be made up. */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const size = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';

/** The parts that make a zip an .xlsx to a content sniffer, then `extra` entries. */
export function xlsxLike(extra: ZipEntry[]): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><workbook/>') },
    ...extra,
  ]);
}

/** 30 MB of zeros deflated to some kB: a ratio no spreadsheet has. */
export function zipBomb(): Buffer {
  return xlsxLike([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30 * 1024 * 1024), deflate: true }]);
}

/** Small entries declaring 60 MB each: more than the limit together. */
export function declaredTooLarge(): Buffer {
  return xlsxLike([1, 2].map((i) => ({ name: `xl/media/image${i}.bin`, data: Buffer.alloc(10), declaredSize: 60 * 1024 * 1024 })));
}

/** More entries than any spreadsheet of the template has. */
export function tooManyEntries(): Buffer {
  return xlsxLike(Array.from({ length: 300 }, (_, i) => ({ name: `xl/media/image${i}.png`, data: Buffer.from('x') })));
}

/** The start of an Excel 97-2003 (.xls) file: the OLE2 compound document signature. */
export function xls(): Buffer {
  const file = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file);
  return file;
}

/** The Zorgaanbod campaign 2026 (a Campaign of type zorgaanbod), open from 15 August without closing day. */
export function zorgaanbodCampaign2026(prisma: PrismaClient) {
  const openingDate = dbDateOf({ year: 2026, month: 8, day: 15 });
  return prisma.campaign.upsert({
    where: { typeCode_year: { typeCode: 'zorgaanbod', year: 2026 } },
    create: { typeCode: 'zorgaanbod', year: 2026, openingDate, facilityTypeCodes: ['huisartsenkring'], reminderDays: [] },
    update: { openingDate, deadline: null },
  });
}
