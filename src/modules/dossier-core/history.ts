// "Status en vooruitgang" (M31): a dossier's transitions as the facility and
// the department read them, oldest first.
import { formatDateTime } from '../../lib/dates.js';
import { dossierType } from './registry.js';
import { outcomeText, STATUS_TEXT, type DossierOutcome, type DossierStatus } from './type.js';

export interface HistoryEntry {
  status: DossierStatus;
  /** "ingediend", "in behandeling", "afgehandeld: goedgekeurd" */
  text: string;
  at: Date;
  /** "03/03/2026 14:05" */
  when: string;
  by: string;
  /** The reason of a reopening or the motivation of a decision. */
  reason: string | null;
}

interface EventReader {
  dossierEvent: {
    findMany(args: {
      where: { dossierId: number };
      orderBy: ({ at: 'asc' } | { id: 'asc' })[];
      select: { toStatus: true; outcome: true; reason: true; actorName: true; at: true };
    }): PromiseLike<{ toStatus: DossierStatus; outcome: DossierOutcome | null; reason: string | null; actorName: string; at: Date }[]>;
  };
}

/** The history of a dossier; read through the facility scope on facility pages. */
export async function dossierHistory(db: EventReader, dossier: { id: number; typeCode: string }): Promise<HistoryEntry[]> {
  const type = dossierType(dossier.typeCode);
  const events = await db.dossierEvent.findMany({
    where: { dossierId: dossier.id },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { toStatus: true, outcome: true, reason: true, actorName: true, at: true },
  });
  return events.map((e) => ({
    status: e.toStatus,
    text: e.outcome ? `${STATUS_TEXT[e.toStatus]}: ${outcomeText(type, e.outcome)}` : STATUS_TEXT[e.toStatus],
    at: e.at,
    when: formatDateTime(e.at),
    by: e.actorName,
    reason: e.reason,
  }));
}
