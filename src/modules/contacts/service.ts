// The Contactenmodule (M8-M12): organisation data, contact persons, their
// confirmation and the e-mails every change sends. Reads and writes go
// through the facility scope; every change and its e-mails commit together,
// within the mail quotas. createContactsService (below) is what routes get.
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { PrismaClient } from '../../db/client.js';
import type { Logger } from '../../logger.js';
import { enqueueMail, secretLink } from '../../mail/outbox.js';
import { enforceMailQuotas, NEW_ADDRESS_CAUSE, type MailUsage } from '../../mail/quotas.js';
import type { ContactLine, OrganisationData } from './schemas.js';
import { FIELD_LABELS } from './schemas.js';
import { themesOfFacilityType, type ThemeRef } from '../themes/index.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { contactsWithVersion, lockFacility, organisationOf, type OrganisationSqlRow } from './data.js';
import type { Actor } from '../../auth/actor.js';

export const CONFIRMATION_VALIDITY_MS = 14 * 24 * 3600_000;

export type { ThemeRef };

export interface ContactRow {
  id: number;
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  confirmed: boolean;
  themes: ThemeRef[];
  /** "Prijzen, Kwaliteit", for the overview table. */
  themeNames: string;
}

export interface ContactsOverview {
  version: number;
  /** The themes of the facility's type, in tile order. */
  themes: ThemeRef[];
  contacts: ContactRow[];
  /** Confirmed contacts per theme (the table "Contactpersonen per thema"). */
  perTheme: { theme: ThemeRef; contacts: ContactRow[] }[];
}

/** The logged-in user who makes a change (their quotas, their name in the audit trail). */
export type ActingUser = Actor;

/** The facility a page acts for, as the session knows it. */
export interface FacilityRef {
  id: number;
  name: string;
  facilityTypeId: number;
}

export async function loadContacts(scope: FacilityScope, acting: FacilityRef): Promise<ContactsOverview> {
  const [themes, found] = await Promise.all([themesOfFacilityType(scope, acting.facilityTypeId), contactsWithVersion(scope)]);
  const facility = found[0];
  if (!facility) throw new Error(`facility ${scope.$facilityId()} not found`);
  const rows = found.filter((r) => r.id !== null);
  const themeById = new Map(themes.map((t) => [t.id, t]));
  const contacts: ContactRow[] = rows.map((c) => {
    const contactThemes = c.theme_ids.map((id) => themeById.get(id)).filter((t): t is ThemeRef => t !== undefined);
    return {
      id: c.id,
      surname: c.surname,
      givenName: c.given_name,
      email: c.email,
      phone: c.phone,
      confirmed: c.confirmed,
      themes: contactThemes,
      themeNames: contactThemes.map((t) => t.name).join(', '),
    };
  });
  return {
    version: facility.contacts_version,
    themes,
    contacts,
    perTheme: themes.map((theme) => ({ theme, contacts: contacts.filter((c) => c.confirmed && c.themes.some((t) => t.id === theme.id)) })),
  };
}

/** The facility as "Organisatiegegevens" shows it, with its enterprise and type: one round trip. */
export interface OrganisationView extends Omit<OrganisationSqlRow, 'kboNumber' | 'enterpriseName' | 'typeName'> {
  enterprise: { kboNumber: string; name: string };
  facilityType: { name: string };
}

export async function loadOrganisation(scope: FacilityScope): Promise<OrganisationView> {
  const rows = await organisationOf(scope);
  const row = rows[0];
  if (!row) throw new Error(`facility ${scope.$facilityId()} not found`);
  const { kboNumber, enterpriseName, typeName, ...facility } = row;
  return { ...facility, enterprise: { kboNumber, name: enterpriseName }, facilityType: { name: typeName } };
}

const ORGANISATION_FIELD_NAMES = { phone: 'telefoon', email: 'e-mail', website: 'website' } as const;

