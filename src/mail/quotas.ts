// Mail quotas: users make the portal send e-mail to outside addresses (every
// new contact gets a confirmation e-mail), so one form with hundreds of lines,
// or a script, could make the department's mail server a spam cannon. Limits
// per acting user and per facility, on new addresses and on e-mails in all,
// over the last hour and day (settings in src/config.ts, MailQuotas).
//
// Counted from outbox_mail itself inside the transaction that queues the
// e-mails, after they are queued: a refusal rolls everything back, and
// parallel saves cannot both pass, because the caller holds the facility row
// (the contacts version bump) and this check takes the user's row.
//
// A message's own contacts (thread_contact rows without a contact person) get
// no confirmation e-mail but every later answer of the department: they are
// new addresses too, counted from their rows (who typed them, when), so that
// no later answer can exceed what the user was allowed to add.
import type { HourDayLimit, MailQuotas } from '../config.js';
import type { Prisma } from '../db/client.js';
import type { Logger } from '../logger.js';
import { recentMailUsage } from './data.js';

export { NEW_ADDRESS_CAUSE } from './data.js';

/** What the transaction queued itself, for the message. */
export interface MailUsage {
  newAddresses: number;
  mails: number;
}

/** Refused: the user's message says which limit and what to do. Nothing may be committed. */
export class MailQuotaExceeded extends Error {
  constructor(
    readonly limit: string,
    readonly userMessage: string,
  ) {
    super(`mail quota exceeded: ${limit}`);
  }
}

const AFTERWARDS =
  ' Er werd niets bewaard en er werden geen e-mails verstuurd. Probeer het later opnieuw, of vraag de technische helpdesk om hulp als u echt zoveel wijzigingen moet doen.';

/**
 * Refuses (MailQuotaExceeded) when the e-mails of this transaction, counted
 * with those of the last hour and day, exceed a limit for the user or the
 * facility. Call it at the end of the transaction with what it queued
 * (`queued`); a caller may also call it first with what it is about to queue
 * (`planned`), to refuse a large save before doing the work.
 */
export async function enforceMailQuotas(
  tx: Pick<Prisma.TransactionClient, '$queryRaw'>,
  who: { facilityId: number; userId: number },
  usage: { queued: MailUsage } | { planned: MailUsage },
  quotas: MailQuotas,
  logger: Logger,
): Promise<void> {
  const added = 'queued' in usage ? usage.queued : usage.planned;
  const notYetCounted = 'planned' in usage ? usage.planned : { newAddresses: 0, mails: 0 };
  if (added.mails === 0 && added.newAddresses === 0) return;
  const counts = await recentMailUsage(tx, who);
  if (!counts) return;
  counts.facility_new_hour += notYetCounted.newAddresses;
  counts.facility_new_day += notYetCounted.newAddresses;
  counts.user_new_hour += notYetCounted.newAddresses;
  counts.user_new_day += notYetCounted.newAddresses;
  counts.facility_mails_hour += notYetCounted.mails;
  counts.facility_mails_day += notYetCounted.mails;
  counts.user_mails_hour += notYetCounted.mails;
  counts.user_mails_day += notYetCounted.mails;

  const checks: { limit: string; count: number; max: number; message: (before: number) => string }[] = [];
  const period = (key: keyof HourDayLimit) => (key === 'hour' ? 'het afgelopen uur' : 'de afgelopen 24 uur');
  const per = (key: keyof HourDayLimit) => (key === 'hour' ? 'per uur' : 'per dag');
  for (const key of ['hour', 'day'] as const) {
    checks.push({
      limit: `user-new-addresses-per-${key}`,
      count: key === 'hour' ? counts.user_new_hour : counts.user_new_day,
      max: quotas.user.newAddresses[key],
      message: (before) =>
        `U voegde ${period(key)} al ${before} contactpersonen toe en wilt er nu ${added.newAddresses} bij: dat is meer dan de ${quotas.user.newAddresses[key]} nieuwe e-mailadressen ${per(key)} die u mag opgeven.`,
    });
    checks.push({
      limit: `facility-new-addresses-per-${key}`,
      count: key === 'hour' ? counts.facility_new_hour : counts.facility_new_day,
      max: quotas.facility.newAddresses[key],
      message: (before) =>
        `Voor deze voorziening werden ${period(key)} al ${before} contactpersonen toegevoegd en u wilt er nu ${added.newAddresses} bij: dat is meer dan de ${quotas.facility.newAddresses[key]} nieuwe e-mailadressen ${per(key)} die toegelaten zijn.`,
    });
    checks.push({
      limit: `user-mails-per-${key}`,
      count: key === 'hour' ? counts.user_mails_hour : counts.user_mails_day,
      max: quotas.user.mails[key],
      message: (before) =>
        `Uw wijzigingen zouden ${added.mails} e-mails versturen; met de ${before} e-mails die uw wijzigingen ${period(key)} al verstuurden is dat meer dan de ${quotas.user.mails[key]} ${per(key)} die toegelaten zijn.`,
    });
    checks.push({
      limit: `facility-mails-per-${key}`,
      count: key === 'hour' ? counts.facility_mails_hour : counts.facility_mails_day,
      max: quotas.facility.mails[key],
      message: (before) =>
        `Uw wijzigingen zouden ${added.mails} e-mails versturen; met de ${before} e-mails die ${period(key)} al voor deze voorziening verstuurd werden is dat meer dan de ${quotas.facility.mails[key]} ${per(key)} die toegelaten zijn.`,
    });
  }
  const exceeded = checks.find((check) => check.count > check.max);
  if (!exceeded) return;
  const isAddresses = exceeded.limit.includes('new-addresses');
  const before = exceeded.count - (isAddresses ? added.newAddresses : added.mails);
  // For the helpdesk: who ran into which limit, with the numbers.
  logger.warn(
    { userId: who.userId, facilityId: who.facilityId, limit: exceeded.limit, max: exceeded.max, count: exceeded.count, added },
    'mail quota exceeded: save refused',
  );
  throw new MailQuotaExceeded(exceeded.limit, exceeded.message(Math.max(before, 0)) + AFTERWARDS);
}

/**
 * Refuses (MailQuotaExceeded) a message whose Contactdetails add more new
 * addresses than one message may: checked before anything is stored, with
 * the hourly and daily limits (enforceMailQuotas) checked in the transaction.
 */
export function enforceMessageAddressLimit(newAddresses: number, who: { facilityId: number; userId: number }, quotas: MailQuotas, logger: Logger): void {
  const max = quotas.message.newAddresses;
  if (newAddresses <= max) return;
  logger.warn({ userId: who.userId, facilityId: who.facilityId, limit: 'message-new-addresses', max, count: newAddresses }, 'mail quota exceeded: save refused');
  throw new MailQuotaExceeded(
    'message-new-addresses',
    `U kunt per bericht maximaal ${max} nieuwe e-mailadressen toevoegen. U voegde er ${newAddresses} toe: verwijder er ${newAddresses - max} uit de Contactdetails en klik opnieuw op ‘Verzenden’. Er werd niets bewaard en er werden geen e-mails verstuurd.`,
  );
}
