// Dates as the portal shows them (dd/mm/jjjj) and deadlines, always in
// Europe/Brussels whatever the server's time zone.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';

export const TIME_ZONE = 'Europe/Brussels';

/** A calendar day without time: what a deadline like "31 mei" is. */
export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const dateFormat = new Intl.DateTimeFormat('nl-BE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('nl-BE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const longDateFormat = new Intl.DateTimeFormat('nl-BE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** "31/05/2026" */
export function formatDate(instant: Date): string {
  return dateFormat.format(instant);
}

/** "31/05/2026 14:05" */
export function formatDateTime(instant: Date): string {
  return `${dateFormat.format(instant)} ${timeFormat.format(instant)}`;
}

/** "1 mei 2026" */
export function formatLongDate(instant: Date): string {
  return longDateFormat.format(instant);
}

/** Parses "dd/mm/jjjj" (also d/m/jjjj) into a real calendar date, or undefined. */
export function parseDate(input: string): CalendarDate | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(input.trim());
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** The calendar day in Brussels on which an instant falls. */
export function brusselsDateOf(instant: Date): CalendarDate {
  const zoned = new TZDate(instant.getTime(), TIME_ZONE);
  return { year: zoned.getFullYear(), month: zoned.getMonth() + 1, day: zoned.getDate() };
}

/** The instant a day starts in Brussels (00:00 local time, winter or summer time). */
export function startOfBrusselsDay(date: CalendarDate): Date {
  return new Date(new TZDate(date.year, date.month - 1, date.day, TIME_ZONE).getTime());
}

/** The first instant after a day in Brussels: a deadline "up to and including" that day ends here. */
export function endOfBrusselsDay(date: CalendarDate): Date {
  const next = addDays(new TZDate(date.year, date.month - 1, date.day, TIME_ZONE), 1);
  return new Date(next.getTime());
}

/** Whether `now` is still within a deadline that includes the whole day `deadline` in Brussels. */
export function isOnOrBeforeDeadline(now: Date, deadline: CalendarDate): boolean {
  return now.getTime() < endOfBrusselsDay(deadline).getTime();
}

/** Whether `now` is within [opening day 00:00, deadline day 24:00) in Brussels. */
export function isWithinWindow(now: Date, opening: CalendarDate, deadline: CalendarDate): boolean {
  return now.getTime() >= startOfBrusselsDay(opening).getTime() && isOnOrBeforeDeadline(now, deadline);
}

/** A PostgreSQL DATE as Prisma returns it (midnight UTC) as the calendar day it stands for. */
export function calendarDateOfDbDate(value: Date): CalendarDate {
  return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
}

/** A calendar day for a PostgreSQL DATE column (midnight UTC, whatever the server's zone). */
export function dbDateOf(date: CalendarDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day));
}

const dayMonthFormat = new Intl.DateTimeFormat('nl-BE', { timeZone: 'UTC', day: 'numeric', month: 'long' });
const calendarLongFormat = new Intl.DateTimeFormat('nl-BE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const calendarShortFormat = new Intl.DateTimeFormat('nl-BE', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });

/** "31 mei" */
export function formatDayMonth(date: CalendarDate): string {
  return dayMonthFormat.format(dbDateOf(date));
}

/** "1 mei 2026" */
export function formatCalendarLong(date: CalendarDate): string {
  return calendarLongFormat.format(dbDateOf(date));
}

/** "31/05/2026" */
export function formatCalendar(date: CalendarDate): string {
  return calendarShortFormat.format(dbDateOf(date));
}

/** The calendar day `days` after `date` (negative: before). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return calendarDateOfDbDate(new Date(dbDateOf(date).getTime() + days * 86_400_000));
}

/**
 * The Brussels wall-clock time of `instant` as a Date whose UTC fields hold it:
 * what a spreadsheet cell needs, since an Excel date has no time zone and
 * ExcelJS writes a Date's UTC fields.
 */
export function brusselsWallTime(instant: Date): Date {
  const zoned = new TZDate(instant.getTime(), TIME_ZONE);
  return new Date(Date.UTC(zoned.getFullYear(), zoned.getMonth(), zoned.getDate(), zoned.getHours(), zoned.getMinutes(), zoned.getSeconds()));
}