/** Stores the organisation data (M8) and, when anything changed, records it in the audit trail in the same transaction. */
export async function updateOrganisationData(scope: FacilityScope, facilityId: number, data: OrganisationData, user: ActingUser): Promise<void> {
  await scope.$transaction(async (tx) => {
    const before = await tx.facility.findUniqueOrThrow({ where: { id: facilityId }, select: { phone: true, email: true, website: true } });
    const changed = (['phone', 'email', 'website'] as const).filter((field) => (before[field] ?? '') !== (data[field] ?? ''));
    await tx.facility.update({ where: { id: facilityId }, data: { phone: data.phone ?? null, email: data.email ?? null, website: data.website ?? null } });
    if (changed.length === 0) return;
    await recordAudit(tx, {
      actor: user,
      kind: 'organisation.updated',
      record: { type: 'Facility', id: facilityId },
      facilityId,
      summary: `Organisatiegegevens gewijzigd: ${changed.map((field) => ORGANISATION_FIELD_NAMES[field]).join(', ')}.`,
      details: { fields: changed },
    });
  });
}

export class ContactsChangedMeanwhile extends Error {}

/**
 * One save of the contacts overview: the contacts as they are to be (new ones
 * without id) and the ids to remove. Contacts named in neither stay as they are.
 */
export interface ContactChanges {
  lines: ContactLine[];
  remove: number[];
}
export class UnknownContact extends Error {}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

type Tx = Parameters<Parameters<FacilityScope['$transaction']>[0]>[0];
type MailTx = Parameters<typeof enqueueMail>[0];

interface MailContext {
  tx: Tx;
  config: Pick<Config, 'baseUrl'>;
  facility: { id: number; name: string };
  /** The acting user, whose quotas the e-mails count against; null for a visitor (a resent link). */
  userId: number | null;
  /** What this transaction queued so far. */
  usage: MailUsage;
}

const fullName = (c: { givenName: string; surname: string }) => `${c.givenName} ${c.surname}`;
const themeList = (themes: { name: string }[]) => themes.map((t) => t.name).join(', ');

/** The cause of a confirmation e-mail sent again to an address the facility already has: a mail, not a new address, for the quotas. */
const RESENT_CAUSE = 'contact-confirmation-resent';

async function sendConfirmation(
  ctx: MailContext,
  contact: { id: number; email: string; givenName: string; surname: string },
  themes: { name: string }[],
  options: { resent?: boolean } = {},
) {
  const token = randomBytes(32).toString('base64url');
  // Created through its contact person, so that the facility scope vouches for it.
  await ctx.tx.contactPerson.update({
    where: { id: contact.id },
    data: { confirmations: { create: { tokenHash: hashToken(token), email: contact.email, expiresAt: new Date(Date.now() + CONFIRMATION_VALIDITY_MS) } } },
  });
  await enqueueMail(
    ctx.tx as unknown as MailTx,
    {
      to: contact.email,
      subject: `Bevestig dat u contactpersoon bent voor ${ctx.facility.name}`,
      template: 'notification',
      data: {
        title: 'Bevestig uw gegevens als contactpersoon',
        greeting: `Beste ${fullName(contact)},`,
        paragraphs: [
          `${ctx.facility.name} heeft u in het e-loket van het Departement Zorg opgegeven als contactpersoon voor: ${themeList(themes)}.`,
          'Bevestig dat deze gegevens kloppen door op de knop hieronder te klikken. Zolang u niet bevestigt, ontvangt u geen meldingen van het e-loket. De link is 14 dagen geldig.',
          ...(options.resent ? ['Dit is een nieuwe link: de links in eerdere e-mails werken niet meer.'] : []),
        ],
        action: { text: 'Ik bevestig', path: secretLink('/bevestigen/', token) },
      },
      facilityId: ctx.facility.id,
      cause: { type: options.resent ? RESENT_CAUSE : NEW_ADDRESS_CAUSE, id: contact.id },
      causedByUserId: ctx.userId,
    },
    ctx.config,
  );
  if (!options.resent) ctx.usage.newAddresses += 1;
  ctx.usage.mails += 1;
}

async function sendNotice(ctx: MailContext, to: string, contactId: number, subject: string, title: string, greeting: string, paragraphs: string[]) {
  await enqueueMail(
    ctx.tx as unknown as MailTx,
    {
      to,
      subject,
      template: 'notification',
      data: { title, greeting, paragraphs },
      facilityId: ctx.facility.id,
      cause: { type: 'contact-person', id: contactId },
      causedByUserId: ctx.userId,
    },
    ctx.config,
  );
  ctx.usage.mails += 1;
}

