// A yearly campaign of a campaign-bound dossier type (Meting dagprijzen,
// Zorgaanbod): one Campaign row per type and year, read the same way by every
// type. What is particular to a type (the korting, the measurement date) is
// added by that type on top of this.
import { calendarDateOfDbDate, endOfBrusselsDay, formatCalendar, formatCalendarLong, startOfBrusselsDay, type CalendarDate } from '../../lib/dates.js';

export interface CampaignInfo {
  id: number;
  year: number;
  /** The type's title of the campaign: "Meting dagprijzen mei 2026", "Zorgaanbod 2026". */
  title: string;
  opening: CalendarDate;
  /** "15/04/2026", "15 april 2026" */
  openingText: string;
  openingLong: string;
  /** The last day of submission, inclusive; null for a campaign without one. */
  deadline: CalendarDate | null;
  /** "31/05/2026" ('' without a deadline), "31 mei 2026" (never without its year: it may fall in the next year). */
  deadlineText: string;
  deadlineLong: string | null;
}

export interface CampaignRow {
  id: number;
  year: number;
  openingDate: Date;
  deadline: Date | null;
}

/** A campaign row as the pages read it, with the type's title. */
export function campaignInfo(row: CampaignRow, title: string): CampaignInfo {
  const opening = calendarDateOfDbDate(row.openingDate);
  const deadline = row.deadline ? calendarDateOfDbDate(row.deadline) : null;
  return {
    id: row.id,
    year: row.year,
    title,
    opening,
    openingText: formatCalendar(opening),
    openingLong: formatCalendarLong(opening),
    deadline,
    deadlineText: deadline ? formatCalendar(deadline) : '',
    deadlineLong: deadline ? formatCalendarLong(deadline) : null,
  };
}

/** before the opening day, open, or closed after the deadline (never closed without one). */
export type CampaignPhase = 'before' | 'open' | 'closed';

export function campaignPhase(campaign: Pick<CampaignInfo, 'opening' | 'deadline'>, now: Date): CampaignPhase {
  if (now.getTime() < startOfBrusselsDay(campaign.opening).getTime()) return 'before';
  if (campaign.deadline && now.getTime() >= endOfBrusselsDay(campaign.deadline).getTime()) return 'closed';
  return 'open';
}
