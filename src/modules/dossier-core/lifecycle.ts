// The one lifecycle of every dossier type (M31):
//
//   opmaak ──submit──> ingediend ──take──> in_behandeling ──decide──> afgehandeld (aanvaard | geweigerd)
//      ^                   │  └────────────decide / term─────────────────^
//      │                   └──reopen──> heropend ──submit──> ingediend ...
//
// Every transition is one conditional update on the dossier's status (and,
// where the actor saw a version, its version): a double click, two tabs or two
// colleagues make exactly one transition, the others get `stale`. In the same
// transaction it writes the history row (dossier_event), the audit trail row
// and the e-mail to the theme's confirmed contacts (for heropend and
// afgehandeld; a type sends its own summary on ingediend).
import { Prisma } from '../../generated/prisma/client.js';
import type { Config } from '../../config.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import { enqueueMail } from '../../mail/outbox.js';
import { absoluteUrl } from '../../mail/templates.js';
import { addCalendarDays, brusselsDateOf, calendarDateOfDbDate, dbDateOf, formatCalendar, formatDateTime } from '../../lib/dates.js';
import { recordAudit, type AuditActor, type AuditKind } from '../audit/index.js';
import { dossierType } from './registry.js';
import { EDITABLE_STATUSES, facilityLetterPath, outcomeText, WAITING_STATUSES, type DossierOutcome, type DossierStatus, type DossierType } from './type.js';

/** A transaction client: the plain one (department, portal) or a facility-scoped one cast to it. */
export type LifecycleTx = Prisma.TransactionClient;

/** Who acts: a person (facility user or staff member), or the portal itself (userId null). */
export interface LifecycleActor extends AuditActor {
  /** The team a staff member acts for. */
  teamCode?: string | null;
}

export const PORTAL_ACTOR: LifecycleActor = { userId: null, name: 'het e-loket' };

/**
 * correct: the facility takes a refused (geweigerd) dossier back to correct it
 * and submit it again; the refusal, its motivation and its letter stay in the
 * history.
 */
export type TransitionName = 'submit' | 'take' | 'decide' | 'reopen' | 'term' | 'correct';

/** From which statuses each transition may start. */
export const TRANSITIONS: Record<TransitionName, { from: readonly DossierStatus[]; to: DossierStatus }> = {
  submit: { from: EDITABLE_STATUSES, to: 'ingediend' },
  take: { from: ['ingediend'], to: 'in_behandeling' },
  decide: { from: WAITING_STATUSES, to: 'afgehandeld' },
  reopen: { from: WAITING_STATUSES, to: 'heropend' },
  term: { from: WAITING_STATUSES, to: 'afgehandeld' },
  correct: { from: ['afgehandeld'], to: 'heropend' },
};

const AUDIT_KIND: Record<TransitionName, AuditKind> = {
  submit: 'dossier.submitted',
  take: 'dossier.taken',
  decide: 'dossier.decided',
  reopen: 'dossier.reopened',
  term: 'dossier.decided',
  correct: 'dossier.reopened',
};

export interface TransitionRequest {
  dossierId: number;
  name: TransitionName;
  actor: LifecycleActor;
  /** The version the actor saw; omitted where any version will do (the department's and the portal's actions). */
  version?: number;
  outcome?: DossierOutcome;
  /** The reason of a reopening or the motivation of a decision. */
  reason?: string;
  /** Type-specific columns written with the transition (e.g. the submitter). */
  data?: Prisma.DossierUncheckedUpdateManyInput;
  /** Type-specific facts for the audit trail's row (e.g. the number of lines). */
  auditDetails?: Record<string, string | number | boolean | null>;
  /** The clock. */
  at: Date;
  /** The decision letter (decisionLetter() in letter.ts), stored with the decision in this transaction. */
  letter?: Uint8Array;
}

export interface TransitionDone {
  kind: 'done';
  dossier: { id: number; reference: string; facilityId: number; typeCode: string; version: number };
}

/** The dossier was not in a status the transition starts from, or another version: nothing changed. */
export interface TransitionStale {
  kind: 'stale';
  status: DossierStatus | undefined;
}

export type TransitionResult = TransitionDone | TransitionStale;