/**
 * Applies the staged overview at once (M9): new lines are created, changed
 * lines updated, the removed ones deleted, each with its e-mails (M10-M12),
 * within the mail quotas (MailQuotaExceeded rolls everything back).
 * Refused with ContactsChangedMeanwhile when someone saved since `version`.
 */
export async function saveContacts(
  scope: FacilityScope,
  deps: QuotaDeps,
  facility: FacilityRef,
  user: ActingUser,
  version: number,
  changes: ContactChanges,
): Promise<void> {
  const { lines } = changes;
  const userId = user.userId;
  const actor = user;
  const themes = await themesOfFacilityType(scope, facility.facilityTypeId);
  const themeBySlug = new Map(themes.map((t) => [t.slug, t]));
  const facilityId = scope.$facilityId();
  await scope.$transaction(async (tx) => {
    // Also holds the facility row until the commit: parallel saves (and their quota counts) queue up here.
    const bumped = await tx.facility.updateMany({ where: { id: facility.id, contactsVersion: version }, data: { contactsVersion: { increment: 1 } } });
    if (bumped.count !== 1) throw new ContactsChangedMeanwhile();
    const ctx: MailContext = { tx, config: deps.config, facility, userId, usage: { newAddresses: 0, mails: 0 } };
    const existing = await tx.contactPerson.findMany({ include: { themes: { include: { theme: true } } } });
    const existingById = new Map(existing.map((c) => [c.id, c]));
    // A save far over a quota is refused before any work: at least one e-mail per new address and per removal.
    const newAddresses = lines.filter((l) => l.id === undefined || existingById.get(l.id)?.email !== l.email).length;
    await enforceMailQuotas(tx, { facilityId, userId }, { planned: { newAddresses, mails: newAddresses + changes.remove.length } }, deps.config.mailQuotas, deps.logger);
    for (const line of lines) if (line.id !== undefined && !existingById.has(line.id)) throw new UnknownContact();
    const removeIds = new Set(changes.remove);
    for (const id of removeIds) if (!existingById.has(id)) throw new UnknownContact();

    for (const contact of existing.filter((c) => removeIds.has(c.id))) {
      await tx.contactPerson.delete({ where: { id: contact.id } });
      await recordAudit(tx, {
        actor,
        kind: 'contact.removed',
        record: { type: 'ContactPerson', id: contact.id },
        facilityId,
        summary: `Contactpersoon ${fullName(contact)} (${contact.email}) verwijderd.`,
      });
      await sendNotice(
        ctx,
        contact.email,
        contact.id,
        `U bent geen contactpersoon meer voor ${facility.name}`,
        'U bent geen contactpersoon meer',
        `Beste ${fullName(contact)},`,
        [`${facility.name} heeft u in het e-loket van het Departement Zorg verwijderd als contactpersoon voor: ${themeList(contact.themes.map((t) => t.theme))}.`, 'U ontvangt voor deze voorziening geen meldingen meer.'],
      );
    }

    // Addresses that move between lines must not collide with the unique index halfway.
    const changingEmail = lines.filter((l) => l.id !== undefined && existingById.get(l.id)?.email !== l.email);
    for (const line of changingEmail) await tx.contactPerson.update({ where: { id: line.id }, data: { email: `wijziging-${line.id}@eloket.invalid` } });

    for (const line of lines) {
      const lineThemes = line.themes.map((slug) => themeBySlug.get(slug)).filter((t): t is ThemeRef => t !== undefined);
      const data = { surname: line.surname, givenName: line.givenName, email: line.email, phone: line.phone };
      if (line.id === undefined) {
        const created = await tx.contactPerson.create({
          data: { ...data, facilityId: facility.id, themes: { create: lineThemes.map((t) => ({ themeId: t.id })) } },
        });
        await recordAudit(tx, {
          actor,
          kind: 'contact.created',
          record: { type: 'ContactPerson', id: created.id },
          facilityId,
          summary: `Contactpersoon ${fullName(created)} (${created.email}) toegevoegd voor: ${themeList(lineThemes)}.`,
        });
        await sendConfirmation(ctx, created, lineThemes);
        continue;
      }
      const before = existingById.get(line.id);
      if (!before) throw new UnknownContact();
      await updateContact(ctx, actor, before, { ...line, id: line.id }, lineThemes);
    }
    await enforceMailQuotas(tx, { facilityId, userId }, { queued: ctx.usage }, deps.config.mailQuotas, deps.logger);
  }, { timeout: 30_000 });
}


