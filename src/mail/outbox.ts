// The transactional outbox (M29): an e-mail is written in the same database
// transaction as the change that causes it, so both commit or neither does.
// The worker (worker.ts) delivers it later.
//
// Secret links (a confirmation link /bevestigen/<token>: whoever reads it
// confirms a contact) never rest in the outbox bodies. A template's data
// carries them as `secretLink(prefix, value)`; enqueueMail renders a
// placeholder in their place ("/bevestigen/••••<nonce>") and keeps the value
// apart, in `secrets`, which the worker substitutes at send time and clears in
// the statement that marks the e-mail sent. enqueueMail refuses a body with a
// link to one of SECRET_LINK_PREFIXES that is not such a placeholder, so a new
// template cannot put a live token in the table by mistake; a new kind of
// secret link adds its prefix there.
import { randomBytes, randomUUID } from 'node:crypto';
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
  /** The template's variables; secret links as secretLink(prefix, value). */
  data?: Record<string, unknown>;
  /** The facility the e-mail is about, if any. */
  facilityId?: number | null;
  /** The record that caused the e-mail, e.g. { type: 'message', id: 42 }. */
  cause?: { type: string; id: string | number };
  /** The user whose action causes the e-mail; the mail quotas count it against them. */
  causedByUserId?: number | null;
}

/** Portal paths whose last segment is a secret: links to them must be secretLink()s. */
export const SECRET_LINK_PREFIXES: readonly string[] = ['/bevestigen/'];

/** How a secret shows in a stored body: the bullets, then a nonce that tells secrets apart. */
const PLACEHOLDER = '••••';
const PLACEHOLDER_PATTERN = `${PLACEHOLDER}[0-9a-f]{16}`;
const SECRET_VALUE = /^[A-Za-z0-9_-]{16,200}$/;

/** A portal path ending in a secret value, e.g. secretLink('/bevestigen/', token). */
export class SecretLink {
  constructor(
    readonly prefix: string,
    readonly value: string,
  ) {
    if (!SECRET_VALUE.test(value)) throw new Error('A secret in an e-mail link must be 16 to 200 base64url characters');
  }
}

export const secretLink = (prefix: string, value: string) => new SecretLink(prefix, value);

export class LiveSecretInMail extends Error {}

/** The data with every SecretLink replaced by its path with a placeholder; placeholder -> value. */
function withPlaceholders(data: unknown, secrets: Record<string, string>): unknown {
  if (data instanceof SecretLink) {
    const placeholder = `${PLACEHOLDER}${randomBytes(8).toString('hex')}`;
    secrets[placeholder] = data.value;
    return `${data.prefix}${placeholder}`;
  }
  if (Array.isArray(data)) return data.map((item) => withPlaceholders(item, secrets));
  // Plain objects only: dates and other values reach the template as they are.
  const prototype: unknown = data !== null && typeof data === 'object' ? Object.getPrototypeOf(data) : undefined;
  if (data !== null && typeof data === 'object' && (prototype === Object.prototype || prototype === null)) {
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, withPlaceholders(value, secrets)]));
  }
  return data;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LIVE_SECRET_LINK = new RegExp(`(?:${SECRET_LINK_PREFIXES.map(escapeRegExp).join('|')})(?!${PLACEHOLDER_PATTERN})`);

/** Refuses bodies that would keep a usable secret at rest (see the top of this file). */
export function assertNoLiveSecrets(bodies: string[], secrets: Record<string, string>): void {
  for (const body of bodies) {
    if (LIVE_SECRET_LINK.test(body)) throw new LiveSecretInMail('An e-mail links to a secret path without secretLink(): its token would stay in the outbox');
    for (const value of Object.values(secrets)) {
      if (body.includes(value)) throw new LiveSecretInMail('An e-mail shows a secret value outside its secretLink()');
    }
  }
}

/** The bodies as they are sent: every placeholder replaced by its secret value. */
export function revealSecrets(body: string, secrets: Record<string, string> | null | undefined): string {
  if (!secrets) return body;
  let revealed = body;
  for (const [placeholder, value] of Object.entries(secrets)) revealed = revealed.split(placeholder).join(value);
  return revealed;
}

/**
 * A body or subject as the department's pages show it: a placeholder shows
 * without its nonce, a secret path without anything after its prefix, and any
 * other link part that looks like a token (a long random run after "/", "="
 * or "#") as bullets. The secret values are never read for this.
 */
export function maskSecrets(body: string): string {
  let masked = body.replace(new RegExp(PLACEHOLDER_PATTERN, 'g'), PLACEHOLDER);
  for (const prefix of SECRET_LINK_PREFIXES) {
    masked = masked.replace(new RegExp(`${escapeRegExp(prefix)}[^\\s"'<>)]*`, 'g'), `${prefix}${PLACEHOLDER}`);
  }
  return masked.replace(/(?<=[/=#])[A-Za-z0-9_-]{16,}/g, (run) => (run.length >= 32 || (/\d/.test(run) && /[A-Za-z]/.test(run)) ? PLACEHOLDER : run));
}

const recipientsSchema = z.array(z.email()).min(1);

/** A stable Message-ID on the portal's own domain, fixed before the first attempt. */
export function newMessageId(baseUrl: string): string {
  return `<${randomUUID()}@${new URL(baseUrl).hostname}>`;
}

/**
 * Queues an e-mail inside `tx`, the transaction of the change that causes it.
 * The templates are rendered now: the row holds what will be sent, with
 * placeholders for secret links (their values wait in `secrets`).
 */
export async function enqueueMail(
  tx: Prisma.TransactionClient,
  mail: MailToQueue,
  config: Pick<Config, 'baseUrl'>,
): Promise<OutboxMail> {
  return tx.outboxMail.create({ data: outboxRow(mail, config) });
}

/**
 * Queues many e-mails inside `tx` in one statement (the bulk worker's batch),
 * each prepared exactly as enqueueMail prepares one. The number queued.
 */
export async function enqueueMails(tx: Prisma.TransactionClient, mails: MailToQueue[], config: Pick<Config, 'baseUrl'>): Promise<number> {
  if (mails.length === 0) return 0;
  const { count } = await tx.outboxMail.createMany({ data: mails.map((mail) => outboxRow(mail, config)) });
  return count;
}

/** The outbox row of an e-mail: rendered now, secret links as placeholders (their values in `secrets`). */
function outboxRow(mail: MailToQueue, config: Pick<Config, 'baseUrl'>) {
  const recipients = recipientsSchema.parse(Array.isArray(mail.to) ? mail.to : [mail.to]);
  const secrets: Record<string, string> = {};
  const data = withPlaceholders(mail.data ?? {}, secrets) as Record<string, unknown>;
  const { html, text } = renderMail(mail.template, data, { baseUrl: config.baseUrl, subject: mail.subject });
  assertNoLiveSecrets([html, text, mail.subject], secrets);
  return {
    messageId: newMessageId(config.baseUrl),
    recipients,
    subject: mail.subject,
    html,
    text,
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    template: mail.template,
    facilityId: mail.facilityId ?? null,
    causeType: mail.cause?.type ?? null,
    causeId: mail.cause === undefined ? null : String(mail.cause.id),
    causedByUserId: mail.causedByUserId ?? null,
  } satisfies Prisma.OutboxMailCreateManyInput;
}