/** The last day of a term that starts on the day of `at` (calendar days, Europe/Brussels). */
export function termEnd(type: Pick<DossierType, 'termDays'>, at: Date): Date | null {
  if (type.termDays === undefined) return null;
  return dbDateOf(addCalendarDays(brusselsDateOf(at), type.termDays));
}

/**
 * One transition, in the caller's transaction: the conditional update, the
 * history row, the trail row and (heropend, afgehandeld) the e-mail.
 */
export async function transition(tx: LifecycleTx, config: Pick<Config, 'baseUrl'>, request: TransitionRequest): Promise<TransitionResult> {
  const { from, to } = TRANSITIONS[request.name];
  if ((request.name === 'decide' || request.name === 'term') && !request.outcome) throw new Error('a decision needs an outcome');
  const current = await tx.dossier.findUnique({ where: { id: request.dossierId }, select: { typeCode: true, status: true } });
  if (!current) return { kind: 'stale', status: undefined };
  const type = dossierType(current.typeCode);
  const decided = to === 'afgehandeld';
  const changed = await tx.dossier.updateMany({
    where: {
      id: request.dossierId,
      status: { in: [...from] },
      // Only a refusal is corrected: an accepted dossier stays afgehandeld.
      ...(request.name === 'correct' ? { outcome: 'geweigerd' as const } : {}),
      ...(request.version === undefined ? {} : { version: request.version }),
    },
    data: {
      ...request.data,
      status: to,
      version: { increment: 1 },
      // submitted_at is the last submission; no transition clears it, so it tells "submitted at least once" (the queue's 'alle').
      ...(request.name === 'submit' ? { submittedAt: request.at, termEndsOn: termEnd(type, request.at), outcome: null, decidedAt: null, motivation: null } : {}),
      ...(request.name === 'take' ? { handlerId: request.actor.userId } : {}),
      ...(decided ? { outcome: request.outcome ?? null, decidedAt: request.at, motivation: request.reason ?? null } : {}),
      ...(request.name === 'reopen' ? { reopenedAt: request.at, reopenedById: request.actor.userId, reopenReason: request.reason ?? null } : {}),
      ...(request.name === 'correct' ? { outcome: null, decidedAt: null, reopenReason: null } : {}),
    },
  });
  if (changed.count === 0) {
    const now = await tx.dossier.findUnique({ where: { id: request.dossierId }, select: { status: true } });
    return { kind: 'stale', status: now?.status };
  }
  const dossier = await tx.dossier.findUniqueOrThrow({
    where: { id: request.dossierId },
    select: { id: true, reference: true, facilityId: true, typeCode: true, version: true, termEndsOn: true, facility: { select: { name: true } } },
  });
  await tx.dossierEvent.create({
    data: {
      dossierId: dossier.id,
      facilityId: dossier.facilityId,
      fromStatus: current.status,
      toStatus: to,
      outcome: decided ? (request.outcome ?? null) : null,
      reason: request.reason ?? null,
      actorUserId: request.actor.userId,
      actorName: request.actor.name,
      at: request.at,
    },
  });
  if (decided && request.letter) {
    await tx.dossierLetter.create({ data: { dossierId: dossier.id, facilityId: dossier.facilityId, content: new Uint8Array(request.letter), size: request.letter.byteLength } });
  }
  if (decided && request.outcome === 'aanvaard' && type.onAccepted) {
    await type.onAccepted(tx, { id: dossier.id, facilityId: dossier.facilityId, decidedAt: request.at });
  }
  const outcome = decided && request.outcome ? outcomeText(type, request.outcome) : undefined;
  await recordAudit(tx, {
    actor: request.actor,
    kind: AUDIT_KIND[request.name],
    record: { type: 'Dossier', id: dossier.id },
    facilityId: dossier.facilityId,
    teamCode: request.actor.teamCode ?? null,
    summary: auditSummary(request.name, type, dossier, outcome),
    details: { reference: dossier.reference, type: type.code, from: current.status, to, ...(outcome ? { outcome: request.outcome } : {}), ...(request.reason ? { reason: request.reason } : {}), ...request.auditDetails },
  });
  // The facility's own correction needs no e-mail to itself; the department's reopening and decisions do.
  if ((to === 'heropend' && request.name === 'reopen') || to === 'afgehandeld') {
    await notifyContacts(tx, config, type, dossier, request, outcome);
  }
  return { kind: 'done', dossier: { id: dossier.id, reference: dossier.reference, facilityId: dossier.facilityId, typeCode: dossier.typeCode, version: dossier.version } };
}