/** One contact's new data: stored, audited, and the e-mails of seed 000 §3.2 (changed fields; a new address confirmed, the old one told). */
async function updateContact(
  ctx: MailContext,
  actor: AuditActor,
  before: { id: number; surname: string; givenName: string; email: string; phone: string; themes: { theme: ThemeRef }[] },
  line: { id: number; surname: string; givenName: string; email: string; phone: string },
  lineThemes: ThemeRef[],
): Promise<void> {
  const { tx, facility } = ctx;
  const facilityId = facility.id;
  const data = { surname: line.surname, givenName: line.givenName, email: line.email, phone: line.phone };
  const beforeThemes = before.themes.map((t) => t.theme).sort((a, b) => a.id - b.id);
  const afterThemes = [...lineThemes].sort((a, b) => a.id - b.id);
  const changes: string[] = [];
  for (const field of ['surname', 'givenName', 'email', 'phone'] as const) {
    if (before[field] !== line[field]) changes.push(`${FIELD_LABELS[field]}: ${before[field]} → ${line[field]}`);
  }
  if (themeList(beforeThemes) !== themeList(afterThemes)) changes.push(`${FIELD_LABELS.themes}: ${themeList(beforeThemes)} → ${themeList(afterThemes)}`);
  if (changes.length === 0) return;
  const emailChanged = before.email !== line.email;
  await tx.contactPerson.update({
    where: { id: line.id },
    data: {
      ...data,
      // A new address must be confirmed; links sent to an earlier address are void.
      ...(emailChanged ? { confirmedAt: null, confirmations: { updateMany: { where: { usedAt: null }, data: { usedAt: new Date() } } } } : {}),
      themes: { deleteMany: {}, create: afterThemes.map((t) => ({ themeId: t.id })) },
    },
  });
  const person = { givenName: line.givenName, surname: line.surname };
  await recordAudit(tx, {
    actor,
    kind: 'contact.updated',
    record: { type: 'ContactPerson', id: line.id },
    facilityId,
    summary: `Contactpersoon ${fullName(person)} gewijzigd: ${changes.join('; ')}.`,
  });
  await sendNotice(
    ctx,
    line.email,
    line.id,
    `Uw gegevens als contactpersoon voor ${facility.name} werden gewijzigd`,
    'Uw gegevens als contactpersoon werden gewijzigd',
    `Beste ${fullName(person)},`,
    [`${facility.name} heeft in het e-loket van het Departement Zorg deze gegevens van u als contactpersoon aangepast:`, ...changes],
  );
  if (emailChanged) {
    await sendNotice(
      ctx,
      before.email,
      line.id,
      `Uw e-mailadres als contactpersoon voor ${facility.name} werd gewijzigd`,
      'Uw e-mailadres als contactpersoon werd gewijzigd',
      `Beste ${fullName(before)},`,
      [
        `${facility.name} heeft uw e-mailadres als contactpersoon gewijzigd van ${before.email} naar ${line.email}.`,
        'Meldingen van het e-loket gaan voortaan naar het nieuwe adres, zodra dat bevestigd is. Op dit adres ontvangt u er geen meer.',
      ],
    );
    await sendConfirmation(ctx, { id: line.id, email: line.email, ...person }, afterThemes);
  }
}

/** What the saving functions need besides the scope. */
interface QuotaDeps {
  config: Pick<Config, 'baseUrl' | 'mailQuotas'>;
  logger: Logger;
}

/** A facility contact added from another form (a message's Contactdetails with "Standaard contactpersoon? ja"). */
export interface NewThemeContact {
  surname: string;
  givenName: string;
  /** Lower case, validated. */
  email: string;
  phone: string;
}

