// The Zorgaanbod columns, their rules and normalisation, the header check,
// duplicates, the zip limits and the template (M25).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { COLUMNS, markDuplicates, validateLine, type LineTexts } from '../../src/modules/zorgaanbod/columns.js';
import { cellText, headerProblems, ParsedList, readUpload, templateWorkbook, annotatedWorkbook } from '../../src/modules/zorgaanbod/workbook.js';
import { checkZipLimits } from '../../src/uploads/zip-limits.js';
import { declaredTooLarge, filledTemplate, gp, HEADERS, riziv, sheetWith, tooManyEntries, zipBomb } from '../helpers/zorgaanbod.js';

const parse = (key: (typeof COLUMNS)[number]['key'], text: string) => {
  const column = COLUMNS.find((c) => c.key === key);
  if (!column) throw new Error(key);
  return (column.parse as (t: string) => { ok: boolean; value?: unknown; error?: string })(text);
};
const valid: LineTexts = { riziv: riziv(123456), naam: 'Peeters', voornaam: 'An', postcode: '1750', gemeente: 'Lennik', praktijkvorm: 'groep', halveDagen: '8', nieuwePatienten: 'ja' };

describe('the columns of the Zorgaanbod Excel (defined once)', () => {
  it('are the eight columns of SPEC M25, in order', () => {
    expect(HEADERS).toEqual([
      'RIZIV-nummer',
      'Naam',
      'Voornaam',
      'Postcode praktijk',
      'Gemeente',
      'Praktijkvorm',
      'Aantal halve dagen consultatie per week',
      'Neemt nieuwe patiënten aan',
    ]);
  });

  it('accepts a RIZIV-nummer under both check variants (97 and 89), with punctuation', () => {
    expect(parse('riziv', '12345625004')).toEqual({ ok: true, value: '12345625004' });
    expect(parse('riziv', riziv(123456, '004', 89))).toEqual({ ok: true, value: '12345676004' });
    expect(parse('riziv', '1-23456-25-004')).toEqual({ ok: true, value: '12345625004' });
  });

  it('refuses a wrong check digit, a wrong length and an empty RIZIV-nummer, saying which', () => {
    expect(parse('riziv', '12345678901')).toEqual({ ok: false, error: 'RIZIV-nummer 12345678901: controlecijfer klopt niet' });
    expect(parse('riziv', '1234567890').error).toBe('RIZIV-nummer 1234567890: geef 11 cijfers op');
    expect(parse('riziv', 'abc').error).toContain('geef 11 cijfers op');
    expect(parse('riziv', '').error).toContain('RIZIV-nummer ontbreekt');
  });

  it('takes a Belgian postcode of 4 digits from 1000 to 9999', () => {
    expect(parse('postcode', '1000').ok).toBe(true);
    expect(parse('postcode', '9999').ok).toBe(true);
    for (const bad of ['999', '0999', '10000', '17a0', '']) expect(parse('postcode', bad).ok, bad).toBe(false);
    expect(parse('postcode', '999').error).toContain('Postcode praktijk 999: geef een Belgische postcode van 4 cijfers op');
  });

  it('takes solo, groep or wijkgezondheidscentrum in any case', () => {
    expect(parse('praktijkvorm', 'Wijkgezondheidscentrum')).toEqual({ ok: true, value: 'wijkgezondheidscentrum' });
    expect(parse('praktijkvorm', 'SOLO')).toEqual({ ok: true, value: 'solo' });
    expect(parse('praktijkvorm', 'duo').error).toBe('Praktijkvorm ‘duo’: kies solo, groep of wijkgezondheidscentrum');
  });

  it('takes a whole number of half days from 0 to 14', () => {
    expect(parse('halveDagen', '0')).toEqual({ ok: true, value: 0 });
    expect(parse('halveDagen', '14')).toEqual({ ok: true, value: 14 });
    for (const bad of ['15', '-1', '7.5', 'acht', '']) expect(parse('halveDagen', bad).ok, bad).toBe(false);
  });

  it('takes ja or nee as Ja, ja or JA', () => {
    for (const yes of ['Ja', 'ja', 'JA']) expect(parse('nieuwePatienten', yes)).toEqual({ ok: true, value: true });
    expect(parse('nieuwePatienten', 'NEE')).toEqual({ ok: true, value: false });
    expect(parse('nieuwePatienten', 'misschien').error).toBe('Neemt nieuwe patiënten aan ‘misschien’: vul ja of nee in');
  });

  it('requires naam, voornaam and gemeente', () => {
    const line = validateLine(5, { ...valid, naam: '', voornaam: '', gemeente: '' });
    expect(line.errors).toEqual([
      'Naam ontbreekt: vul de naam in',
      'Voornaam ontbreekt: vul de voornaam in',
      'Gemeente ontbreekt: vul de gemeente in',
    ]);
  });

  it('reports every error of a line, and normalises the valid values', () => {
    const line = validateLine(3, { ...valid, riziv: '12345678901', postcode: '12', praktijkvorm: 'GROEP' });
    expect(line.row).toBe(3);
    expect(line.errors).toHaveLength(2);
    expect(line.values.praktijkvorm).toBe('groep');
  });

  it('reports a RIZIV-nummer that appears twice on both lines', () => {
    const lines = [validateLine(2, valid), validateLine(3, { ...valid, riziv: riziv(222222) }), validateLine(7, valid)];
    markDuplicates(lines);
    expect(lines[0]?.errors).toEqual([`RIZIV-nummer ${valid.riziv} staat meer dan eens in de lijst: ook op lijn 7`]);
    expect(lines[2]?.errors).toEqual([`RIZIV-nummer ${valid.riziv} staat meer dan eens in de lijst: ook op lijn 2`]);
    expect(lines[1]?.errors).toEqual([]);
  });
});

