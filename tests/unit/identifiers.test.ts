import { describe, expect, it } from 'vitest';
import {
  formatInsz,
  formatKbo,
  formatRiziv,
  isValidInsz,
  isValidKbo,
  isValidRiziv,
  normalizeInsz,
  normalizeKbo,
} from '../../src/lib/identifiers.js';

describe('INSZ', () => {
  it('accepts a number of someone born before 2000', () => {
    expect(isValidInsz('78041215386')).toBe(true);
  });
  it('accepts a number of someone born in 2000 or later (check over "2" + nine digits)', () => {
    expect(isValidInsz('03051706438')).toBe(true);
    // The same digits checked without the leading 2 would give another check number.
    expect(isValidInsz('03051706485')).toBe(false);
  });
  it('accepts the usual punctuation and stores digits only', () => {
    expect(normalizeInsz('78.04.12-153.86')).toBe('78041215386');
  });
  it('rejects a wrong check number, a wrong length and letters', () => {
    expect(isValidInsz('78041215387')).toBe(false);
    expect(isValidInsz('7804121538')).toBe(false);
    expect(isValidInsz('7804121538a')).toBe(false);
    expect(isValidInsz('')).toBe(false);
  });
  it('formats as YY.MM.DD-XXX.CC', () => {
    expect(formatInsz('78041215386')).toBe('78.04.12-153.86');
  });
});

describe('KBO number', () => {
  it('accepts a valid ondernemingsnummer with or without punctuation and BE prefix', () => {
    expect(normalizeKbo('0412345614')).toBe('0412345614');
    expect(normalizeKbo('0412.345.614')).toBe('0412345614');
    expect(normalizeKbo('BE 0412.345.614')).toBe('0412345614');
  });
  it('rejects a wrong check number or length', () => {
    expect(isValidKbo('0412345615')).toBe(false);
    expect(isValidKbo('412345614')).toBe(false);
  });
  it('formats as 0XXX.XXX.XXX', () => {
    expect(formatKbo('0412345614')).toBe('0412.345.614');
  });
});

describe('RIZIV number', () => {
  it('accepts the mod-97 check', () => {
    // 112345: 97 - (112345 mod 97) = 78
    expect(isValidRiziv('11234578003')).toBe(true);
  });
  it('accepts the newer mod-89 check', () => {
    // 112345: 89 - (112345 mod 89) = 62
    expect(isValidRiziv('11234562003')).toBe(true);
  });
  it('rejects other check digits and wrong lengths', () => {
    expect(isValidRiziv('11234577003')).toBe(false);
    expect(isValidRiziv('1123457800')).toBe(false);
  });
  it('formats as X-XXXXX-XX-XXX', () => {
    expect(formatRiziv('11234578003')).toBe('1-12345-78-003');
  });
});