/**
 * Adds a facility contact for a theme, unconfirmed, with its confirmation
 * e-mail, inside the caller's transaction `tx` (a transaction of the acting
 * facility's scope): the message and the contact commit together. An address
 * the facility already has gets the theme added instead (no second contact, no
 * new confirmation). Raises the contacts version (a contacts page open
 * meanwhile then reports the change) and enforces the mail quotas, so call it
 * before anything slow; MailQuotaExceeded means: roll back and show its message.
 */
export async function addFacilityContactForTheme(
  tx: Tx,
  deps: QuotaDeps,
  who: { facility: FacilityRef; user: ActingUser },
  contact: NewThemeContact,
  themeSlug: string,
): Promise<{ contactPersonId: number; created: boolean }> {
  const themes = await themesOfFacilityType(tx, who.facility.facilityTypeId);
  const theme = themes.find((t) => t.slug === themeSlug);
  if (!theme) throw new Error(`theme ${themeSlug} is not one of the facility's`);
  await tx.facility.update({ where: { id: who.facility.id }, data: { contactsVersion: { increment: 1 } } });
  const existing = await tx.contactPerson.findFirst({ where: { email: contact.email }, include: { themes: true } });
  if (existing) {
    if (!existing.themes.some((t) => t.themeId === theme.id)) {
      await tx.contactPerson.update({ where: { id: existing.id }, data: { themes: { create: { themeId: theme.id } } } });
      await recordAudit(tx, {
        actor: who.user,
        kind: 'contact.updated',
        record: { type: 'ContactPerson', id: existing.id },
        facilityId: who.facility.id,
        summary: `Contactpersoon ${fullName(existing)} gewijzigd: thema ${theme.name} toegevoegd (via een bericht).`,
      });
    }
    return { contactPersonId: existing.id, created: false };
  }
  const created = await tx.contactPerson.create({
    data: { ...contact, facilityId: who.facility.id, themes: { create: { themeId: theme.id } } },
  });
  await recordAudit(tx, {
    actor: who.user,
    kind: 'contact.created',
    record: { type: 'ContactPerson', id: created.id },
    facilityId: who.facility.id,
    summary: `Contactpersoon ${fullName(created)} (${created.email}) toegevoegd voor: ${theme.name} (via een bericht).`,
  });
  const ctx: MailContext = { tx, config: deps.config, facility: who.facility, userId: who.user.userId, usage: { newAddresses: 0, mails: 0 } };
  await sendConfirmation(ctx, created, [theme]);
  await enforceMailQuotas(tx, { facilityId: who.facility.id, userId: who.user.userId }, { queued: ctx.usage }, deps.config.mailQuotas, deps.logger);
  return { contactPersonId: created.id, created: true };
}

/**
 * Changes a facility contact's data from a message's Contactdetails (seed 000
 * §4.2.2.2 B: the pencil, then "Verzenden"), inside the message's transaction,
 * with the same e-mails and audit as Mijn organisatie. Its themes stay.
 */
export async function updateFacilityContactFromMessage(
  tx: Tx,
  deps: QuotaDeps,
  who: { facility: FacilityRef; user: ActingUser },
  contactPersonId: number,
  contact: NewThemeContact,
): Promise<void> {
  const before = await tx.contactPerson.findFirst({ where: { id: contactPersonId }, include: { themes: { include: { theme: true } } } });
  if (!before) throw new UnknownContact();
  await tx.facility.update({ where: { id: who.facility.id }, data: { contactsVersion: { increment: 1 } } });
  const ctx: MailContext = { tx, config: deps.config, facility: who.facility, userId: who.user.userId, usage: { newAddresses: 0, mails: 0 } };
  await updateContact(ctx, who.user, before, { ...contact, id: before.id }, before.themes.map((t) => t.theme));
  await enforceMailQuotas(tx, { facilityId: who.facility.id, userId: who.user.userId }, { queued: ctx.usage }, deps.config.mailQuotas, deps.logger);
}

/** The contact confirmed meanwhile: nothing to send. */
export class AlreadyConfirmed extends Error {}

