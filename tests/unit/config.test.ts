import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_SESSION_SECRET, loadConfig } from '../../src/config.js';

const production = {
  NODE_ENV: 'production',
  BASE_URL: 'https://eloket.departementzorg.be',
  DATABASE_URL: 'postgresql://eloket:secret@db.internal:5432/eloket',
  SESSION_SECRET: 'a'.repeat(48),
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
});
