import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_SESSION_SECRET, loadConfig } from '../../src/config.js';

const production = {
  NODE_ENV: 'production',
  BASE_URL: 'https://eloket.departementzorg.be',
  DATABASE_URL: 'postgresql://eloket:secret@db.internal:5432/eloket',
  SESSION_SECRET: 'Vq3xT9mZ-2kLp7Rw_8HdN4sYb6Cg1Jf0',
  SMTP_URL: 'smtp://mail.internal:25',
  SAML_IDP_METADATA: '/etc/eloket/idp-metadata.xml',
  SAML_SP_PRIVATE_KEY_FILE: '/etc/eloket/sp-key.pem',
  SAML_SP_CERTIFICATE_FILE: '/etc/eloket/sp-cert.pem',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('has safe development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      baseUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir: './.data',
      sessionSecret: DEVELOPMENT_SESSION_SECRET,
      smtpUrl: undefined,
      sessionIdleMinutes: 30,
      sessionAbsoluteMinutes: 480,
      uploads: { maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 25 * 1024 * 1024, maxFiles: 10, stagedMs: 24 * 60 * 60 * 1000 },
    });
  });

  it('reads the upload limits in megabytes and refuses a limit that is no number', () => {
    expect(loadConfig({ UPLOAD_MAX_FILE_MB: '2.5', UPLOAD_MAX_FILES: '3' }).uploads).toMatchObject({ maxFileBytes: 2.5 * 1024 * 1024, maxFiles: 3 });
    expect(() => loadConfig({ UPLOAD_MAX_TOTAL_MB: 'veel' })).toThrow(/UPLOAD_MAX_TOTAL_MB/);
  });

  it('starts in production when every variable is set', () => {
    const config = loadConfig(production);
    expect(config.isProduction).toBe(true);
    expect(config.databaseUrl).toBe(production.DATABASE_URL);
  });

  it.each([
    ['BASE_URL', 'BASE_URL: set the public https address of the portal'],
    ['DATABASE_URL', 'DATABASE_URL: set the PostgreSQL server (the embedded database is for development only)'],
    ['SESSION_SECRET', 'SESSION_SECRET: set a random secret of at least 32 characters (the development secret is refused)'],
    ['SMTP_URL', 'SMTP_URL: set the SMTP server (the development mail sink is for development only)'],
    [
      'SAML_IDP_METADATA',
      "SAML_IDP_METADATA: set the identity provider's metadata, a file or https URL (the development identity provider is for development only)",
    ],
    ['SAML_SP_PRIVATE_KEY_FILE', 'SAML_SP_PRIVATE_KEY_FILE: set the PEM file of the key the portal signs its SAML requests with'],
    ['SAML_SP_CERTIFICATE_FILE', 'SAML_SP_CERTIFICATE_FILE: set the PEM file of the certificate published in the service provider metadata'],
  ])('refuses to start in production without %s, and says so', (variable, problem) => {
    const env = Object.fromEntries(Object.entries(production).filter(([key]) => key !== variable));
    expect(problemsOf(env)).toEqual([problem]);
  });

  it('refuses the development session secret in production', () => {
    expect(problemsOf({ ...production, SESSION_SECRET: DEVELOPMENT_SESSION_SECRET })).toEqual([
      'SESSION_SECRET: set a random secret of at least 32 characters (the development secret is refused)',
    ]);
  });

  it('refuses a plain-http BASE_URL in production', () => {
    expect(problemsOf({ ...production, BASE_URL: 'http://eloket.example' })).toEqual([
      'BASE_URL: must be an https address in production',
    ]);
  });

  it('lists every missing variable at once', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toHaveLength(7);
  });

  it('reads the SAML settings: key files together, metadata refreshed hourly unless set', () => {
    expect(loadConfig(production)).toMatchObject({
      samlIdpMetadataRefreshMinutes: 60,
      samlSpKeyFiles: { privateKey: '/etc/eloket/sp-key.pem', certificate: '/etc/eloket/sp-cert.pem' },
    });
    expect(loadConfig({ SAML_IDP_METADATA_REFRESH_MINUTES: '5' }).samlIdpMetadataRefreshMinutes).toBe(5);
    expect(loadConfig({}).samlSpKeyFiles).toBeUndefined();
    expect(problemsOf({ SAML_SP_PRIVATE_KEY_FILE: '/k.pem' })).toEqual(['SAML_SP_PRIVATE_KEY_FILE and SAML_SP_CERTIFICATE_FILE: set both or neither']);
    expect(problemsOf({ SAML_IDP_METADATA_REFRESH_MINUTES: '0' })[0]).toMatch(/^SAML_IDP_METADATA_REFRESH_MINUTES: /);
  });

  it('reads the encryption key files together, and the maximum assertion age in seconds (five minutes unless set)', () => {
    expect(loadConfig({}).samlSpEncryptionKeyFiles).toBeUndefined();
    expect(loadConfig({ SAML_SP_ENCRYPTION_KEY_FILE: '/e.pem', SAML_SP_ENCRYPTION_CERTIFICATE_FILE: '/c.pem' }).samlSpEncryptionKeyFiles).toEqual({ privateKey: '/e.pem', certificate: '/c.pem' });
    expect(problemsOf({ SAML_SP_ENCRYPTION_KEY_FILE: '/e.pem' })).toEqual(['SAML_SP_ENCRYPTION_KEY_FILE and SAML_SP_ENCRYPTION_CERTIFICATE_FILE: set both or neither']);
    expect(loadConfig({}).samlMaxAssertionAgeMs).toBe(300_000);
    expect(loadConfig({ SAML_MAX_ASSERTION_AGE_SECONDS: '120' }).samlMaxAssertionAgeMs).toBe(120_000);
    expect(problemsOf({ SAML_MAX_ASSERTION_AGE_SECONDS: '86400' })[0]).toMatch(/^SAML_MAX_ASSERTION_AGE_SECONDS: /);
    expect(problemsOf({ DEV_IDP_ENCRYPTION: 'tripledes' })[0]).toMatch(/^DEV_IDP_ENCRYPTION: /);
  });

  it('names the variable that has a malformed value', () => {
    expect(problemsOf({ PORT: 'drieduizend' })[0]).toMatch(/^PORT: /);
    expect(problemsOf({ DATABASE_URL: 'mysql://x@y/z' })[0]).toMatch(/^DATABASE_URL: /);
    expect(problemsOf({ SESSION_SECRET: 'short' })[0]).toBe('SESSION_SECRET: must be at least 32 characters');
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });

  it('drops a trailing slash from BASE_URL', () => {
    expect(loadConfig({ BASE_URL: 'http://localhost:8080/' }).baseUrl).toBe('http://localhost:8080');
  });

  it('listens on 127.0.0.1 outside production and on every interface in production, unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...production, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
    expect(problemsOf({ HOST: 'a b' })[0]).toMatch(/^HOST: /);
  });
});

