import { describe, expect, it } from 'vitest';
import {
  brusselsDateOf,
  endOfBrusselsDay,
  formatDate,
  formatDateTime,
  formatLongDate,
  isOnOrBeforeDeadline,
  isWithinWindow,
  parseDate,
  startOfBrusselsDay,
} from '../../src/lib/dates.js';

describe('dates in Europe/Brussels', () => {
  it('formats as dd/mm/jjjj in Brussels time, whatever the instant in UTC', () => {
    // 31 May 22:30 UTC is already 1 June 00:30 in Brussels (summer time, UTC+2).
    expect(formatDate(new Date('2026-05-31T22:30:00Z'))).toBe('01/06/2026');
    expect(formatDateTime(new Date('2026-05-31T21:59:00Z'))).toBe('31/05/2026 23:59');
    // Winter time, UTC+1.
    expect(formatDateTime(new Date('2026-01-15T08:05:00Z'))).toBe('15/01/2026 09:05');
  });

  it('writes a long date in Dutch', () => {
    expect(formatLongDate(new Date('2026-05-01T10:00:00Z'))).toBe('1 mei 2026');
  });

  it('parses dd/mm/jjjj and refuses dates that do not exist', () => {
    expect(parseDate('31/05/2026')).toEqual({ year: 2026, month: 5, day: 31 });
    expect(parseDate('1/5/2026')).toEqual({ year: 2026, month: 5, day: 1 });
    expect(parseDate('29/02/2028')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseDate('29/02/2026')).toBeUndefined();
    expect(parseDate('31/04/2026')).toBeUndefined();
    expect(parseDate('2026-05-31')).toBeUndefined();
  });

  it('knows on which Brussels day an instant falls', () => {
    expect(brusselsDateOf(new Date('2026-05-31T22:30:00Z'))).toEqual({ year: 2026, month: 6, day: 1 });
  });

  it('starts and ends Brussels days at local midnight, in summer and winter time', () => {
    expect(startOfBrusselsDay({ year: 2026, month: 5, day: 31 }).toISOString()).toBe('2026-05-30T22:00:00.000Z');
    expect(endOfBrusselsDay({ year: 2026, month: 5, day: 31 }).toISOString()).toBe('2026-05-31T22:00:00.000Z');
    expect(startOfBrusselsDay({ year: 2026, month: 1, day: 15 }).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    // The day clocks go forward (29 March 2026) has 23 hours.
    expect(endOfBrusselsDay({ year: 2026, month: 3, day: 29 }).getTime() - startOfBrusselsDay({ year: 2026, month: 3, day: 29 }).getTime()).toBe(
      23 * 3600_000,
    );
  });

  it('includes the whole deadline day in Brussels, and not a minute more', () => {
    const deadline = { year: 2026, month: 5, day: 31 };
    expect(isOnOrBeforeDeadline(new Date('2026-05-31T21:59:59Z'), deadline)).toBe(true);
    expect(isOnOrBeforeDeadline(new Date('2026-05-31T22:00:00Z'), deadline)).toBe(false);
  });

  it('opens a window at local midnight of the opening day', () => {
    const opening = { year: 2026, month: 5, day: 1 };
    const deadline = { year: 2026, month: 5, day: 31 };
    expect(isWithinWindow(new Date('2026-04-30T21:59:59Z'), opening, deadline)).toBe(false);
    expect(isWithinWindow(new Date('2026-04-30T22:00:00Z'), opening, deadline)).toBe(true);
  });
});