/**
 * "Bevestigingsmail opnieuw versturen" (M10) for an unconfirmed contact of the
 * acting facility: a new link in a new e-mail, within the mail quotas (a mail
 * caused by the user, not a new address), audited. Earlier links of the
 * contact stop working: one live link at a time, so that a link in a
 * forwarded or mislaid e-mail cannot confirm after the user sent a fresh one.
 * The address it went to; UnknownContact for a contact the facility lacks.
 */
export async function resendConfirmationFor(
  scope: FacilityScope,
  deps: QuotaDeps,
  facility: FacilityRef,
  user: ActingUser,
  contactId: number,
): Promise<string> {
  const facilityId = scope.$facilityId();
  return scope.$transaction(async (tx) => {
    // Held until the commit, as a save holds it: parallel sends of this facility count their quotas one after the other.
    await lockFacility(tx);
    const contact = await tx.contactPerson.findUnique({ where: { id: contactId }, include: { themes: { include: { theme: true } } } });
    if (!contact) throw new UnknownContact();
    if (contact.confirmedAt !== null) throw new AlreadyConfirmed();
    await tx.contactPerson.update({ where: { id: contact.id }, data: { confirmations: { updateMany: { where: { usedAt: null }, data: { usedAt: new Date() } } } } });
    const ctx: MailContext = { tx, config: deps.config, facility, userId: user.userId, usage: { newAddresses: 0, mails: 0 } };
    await sendConfirmation(ctx, contact, contact.themes.map((t) => t.theme), { resent: true });
    await recordAudit(tx, {
      actor: user,
      kind: 'contact.confirmation-resent',
      record: { type: 'ContactPerson', id: contact.id },
      facilityId,
      summary: `Bevestigingsmail opnieuw verstuurd naar contactpersoon ${fullName(contact)} (${contact.email}); eerdere links werken niet meer.`,
    });
    await enforceMailQuotas(tx, { facilityId, userId: user.userId }, { queued: ctx.usage }, deps.config.mailQuotas, deps.logger);
    return contact.email;
  });
}

class ConfirmationRaced extends Error {}

export type ConfirmationOutcome = { status: 'confirmed' } | { status: 'expired'; canResend: true } | { status: 'invalid' };

/** What the page of a confirmation link shows before anything is confirmed. */
export type ConfirmationLink =
  | { status: 'valid'; name: string; email: string; facilityName: string; themes: string[] }
  | { status: 'expired' }
  | { status: 'invalid' };

/**
 * Reads a confirmation link without using it (GET and HEAD: mail scanners
 * open links too). A wrong, used or outdated link is "invalid" and says
 * nothing about any contact.
 */
export async function describeConfirmation(prisma: PrismaClient, token: string): Promise<ConfirmationLink> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { status: 'invalid' };
  const link = await prisma.contactConfirmation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { contactPerson: { include: { facility: { select: { name: true } }, themes: { include: { theme: true } } } } },
  });
  if (!link || link.usedAt !== null || link.contactPerson.email !== link.email) return { status: 'invalid' };
  if (link.expiresAt.getTime() <= Date.now()) return { status: 'expired' };
  const contact = link.contactPerson;
  return {
    status: 'valid',
    name: fullName(contact),
    email: contact.email,
    facilityName: contact.facility.name,
    themes: contact.themes.map((t) => t.theme.name).sort((a, b) => a.localeCompare(b, 'nl')),
  };
}

/**
 * Opens a confirmation link (M10). No login: the token is the proof. A wrong,
 * used or outdated link is "invalid" and says nothing about any contact.
 */
export async function confirmContact(prisma: PrismaClient, token: string): Promise<ConfirmationOutcome> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { status: 'invalid' };
  return confirmInTransaction(prisma, token).catch((error: unknown) => {
    // The address changed while confirming: the link is rolled back to unused, and is invalid now.
    if (error instanceof ConfirmationRaced) return { status: 'invalid' as const };
    throw error;
  });
}

