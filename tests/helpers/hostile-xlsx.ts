// Hostile .xlsx files for the reading limits (issue 23), generated from
// their XML: small files whose attack is in the structure. Used by the tests
// and by `npm run bench:zorgaanbod`.
import { zipOf } from './zorgaanbod.js';
import { COLUMNS } from '../../src/modules/zorgaanbod/columns.js';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Huisartsen" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>';
const SHEET_START = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const inline = (text: string) => `<c t="inlineStr"><is><t>${escape(text)}</t></is></c>`;
/** The template's header as row 1, with inline strings. */
export const HEADER_ROW = `<row r="1">${COLUMNS.map((c) => inline(c.header)).join('')}</row>`;

/** A valid RIZIV-nummer for body `i` (as tests/helpers/zorgaanbod.ts makes them). */
const riziv = (body: number) => `${body}${String(97 - (body % 97)).padStart(2, '0')}004`;
/** A valid line as compact XML cells: numbers and shared strings 0..2 ("groep", "Lennik", "ja"). */
export const lineXml = (row: number, naam = `<c t="s"><v>3</v></c>`) =>
  `<row r="${row}"><c><v>${riziv(100000 + (row % 800000))}</v></c>${naam}<c t="s"><v>3</v></c><c><v>1750</v></c><c t="s"><v>1</v></c><c t="s"><v>0</v></c><c><v>8</v></c><c t="s"><v>2</v></c></row>`;
const BASE_STRINGS = ['groep', 'Lennik', 'ja', 'Peeters'];
const sharedStrings = (strings: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
  strings.map((s) => `<si><t>${escape(s)}</t></si>`).join('') +
  '</sst>';

/** An xlsx whose data sheet has `sheetData` (the rows' XML) after the header, then `afterSheetData`. */
export function minimalXlsx({
  rows = lineXml(2),
  afterSheetData = '',
  strings = BASE_STRINGS,
  sheet,
  sharedXml,
  declaredSheetSize,
}: {
  rows?: string;
  afterSheetData?: string;
  strings?: string[];
  /** The sheet's whole XML instead. */
  sheet?: Buffer;
  sharedXml?: Buffer;
  declaredSheetSize?: number;
} = {}): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
    { name: 'xl/sharedStrings.xml', data: sharedXml ?? Buffer.from(sharedStrings(strings)), deflate: true },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: sheet ?? Buffer.from(`${SHEET_START}${HEADER_ROW}${rows}</sheetData>${afterSheetData}</worksheet>`),
      deflate: true,
      ...(declaredSheetSize === undefined ? {} : { declaredSize: declaredSheetSize }),
    },
  ]);
}

/** Issue 23's 1,878-byte killer: one merge range over nearly the whole sheet. */
export const mergeBomb = () => minimalXlsx({ afterSheetData: '<mergeCells count="1"><mergeCell ref="A4:XFD1048576"/></mergeCells>' });

/** A data validation over the same range. */
export const validationBomb = () =>
  minimalXlsx({ afterSheetData: '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A2:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>' });

/** A sheet entry that declares 1,000 bytes and inflates to `mb` MB of empty rows. */
export function lyingEntry(mb = 64): Buffer {
  const filler = Buffer.alloc(mb * 1024 * 1024, '<row/>');
  return minimalXlsx({ sheet: Buffer.concat([Buffer.from(SHEET_START + HEADER_ROW), filler, Buffer.from('</sheetData></worksheet>')]), declaredSheetSize: 1000 });
}

/** `count` valid lines after the header. */
export function manyRows(count: number): Buffer {
  const rows: string[] = [];
  for (let i = 0; i < count; i++) rows.push(lineXml(i + 2));
  return minimalXlsx({ rows: rows.join('') });
}

/** `lines` lines whose Naam is one shared string of `chars` characters. */
export function longSharedString(lines = 5000, chars = 15_000): Buffer {
  const rows: string[] = [];
  for (let i = 0; i < lines; i++) rows.push(lineXml(i + 2, '<c t="s"><v>4</v></c>'));
  return minimalXlsx({ rows: rows.join(''), strings: [...BASE_STRINGS, 'x'.repeat(chars)] });
}

/** A shared strings table of `count` one-character entries. */
export function manySharedStrings(count = 2_000_000): Buffer {
  const entry = '<si><t>a</t></si>';
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}">`);
  return minimalXlsx({ sharedXml: Buffer.concat([head, Buffer.alloc(count * entry.length, entry), Buffer.from('</sst>')]) });
}
