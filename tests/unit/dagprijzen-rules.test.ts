import { describe, expect, it } from 'vitest';
import { capacityTotal, nettoText, parseDraft, submissionErrors, type DraftLine } from '../../src/modules/dossiers/schemas.js';
import { formatMoneyPlain } from '../../src/lib/money.js';
import { csvField, neutralizeFormula } from '../../src/lib/spreadsheet.js';

const line = (over: Partial<DraftLine>): DraftLine => ({ luik: 1, kamertype: 'WZC éénpersoonskamer', beschrijving: '', capaciteit: 2, priceCents: 4500, ...over });

describe('the nettoprijs', () => {
  it('is the brutoprijs minus the korting, exactly, with a decimal comma', () => {
    expect(nettoText('66,29', 629)).toBe('60,00');
    expect(nettoText('6,30', 629)).toBe('0,01');
    expect(nettoText('1.000,10', 629)).toBe('993,81');
    expect(nettoText('66.29', 629)).toBe('');
    expect(nettoText('', 629)).toBe('');
  });
});

describe('parseDraft', () => {
  it('keeps empty fields empty and reads a price with one decimal as cents', () => {
    const result = parseDraft({ 1: [{ kamertype: 'WZC éénpersoonskamer', beschrijving: ' x ', capaciteit: '', prijs: '45,5' }], 2: [] });
    expect(result).toEqual({ ok: true, lines: [line({ beschrijving: 'x', capaciteit: null, priceCents: 4550 })] });
  });

  it('refuses a description with a line break', () => {
    const result = parseDraft({ 1: [{ kamertype: 'WZC éénpersoonskamer', beschrijving: 'a\nb', capaciteit: '', prijs: '' }], 2: [] });
    expect(result.ok).toBe(false);
  });
});

describe('submissionErrors at the boundaries', () => {
  it.each([
    [line({ kamertype: 'WZC tweepersoonskamer', capaciteit: 6 }), 0],
    [line({ kamertype: 'WZC tweepersoonskamer', capaciteit: 5 }), 1],
    [line({ capaciteit: 1 }), 0],
    [line({ capaciteit: 0 }), 1],
    [line({ priceCents: 1 }), 0],
    [line({ priceCents: 0 }), 1],
    [line({ luik: 2, priceCents: 630 }), 0],
    [line({ luik: 2, priceCents: 629 }), 1],
    [line({ capaciteit: null }), 1],
    [line({ priceCents: null }), 1],
  ])('%o gives %i errors', (l, count) => {
    expect(submissionErrors([l], 629)).toHaveLength(count);
  });

  it('sums the capaciteit of both Luiken', () => {
    expect(capacityTotal([line({ capaciteit: 6 }), line({ luik: 2, capaciteit: 4 })])).toBe(10);
  });
});

describe('export cells', () => {
  it.each(['=1+1', '+32', '-5', '@SUM(A1)', '\tx', '\rx'])('neutralises %j', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });
  it('leaves other text alone and quotes CSV separators', () => {
    expect(neutralizeFormula('WZC')).toBe('WZC');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('zeg "hoi"')).toBe('"zeg ""hoi"""');
    expect(formatMoneyPlain(123456)).toBe('1234,56');
  });
});