describe('secrets in production', () => {
  const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const composeSecrets = Object.values(compose.services).flatMap((service) =>
    Object.entries(service.environment ?? {})
      .filter(([name]) => /SECRET|PASSWORD/.test(name))
      .map(([, value]) => value),
  );
  const readmeSecrets = [...readme.matchAll(/\b[A-Z_]*(?:SECRET|PASSWORD)[A-Z_]*=([^\s`$'"]{8,})/g)].map((m) => m[1] ?? '');

  it('finds the secrets written in docker-compose.yml', () => {
    expect(composeSecrets).toEqual(expect.arrayContaining(['docker-compose-development-secret-not-for-production', 'eloket-development-only']));
  });

  it.each([...composeSecrets, ...readmeSecrets, DEVELOPMENT_SESSION_SECRET])('refuses the published secret %s as SESSION_SECRET, naming it', (secret) => {
    const problems = problemsOf({ ...production, SESSION_SECRET: secret.padEnd(32, 'x') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SESSION_SECRET: /);
  });

  it('refuses the database password of docker-compose.yml in DATABASE_URL', () => {
    const composeUrl = compose.services.portal?.environment?.DATABASE_URL ?? '';
    expect(problemsOf({ ...production, DATABASE_URL: composeUrl.replace('@postgres', '@db.internal') })).toEqual([
      'DATABASE_URL: refused, its password is published in the repository (docker-compose.yml, README or tests)',
    ]);
  });

  it.each([
    ['one repeated character', 'a'.repeat(48), /too little variety/],
    ['two characters', 'ab'.repeat(24), /too little variety|repeated/],
    ['nine characters', 'abcdefghi'.repeat(4), /too little variety|repeated/],
    ['a short sequence repeated', '0123456789abcdef'.repeat(3), /repeated/],
    ['mostly one character', `${'x'.repeat(40)}0123456789`, /too predictable/],
  ])('refuses an obviously weak SESSION_SECRET: %s', (_what, secret, reason) => {
    const problems = problemsOf({ ...production, SESSION_SECRET: secret });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SESSION_SECRET: refused, /);
    expect(problems[0]).toMatch(reason);
  });

  it('accepts a random secret as openssl rand -base64 48 makes it, and random hex', () => {
    expect(problemsOf({ ...production, SESSION_SECRET: 'k3J9vQ0w+Yf2bR7sLx1mNp8TzA6cHd4GeU5iOa9WqE2rTy7uIo3pBn6MlKj1Hg0F' })).toEqual([]);
    expect(problemsOf({ ...production, SESSION_SECRET: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })).toEqual([]);
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default, in production too', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig(production).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('accepts a number of hops, or addresses and subnets as Express does', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16, fd00::/8, 192.168.0.0/255.255.0.0, loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'fd00::/8',
      '192.168.0.0/255.255.0.0',
      'loopback',
    ]);
  });

  it.each(['true', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/8', ' , '])('refuses %j, naming the variable', (value) => {
    const problems = problemsOf({ TRUST_PROXY: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TRUST_PROXY: must be false, a number of proxy hops, or proxy addresses/);
  });
});
