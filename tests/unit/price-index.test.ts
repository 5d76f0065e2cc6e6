import { describe, expect, it } from 'vitest';
import { applyPercentage, formatPercentage, parseIndexMonth, percentageBetween } from '../../src/modules/price-index/index.js';
import { parseIndexFile } from '../../src/modules/price-index/csv-file.js';
import { parseIndexValue } from '../../src/modules/price-index/figures.js';

const NOVEMBER_2026 = { year: 2026, month: 11 };
const file = (text: string) => parseIndexFile(Buffer.from(text, 'utf8'), NOVEMBER_2026);

describe('the indexering percentage (M34): index(last) / index(start) - 1, rounded half up to two decimals', () => {
  it('matches hand-computed examples', () => {
    // 124,15 / 120,00 - 1 = 0,0345833… -> 3,46 %
    expect(percentageBetween(12000, 12415)).toBe(346);
    expect(formatPercentage(percentageBetween(12000, 12415))).toBe('3,46');
    // 132,45 / 128,16 - 1 = 0,0334737… -> 3,35 %
    expect(percentageBetween(12816, 13245)).toBe(335);
    // The same month: 0,00 %.
    expect(percentageBetween(13245, 13245)).toBe(0);
  });

  it('rounds a percentage ending in 5 at the third decimal up', () => {
    // 128,16 / 128,00 - 1 = 0,00125 exactly -> 0,13 % (a float computes 0,0012499… and would give 0,12)
    expect(percentageBetween(12800, 12816)).toBe(13);
    // 202,49 / 200,00 - 1 = 0,01245 exactly -> 1,25 %
    expect(percentageBetween(20000, 20249)).toBe(125);
    // Just below the half: 202,48 / 200,00 - 1 = 0,0124 -> 1,24 %
    expect(percentageBetween(20000, 20248)).toBe(124);
  });

  it('rounds a falling index symmetrically, halves away from zero', () => {
    // 127,84 / 128,00 - 1 = -0,00125 -> -0,13 %
    expect(percentageBetween(12800, 12784)).toBe(-13);
    expect(formatPercentage(-13)).toBe('-0,13');
  });

  it('applies a percentage to a price in cents, rounded half up to the cent', () => {
    // 65,00 euro + 3,46 % = 67,249 -> 67,25
    expect(applyPercentage(6500, 346)).toBe(6725);
    // 50,00 euro + 0,13 % = 50,065 exactly -> 50,07
    expect(applyPercentage(5000, 13)).toBe(5007);
  });
});

describe('index months and figures as typed', () => {
  it('reads 2026-10 and 10/2026, and refuses a month that does not exist', () => {
    expect(parseIndexMonth('2026-10')).toEqual({ ok: true, value: { year: 2026, month: 10 } });
    expect(parseIndexMonth('10/2026')).toEqual({ ok: true, value: { year: 2026, month: 10 } });
    expect(parseIndexMonth('2026-13')).toMatchObject({ ok: false, error: expect.stringContaining('bestaat niet') });
    expect(parseIndexMonth('oktober')).toMatchObject({ ok: false, error: expect.stringContaining('jjjj-mm') });
  });

  it('reads a figure with a decimal comma or point, at most two decimals', () => {
    expect(parseIndexValue('132,45')).toEqual({ ok: true, value: 13245 });
    expect(parseIndexValue('132.4')).toEqual({ ok: true, value: 13240 });
    expect(parseIndexValue('132,455')).toMatchObject({ ok: false, error: 'Het indexcijfer heeft hoogstens twee cijfers na de komma.' });
    expect(parseIndexValue('0')).toMatchObject({ ok: false });
  });
});

describe('the CSV file of figures', () => {
  it('reads maand;index lines after an optional header, counting a repeated line once', () => {
    const parsed = file('\uFEFFmaand;index\r\n2026-09;132,18\r\n\r\n2026-10;132,45\r\n2026-10;132,45\r\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines).toEqual([
      { line: 2, month: { year: 2026, month: 9 }, hundredths: 13218 },
      { line: 4, month: { year: 2026, month: 10 }, hundredths: 13245 },
    ]);
    expect(parsed.repeated).toBe(1);
  });

  it('names every malformed line by its number, in Dutch', () => {
    const parsed = file('maand;index\n2026-09;132,18\n2026-13;132,00\n2026-08\n2026-07;abc\n2026-06;131,90\n2026-06;131,95\n2027-01;140,00\n');
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5, 7, 8]);
    expect(parsed.errors[0]?.text).toMatch(/^Regel 3: de maand “2026-13” bestaat niet/);
    expect(parsed.errors[1]?.text).toMatch(/^Regel 4: verwacht zijn twee velden/);
    expect(parsed.errors[2]?.text).toMatch(/^Regel 5: schrijf het indexcijfer als een getal/);
    expect(parsed.errors[3]?.text).toBe('Regel 7: de maand 2026-06 staat al op regel 6 met een ander cijfer (131,90).');
    expect(parsed.errors[4]?.text).toMatch(/^Regel 8: de maand 2027-01 ligt in de toekomst/);
  });

  it('reads Statbel\'s open-data columns, only the lines of base year 2013', () => {
    const parsed = file('NM_YR|NM_MTH|NM_BASE_YR|MS_CPI_IDX|MS_CPI_INFL\n2026|10|2013|132.45|0.031\n2026|10|2004|160.02|0.031\n2026|9|2013|132.18|0.03\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => [l.line, l.month.month, l.hundredths])).toEqual([
      [2, 10, 13245],
      [4, 9, 13218],
    ]);
  });

  it('refuses a file without figures, and a file of too many lines before judging one', () => {
    expect(file('maand;index\n').errors[0]?.text).toContain('bevat geen indexcijfers');
    expect(file('x\n'.repeat(20_002)).errors).toEqual([{ line: 20_001, text: 'Het bestand telt meer dan 20000 regels. Verdeel het over meerdere bestanden.' }]);
  });
});
