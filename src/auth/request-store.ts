// node-saml's cache of issued AuthnRequest IDs, kept in PostgreSQL so that
// any portal process can check a response and nothing is lost on restart.
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { PrismaClient } from '../db/client.js';
import { authnRequestIssued } from './login-binding.js';

export class PgSamlRequestStore implements CacheProvider {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly lifetimeMs: number,
  ) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    authnRequestIssued(key);
    const issuedAt = new Date();
    await this.prisma.samlRequest.create({ data: { id: key, issuedAt, expiresAt: new Date(issuedAt.getTime() + this.lifetimeMs) } });
    // Prune now and then, cheaply: expired rows are never valid anyway.
    if (Math.random() < 0.05) await this.prisma.samlRequest.deleteMany({ where: { expiresAt: { lt: issuedAt } } });
    return { value, createdAt: issuedAt.getTime() };
  }

  async getAsync(key: string): Promise<string | null> {
    const row = await this.prisma.samlRequest.findFirst({ where: { id: key, expiresAt: { gt: new Date() } } });
    return row ? row.issuedAt.toISOString() : null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    const removed = await this.prisma.samlRequest.deleteMany({ where: { id: key } });
    return removed.count > 0 ? key : null;
  }
}

/**
 * Marks a message from the identity provider (an assertion, a LogoutRequest)
 * as used, by its ID; false when it was used before (a replay). The primary
 * key makes this atomic across concurrent requests and processes.
 */
export async function useMessageOnce(prisma: PrismaClient, messageId: string, expiresAt: Date): Promise<boolean> {
  const inserted = await prisma.$executeRaw`
    INSERT INTO saml_assertion_use (id, expires_at) VALUES (${messageId}, ${expiresAt})
    ON CONFLICT (id) DO NOTHING`;
  if (Math.random() < 0.05) await prisma.samlAssertionUse.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return inserted === 1;
}
