// The real application (createApp) on a test database, for supertest and
// the browser tests.
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { afterAll } from 'vitest';
import { createApp, type ExtraRoute } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { setUpIdentity, type IdentitySetup } from '../../src/auth/identity.js';
import { freePort } from '../../src/db/embedded-postgres.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { generateSigningKeys } from '../../src/auth/signing-keys.js';
import { DevIdentityProvider } from '../../src/dev/idp/identity-provider.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDependencies } from '../../src/dependencies.js';

export interface TestApp {
  app: Express;
  db: TestDatabase;
  config: Config;
  identity: IdentitySetup;
}

export interface TestAppOptions {
  extraRoutes?: ExtraRoute[];
  env?: Record<string, string>;
  baseUrl?: string;
  logger?: Logger;
  deps?: Pick<AppDependencies, 'mailSink' | 'clock' | 'generatorLimits'>;
  db?: TestDatabase;
}

// One data directory (development IdP keys) for the whole test process.
const dataDir = mkdtempSync(join(tmpdir(), 'eloket-test-data-'));

/**
 * A complete production configuration (with the metadata of an identity
 * provider in a file), for tests of what production leaves out or adds.
 */
export async function productionEnv(): Promise<Record<string, string>> {
  const keys = await generateSigningKeys('test identity provider');
  const spKeys = await generateSigningKeys('test service provider');
  const dir = mkdtempSync(join(tmpdir(), 'eloket-idp-'));
  const file = join(dir, 'metadata.xml');
  writeFileSync(file, new DevIdentityProvider('https://idp.example', keys).metadataXml());
  writeFileSync(join(dir, 'sp-key.pem'), spKeys.privateKey);
  writeFileSync(join(dir, 'sp-cert.pem'), spKeys.certificate);
  return {
    NODE_ENV: 'production',
    BASE_URL: 'https://eloket.example.be',
    DATABASE_URL: 'postgresql://eloket@db.example/eloket',
    SESSION_SECRET: randomBytes(36).toString('base64url'),
    SMTP_URL: 'smtp://mail.example:25',
    SAML_IDP_METADATA: file,
    SAML_SP_PRIVATE_KEY_FILE: join(dir, 'sp-key.pem'),
    SAML_SP_CERTIFICATE_FILE: join(dir, 'sp-cert.pem'),
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', ELOKET_DATA_DIR: dataDir, LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...overrides });
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig({ ...(options.baseUrl ? { BASE_URL: options.baseUrl } : {}), ...options.env });
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const identity = await setUpIdentity(config, db.prisma, logger);
  const app = createApp({ config, logger, prisma: db.prisma, pool: db.pool, identity, ...options.deps }, options.extraRoutes);
  return { app, db, config, identity };
}

/** The test app listening on a free port; closed after the file. */
export async function startTestServer(options: TestAppOptions = {}): Promise<TestApp & { baseUrl: string; server: Server }> {
  // The port must be known before the app is built: SAML URLs derive from BASE_URL.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testApp = await createTestApp({ ...options, baseUrl });
  const server = createServer(testApp.app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { ...testApp, server, baseUrl };
}
