// The real application (createApp) on a test database, for supertest and
// the browser tests.
import { createServer, type Server } from 'node:http';
import type { Express, Router } from 'express';
import { afterAll } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { AppDependencies } from '../../src/dependencies.js';

export interface TestApp {
  app: Express;
  db: TestDatabase;
  config: Config;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', ...overrides });
}

export async function createTestApp(
  options: { extraRoutes?: Router[]; env?: Record<string, string>; deps?: Pick<AppDependencies, 'mailSink'>; db?: TestDatabase } = {},
): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig(options.env);
  const logger = createLogger({ level: 'silent' });
  const app = createApp({ config, logger, prisma: db.prisma, pool: db.pool, ...options.deps }, options.extraRoutes);
  return { app, db, config };
}

/** The test app listening on a free port; closed after the file. */
export async function startTestServer(options: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp & { baseUrl: string; server: Server }> {
  const testApp = await createTestApp(options);
  const server = createServer(testApp.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { ...testApp, server, baseUrl: `http://127.0.0.1:${port}` };
}