async function confirmInTransaction(prisma: PrismaClient, token: string): Promise<ConfirmationOutcome> {
  return prisma.$transaction(async (tx) => {
    const link = await tx.contactConfirmation.findUnique({ where: { tokenHash: hashToken(token) }, include: { contactPerson: true } });
    if (!link || link.usedAt !== null || link.contactPerson.email !== link.email) return { status: 'invalid' as const };
    if (link.expiresAt.getTime() <= Date.now()) return { status: 'expired' as const, canResend: true as const };
    const used = await tx.contactConfirmation.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: new Date() } });
    if (used.count !== 1) return { status: 'invalid' as const };
    // Only while the address is still the one the link was sent to (a change may commit meanwhile).
    const confirmed = await tx.contactPerson.updateMany({ where: { id: link.contactPersonId, email: link.email }, data: { confirmedAt: new Date() } });
    if (confirmed.count !== 1) throw new ConfirmationRaced();
    // No login: the contact person acts through their link.
    await recordAudit(tx, {
      actor: { userId: null, name: `${fullName(link.contactPerson)} (bevestigingslink)` },
      kind: 'contact.confirmed',
      record: { type: 'ContactPerson', id: link.contactPersonId },
      facilityId: link.contactPerson.facilityId,
      summary: `Contactpersoon ${fullName(link.contactPerson)} (${link.email}) bevestigde de gegevens.`,
    });
    return { status: 'confirmed' as const };
  });
}

/** A new link for an expired one, to the same address (only while that is still the contact's address). */
export async function resendConfirmation(prisma: PrismaClient, config: Pick<Config, 'baseUrl'>, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  return prisma.$transaction(async (tx) => {
    const link = await tx.contactConfirmation.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { contactPerson: { include: { facility: true, themes: { include: { theme: true } } } } },
    });
    if (!link || link.usedAt !== null || link.contactPerson.email !== link.email || link.expiresAt.getTime() > Date.now()) return false;
    await tx.contactConfirmation.update({ where: { id: link.id }, data: { usedAt: new Date() } });
    const contact = link.contactPerson;
    await sendConfirmation(
      { tx: tx as unknown as Tx, config, facility: { id: contact.facility.id, name: contact.facility.name }, userId: null, usage: { newAddresses: 0, mails: 0 } },
      contact,
      contact.themes.map((t) => t.theme),
    );
    return true;
  });
}

/**
 * The Contactenmodule's service, wired once in src/services.ts. Facility
 * operations take the acting facility's scope (facilityContext(req)); the
 * confirmation links need no login and use the plain client.
 */
export function createContactsService(deps: { prisma: PrismaClient; config: Config; logger: Logger }) {
  const { prisma, config, logger } = deps;
  return {
    load: loadContacts,
    loadOrganisation,
    updateOrganisationData,
    /** Applies the staged table (every contact of the facility as the user left it) in one transaction with its e-mails. */
    save: (scope: FacilityScope, facility: FacilityRef, user: ActingUser, version: number, changes: ContactChanges) =>
      saveContacts(scope, { config, logger }, facility, user, version, changes),
    /** See addFacilityContactForTheme: for a message form's own transaction. */
    addFacilityContactForTheme: (tx: Tx, who: { facility: FacilityRef; user: ActingUser }, contact: NewThemeContact, themeSlug: string) =>
      addFacilityContactForTheme(tx, { config, logger }, who, contact, themeSlug),
    /** See updateFacilityContactFromMessage: for a message form's own transaction. */
    updateFacilityContactFromMessage: (tx: Tx, who: { facility: FacilityRef; user: ActingUser }, contactPersonId: number, contact: NewThemeContact) =>
      updateFacilityContactFromMessage(tx, { config, logger }, who, contactPersonId, contact),
    /** See resendConfirmationFor: "Bevestigingsmail opnieuw versturen" by a user of the facility. */
    resendConfirmationFor: (scope: FacilityScope, facility: FacilityRef, user: ActingUser, contactId: number) =>
      resendConfirmationFor(scope, { config, logger }, facility, user, contactId),
    describeConfirmation: (token: string) => describeConfirmation(prisma, token),
    confirm: (token: string) => confirmContact(prisma, token),
    resendConfirmation: (token: string) => resendConfirmation(prisma, config, token),
  };
}

export type ContactsService = ReturnType<typeof createContactsService>;
/** The transaction of a facility scope, as addFacilityContactForTheme takes it. */
export type FacilityTx = Tx;