describe('reading Excel cells', () => {
  it('trims text, writes numbers without exponent and reads booleans as ja/nee', () => {
    expect(cellText('  Peeters  ')).toBe('Peeters');
    expect(cellText(12345625004)).toBe('12345625004');
    expect(cellText(8)).toBe('8');
    expect(cellText(7.5)).toBe('7.5');
    expect(cellText(true)).toBe('ja');
    expect(cellText(null)).toBe('');
  });

  it('reads a number Excel shows as a date back as the number', () => {
    // Excel serial 8 in a date-formatted cell: ExcelJS counts from 30 December 1899.
    expect(cellText(new Date(Date.UTC(1900, 0, 7)))).toBe('8');
    expect(cellText(new Date(Date.UTC(1902, 8, 26)))).toBe('1000');
  });

  it('reads rich text, formulas (their result) and hyperlinks as their text', () => {
    expect(cellText({ richText: [{ text: 'De ' }, { text: 'Smet' }] })).toBe('De Smet');
    expect(cellText({ formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue)).toBe('2');
    expect(cellText({ text: 'Gent', hyperlink: 'https://gent.be' })).toBe('Gent');
  });
});

describe('the header row', () => {
  it('matches the template regardless of case and spacing', () => {
    expect(headerProblems(HEADERS.map((h) => ` ${h.toUpperCase()} `))).toEqual([]);
  });

  it('names missing and misplaced columns with their letters', () => {
    const swapped = [...HEADERS];
    [swapped[1], swapped[2]] = [swapped[2] ?? '', swapped[1] ?? ''];
    expect(headerProblems(swapped)).toEqual([
      'kolom ‘Naam’ staat in kolom C maar hoort in kolom B',
      'kolom ‘Voornaam’ staat in kolom B maar hoort in kolom C',
    ]);
    expect(headerProblems(HEADERS.filter((h) => h !== 'Gemeente'))).toContain('kolom ‘Gemeente’ ontbreekt (hoort in kolom E)');
  });
});

describe('the zip limits, from the central directory before anything is inflated', () => {
  const limits = { maxEntries: 200, maxUncompressedBytes: 100 * 1024 * 1024, maxRatio: 200 };

  it('lets the template through', async () => {
    const verdict = checkZipLimits(await templateWorkbook(2026), limits);
    expect(verdict.ok).toBe(true);
  });

  it('refuses too many entries, declared sizes over the limit and an extreme compression ratio', () => {
    expect(checkZipLimits(tooManyEntries(), limits)).toEqual({ ok: false, reason: 'too-many-entries' });
    expect(checkZipLimits(declaredTooLarge(), limits)).toEqual({ ok: false, reason: 'too-large' });
    expect(checkZipLimits(zipBomb(), limits)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('refuses what is no zip at all, or a cut-off directory', async () => {
    expect(checkZipLimits(Buffer.from('RIZIV;Naam\n'), limits)).toEqual({ ok: false, reason: 'not-zip' });
    const template = await templateWorkbook(2026);
    const broken = Buffer.from(template);
    // Point the directory past the end-of-directory record.
    const eocd = broken.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    broken.writeUInt32LE(broken.length, eocd + 16);
    expect(checkZipLimits(broken, limits)).toEqual({ ok: false, reason: 'not-zip' });
  });
});

describe('reading an upload', () => {
  const found = async (content: Buffer) => {
    const inspection = await readUpload(content);
    if (!('found' in inspection) || !(inspection.found instanceof ParsedList)) throw new Error(JSON.stringify(inspection));
    return inspection.found;
  };

  it('reads the filled template: numbers as text and text as numbers, Excel row numbers, empty rows skipped', async () => {
    const list = await found(
      await filledTemplate([
        gp(1, { riziv: Number(riziv(100001)), postcode: 1750, halveDagen: '8', nieuwePatienten: 'JA' }),
        [null, null, null, null, null, null, null, null],
        gp(3, { naam: '  Spaties  ' }),
      ]),
    );
    expect(list.lines.map((l) => l.row)).toEqual([2, 4]);
    expect(list.errorCount).toBe(0);
    expect(list.lines[0]?.values).toMatchObject({ riziv: riziv(100001), postcode: '1750', halveDagen: '8', nieuwePatienten: 'ja' });
    expect(list.lines[1]?.values.naam).toBe('Spaties');
  });

  it('refuses a wrong header naming the columns, an empty list and a bomb', async () => {
    const wrong = await readUpload(await sheetWith(['RIZIV', 'Naam']));
    expect(wrong).toEqual({ refused: [expect.stringContaining('kolom ‘RIZIV-nummer’ ontbreekt (hoort in kolom A)')] });
    expect(await readUpload(await filledTemplate([]))).toEqual({ refused: ['De lijst is leeg: vul vanaf rij 2 minstens één huisarts in.'] });
    expect(await readUpload(zipBomb())).toEqual({ refused: [expect.stringContaining('te veel of te grote onderdelen')] });
  });

  it('refuses more than 5,000 lines', async () => {
    const lines = Array.from({ length: 5001 }, (_, i) => gp(i));
    expect(await readUpload(await sheetWith(HEADERS, lines))).toEqual({ refused: [expect.stringContaining('meer dan 5.000 lijnen')] });
  });

  it('annotates the user\'s own file with a column Fouten, replacing an earlier one', async () => {
    const content = await filledTemplate([gp(1), gp(2, { postcode: '12' })]);
    const list = await found(content);
    const once = await annotatedWorkbook(content, list.lines);
    const twice = await annotatedWorkbook(once, list.lines);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(twice as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(9).value).toBe('Fouten');
    expect(sheet?.getRow(1).getCell(10).value).toBeNull();
    expect(sheet?.getRow(2).getCell(9).value).toBeNull();
    expect(String(sheet?.getRow(3).getCell(9).value)).toBe('1 fout: Postcode praktijk 12: geef een Belgische postcode van 4 cijfers op (1000 tot 9999)');
    // The annotated file is read again as it is: the extra column does not disturb the header.
    expect((await found(twice)).lines).toHaveLength(2);
  });
});

describe('the template', () => {
  it('has the header row locked on a protected sheet, data validation per column and the instructions', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateWorkbook(2026)) as unknown as ArrayBuffer);
    const [data, info] = workbook.worksheets;
    expect(data?.name).toBe('Huisartsen');
    expect(info?.name).toBe('Instructies');
    expect(HEADERS.map((_, i) => data?.getRow(1).getCell(i + 1).value)).toEqual(HEADERS);
    // Data cells are unlocked through their column's style; the header cells are not (locked is Excel's default).
    expect(data?.getColumn(1).style.protection).toMatchObject({ locked: false });
    expect(data?.getRow(1).getCell(1).protection?.locked).not.toBe(false);
    expect((data as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    const validations = (data as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }).dataValidations.model;
    // ExcelJS reads a range's validation back per cell: rows 2 to 5001, not the header.
    expect(validations.F2).toMatchObject({ type: 'list', formulae: ['"solo,groep,wijkgezondheidscentrum"'] });
    expect(validations.F5001).toMatchObject({ type: 'list' });
    expect(validations.F1).toBeUndefined();
    expect(validations.G2).toMatchObject({ type: 'whole', formulae: [0, 14] });
    expect(validations.H2).toMatchObject({ type: 'list', formulae: ['"ja,nee"'] });
    expect(validations.D2).toMatchObject({ type: 'whole', formulae: [1000, 9999] });
    const infoText = info?.getSheetValues().flat().join(' ') ?? '';
    expect(infoText).toContain('eerstelijn@vlaanderen.be');
  });
});
