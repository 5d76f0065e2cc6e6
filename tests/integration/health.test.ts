import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createDatabaseClients } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../src/db/embedded-postgres.js';
import { createTestApp, testConfig } from '../helpers/app.js';
import { setUpIdentity } from '../../src/auth/identity.js';

describe('/health', () => {
  it('answers ok when the database answers', async () => {
    const { app } = await createTestApp();
    const response = await request(app).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', db: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('answers 503 with db "down" when the database is unreachable', async () => {
    // A port nothing listens on: the database is down.
    const clients = createDatabaseClients(`postgresql://eloket:x@127.0.0.1:${await freePort()}/eloket`);
    const config = testConfig();
    const identity = await setUpIdentity(config, clients.prisma, createLogger({ level: 'silent' }));
    const app = createApp({ config, logger: createLogger({ level: 'silent' }), prisma: clients.prisma, pool: clients.pool, identity });
    try {
      const response = await request(app).get('/health');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'error', db: 'down' });
    } finally {
      await clients.close();
    }
  });
});
