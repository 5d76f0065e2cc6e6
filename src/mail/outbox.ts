// The transactional outbox (M29): an e-mail is written in the same database
// transaction as the change that causes it, so both commit or neither does.
// The worker (worker.ts) delivers it later.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Prisma } from '../db/client.js';
import type { OutboxMail } from '../generated/prisma/client.js';
import { renderMail } from './templates.js';

export interface MailToQueue {
  /** One address or several (all in the To header of one e-mail). */
  to: string | string[];
  subject: string;
  /** Name of the template pair under views/emails/, e.g. "notification". */
  template: string;
  /** The template's variables. */
  data?: Record<string, unknown>;
  /** The facility the e-mail is about, if any. */
  facilityId?: number | null;
  /** The record that caused the e-mail, e.g. { type: 'message', id: 42 }. */
  cause?: { type: string; id: string | number };
  /** The user whose action causes the e-mail; the mail quotas count it against them. */
  causedByUserId?: number | null;
}

const recipientsSchema = z.array(z.email()).min(1);

/** A stable Message-ID on the portal's own domain, fixed before the first attempt. */
export function newMessageId(baseUrl: string): string {
  return `<${randomUUID()}@${new URL(baseUrl).hostname}>`;
}

/**
 * Queues an e-mail inside `tx`, the transaction of the change that causes it.
 * The templates are rendered now: the row holds exactly what will be sent.
 */
export async function enqueueMail(
  tx: Prisma.TransactionClient,
  mail: MailToQueue,
  config: Pick<Config, 'baseUrl'>,
): Promise<OutboxMail> {
  const recipients = recipientsSchema.parse(Array.isArray(mail.to) ? mail.to : [mail.to]);
  const { html, text } = renderMail(mail.template, mail.data ?? {}, { baseUrl: config.baseUrl, subject: mail.subject });
  return tx.outboxMail.create({
    data: {
      messageId: newMessageId(config.baseUrl),
      recipients,
      subject: mail.subject,
      html,
      text,
      template: mail.template,
      facilityId: mail.facilityId ?? null,
      causeType: mail.cause?.type ?? null,
      causeId: mail.cause === undefined ? null : String(mail.cause.id),
      causedByUserId: mail.causedByUserId ?? null,
    },
  });
}
