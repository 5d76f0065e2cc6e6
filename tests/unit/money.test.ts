import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../src/lib/money.js';

describe('parseMoney', () => {
  it.each([
    ['6,29', 629],
    ['1.234,50', 123450],
    ['45', 4500],
    ['6,2', 620],
    ['0,01', 1],
    ['1234,5', 123450],
    [' 12,00 ', 1200],
    ['€ 7,15', 715],
    ['1.000.000', 100000000],
  ])('reads %s as %i cents', (input, cents) => {
    expect(parseMoney(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'Vul een bedrag in.'],
    ['-5', 'Het bedrag mag niet negatief zijn.'],
    ['6,299', 'Gebruik hoogstens twee cijfers na de komma.'],
    ['6.29', 'Vul een bedrag in euro in, met een komma voor de centen, bijvoorbeeld 6,29.'],
    ['zes euro', 'Vul een bedrag in euro in, met een komma voor de centen, bijvoorbeeld 6,29.'],
    ['1.23,00', 'Vul een bedrag in euro in, met een komma voor de centen, bijvoorbeeld 6,29.'],
  ])('rejects %j with a Dutch message', (input, error) => {
    expect(parseMoney(input)).toEqual({ ok: false, error });
  });

  it('never goes through floating point (0,29 + 0,01 stays exact)', () => {
    const a = parseMoney('0,29');
    const b = parseMoney('0,01');
    expect(a.ok && b.ok && a.cents + b.cents).toBe(30);
  });
});

describe('formatMoney', () => {
  it.each([
    [629, '6,29'],
    [123450, '1.234,50'],
    [4500, '45,00'],
    [1, '0,01'],
    [0, '0,00'],
    [100000000, '1.000.000,00'],
    [-629, '-6,29'],
  ])('writes %i cents as %s', (cents, text) => {
    expect(formatMoney(cents)).toBe(text);
  });

  it('round-trips what it writes', () => {
    for (const cents of [1, 99, 629, 123450, 987654321]) {
      expect(parseMoney(formatMoney(cents))).toEqual({ ok: true, cents });
    }
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatMoney(6.5)).toThrow(RangeError);
  });
});
