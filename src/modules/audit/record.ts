// The audit trail's one way in (M28): every service that changes data calls
// recordAudit with its transaction client, so that the trail row and the
// change commit or roll back together. Facility pages pass their scoped
// transaction (the scope forces facilityId to the acting facility); the
// department's services pass the plain client's transaction.
import type { Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../auth/current-user.js';

/** The kinds of change the trail knows, grouped by feature. Add new kinds here. */
export const AUDIT_KINDS = {
  'contact.created': 'Contactpersoon toegevoegd',
  'contact.updated': 'Contactpersoon gewijzigd',
  'contact.removed': 'Contactpersoon verwijderd',
  'contact.confirmed': 'Contactpersoon bevestigd',
  'contact.confirmation-resent': 'Bevestigingsmail opnieuw verstuurd',
  'organisation.updated': 'Organisatiegegevens gewijzigd',
  'message.sent': 'Bericht verstuurd',
  'thread.contacts': 'Ontvangers van een bericht gewijzigd',
  'thread.assigned': 'Bericht toegewezen',
  'thread.bulk': 'Bericht aan meerdere voorzieningen verstuurd',
  'thread.handled': 'Bericht als afgehandeld gemarkeerd',
  'thread.reopened': 'Bericht heropend',
  'dossier.created': 'Dossier aangemaakt',
  'dossier.saved': 'Dossier bewaard',
  'dossier.submitted': 'Dossier ingediend',
  'dossier.reopened': 'Dossier heropend',
  'dossier.taken': 'Dossier in behandeling genomen',
  'dossier.assigned': 'Dossier toegewezen',
  'dossier.decided': 'Dossier afgehandeld',
  'campaign.created': 'Campagne aangemaakt',
  'campaign.updated': 'Campagne gewijzigd',
  'campaign.reminder_sent': 'Herinnering uiterste datum verstuurd',
  'export.downloaded': 'Export gedownload',
  'zorgaanbod.uploaded': 'Zorgaanbod-lijst opgeladen',
  'zorgaanbod.submitted': 'Zorgaanbod ingediend',
  'zorgaanbod.reopened': 'Zorgaanbod heropend',
  'helpdesk.answered': 'Helpdeskvraag beantwoord',
  'helpdesk.closed': 'Helpdeskvraag afgesloten',
  'mail.retried': 'E-mail opnieuw verstuurd',
  'price-index.added': 'Indexcijfer toegevoegd',
  'price-index.imported': 'Indexcijfers geïmporteerd',
  'facility.price-fields': 'Prijsgegevens van de voorziening gewijzigd',
} as const;

export type AuditKind = keyof typeof AUDIT_KINDS;

export interface AuditActor {
  userId: number | null;
  name: string;
}

export interface AuditEntry {
  actor: AuditActor;
  kind: AuditKind;
  /** The record changed: its model name and id. */
  record: { type: string; id: string | number | bigint };
  /** The facility acted for, or whose data a staff member changed. */
  facilityId?: number | null;
  /** The team a staff member acted for (its code). */
  teamCode?: string | null;
  /** One Dutch sentence for the trail's page. */
  summary: string;
  /** Further facts; never secrets, tokens or message bodies. */
  details?: Prisma.InputJsonValue;
}

/** Any client or transaction with the auditEvent delegate (plain or facility-scoped). */
export interface AuditWriter {
  auditEvent: { create(args: { data: Prisma.AuditEventUncheckedCreateInput }): PromiseLike<unknown> };
}

/**
 * The actor of a user, for src/modules/campaigns and src/modules/zorgaanbod
 * only, which are being rewritten. TODO after zorgaanbod merge: remove; routes
 * name the actor with requestActor(req) (src/auth/actor.ts).
 */
export function actorOf(user: Pick<CurrentUser, 'id' | 'givenName' | 'surname'> | undefined): AuditActor {
  if (!user) return { userId: null, name: 'Onbekend' };
  return { userId: user.id, name: `${user.givenName} ${user.surname}`.trim() };
}

/** Records one change; call it inside the transaction of the change. */
export async function recordAudit(tx: AuditWriter, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorUserId: entry.actor.userId,
      actorName: entry.actor.name,
      facilityId: entry.facilityId ?? null,
      teamCode: entry.teamCode ?? null,
      kind: entry.kind,
      recordType: entry.record.type,
      recordId: String(entry.record.id),
      summary: entry.summary,
      ...(entry.details === undefined ? {} : { details: entry.details }),
    },
  });
}