function auditSummary(name: TransitionName, type: DossierType, dossier: { reference: string; facility: { name: string } }, outcome: string | undefined): string {
  const what = `${type.name} ${dossier.reference} van ${dossier.facility.name}`;
  switch (name) {
    case 'submit':
      return `${what} ingediend.`;
    case 'take':
      return `${what} in behandeling genomen.`;
    case 'correct':
      return `${what} heropend door de voorziening om de weigering te corrigeren.`;
    case 'reopen':
      return `${what} heropend.`;
    case 'decide':
      return `${what} afgehandeld: ${outcome ?? ''}.`;
    case 'term':
      return `${what} afgehandeld door het verstrijken van de termijn: ${outcome ?? ''}.`;
  }
}

/** The theme's confirmed contacts of the dossier's facility are told of a reopening or a decision. */
async function notifyContacts(
  tx: LifecycleTx,
  config: Pick<Config, 'baseUrl'>,
  type: DossierType,
  dossier: { id: number; reference: string; facilityId: number; facility: { name: string } },
  request: TransitionRequest,
  outcome: string | undefined,
): Promise<void> {
  const contacts = await tx.contactPerson.findMany({
    where: { facilityId: dossier.facilityId, confirmedAt: { not: null }, themes: { some: { theme: { slug: type.themeSlug } } } },
    select: { email: true },
  });
  if (contacts.length === 0) return;
  const reopened = request.name === 'reopen';
  const title = reopened ? `Uw dossier ${type.name} werd heropend` : `Uw dossier ${type.name} werd afgehandeld: ${outcome ?? ''}`;
  const first = reopened
    ? `Het Departement Zorg heeft het dossier ‘${type.name}’ van ${dossier.facility.name} (referentie ${dossier.reference}) op ${formatDateTime(request.at)} heropend. U kunt het opnieuw aanpassen en indienen.`
    : request.name === 'term'
      ? `De termijn voor het dossier ‘${type.name}’ van ${dossier.facility.name} (referentie ${dossier.reference}) is verstreken zonder beslissing van het Departement Zorg: het dossier is daardoor op ${formatDateTime(request.at)} stilzwijgend ${outcome ?? ''}.`
      : `Het Departement Zorg heeft het dossier ‘${type.name}’ van ${dossier.facility.name} (referentie ${dossier.reference}) op ${formatDateTime(request.at)} afgehandeld: ${outcome ?? ''}.`;
  const letter = !reopened && request.letter ? [`De beslissingsbrief (PDF) vindt u bij het dossier: ${absoluteUrl(config.baseUrl, type.letterPath?.(dossier.id) ?? facilityLetterPath(dossier.id))}`] : [];
  const paragraphs = [first, ...(request.reason ? [`${reopened ? 'Reden' : 'Motivering'}: ${request.reason}`] : []), ...letter];
  await enqueueMail(
    tx,
    {
      to: contacts.map((c) => c.email),
      subject: `${title} (${dossier.reference})`,
      template: 'notification',
      data: { title, paragraphs, action: { text: 'Open het dossier', path: type.facilityPath(dossier.id) } },
      facilityId: dossier.facilityId,
      cause: { type: 'dossier', id: dossier.id },
    },
    config,
  );
}

/**
 * "Corrigeren en opnieuw indienen": the acting facility takes its refused
 * dossier back (heropend) to correct and submit it again. Read and changed
 * through the facility scope, so another facility's id finds nothing; the
 * caller checks the type's role.
 */
export async function correctRefused(scope: FacilityScope, config: Pick<Config, 'baseUrl'>, request: { dossierId: number; version: number; actor: LifecycleActor; at: Date }): Promise<TransitionResult> {
  return scope.$transaction((tx) => transition(tx as unknown as LifecycleTx, config, { ...request, name: 'correct' }));
}

/** "uiterlijk tegen 2/04/2026": the last day of a dossier's term, as text. */
export function termEndText(termEndsOn: Date | null): string | null {
  return termEndsOn ? formatCalendar(calendarDateOfDbDate(termEndsOn)) : null;
}

export { Prisma };
