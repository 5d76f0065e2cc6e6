import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('mail and helpdesk configuration', () => {
  it('has production-minded defaults, with the From address on the domain of BASE_URL', () => {
    const { mail } = loadConfig({ NODE_ENV: 'development', BASE_URL: 'https://eloket.departementzorg.be/' });
    expect(mail).toEqual({
      from: 'e-loket Departement Zorg <noreply@eloket.departementzorg.be>',
      worker: 'portal',
      batchSize: 20,
      maxAttempts: 10,
      leaseMs: 120_000,
      retryBaseMs: 30_000,
      pollMs: 1_000,
      bodyRetentionMs: 30 * 24 * 3600_000,
    });
  });

  it('takes every setting from the environment, in seconds where it says so', () => {
    const { mail } = loadConfig({
      MAIL_FROM: 'Zorg <zorg@example.be>',
      MAIL_WORKER: 'separate',
      MAIL_BATCH_SIZE: '5',
      MAIL_MAX_ATTEMPTS: '3',
      MAIL_LEASE_SECONDS: '1.5',
      MAIL_RETRY_SECONDS: '0.1',
      MAIL_POLL_SECONDS: '0.05',
      MAIL_BODY_RETENTION_DAYS: '7',
    });
    expect(mail).toEqual({
      from: 'Zorg <zorg@example.be>',
      worker: 'separate',
      batchSize: 5,
      maxAttempts: 3,
      leaseMs: 1500,
      retryBaseMs: 100,
      pollMs: 50,
      bodyRetentionMs: 7 * 24 * 3600_000,
    });
  });

  it('sends helpdesk questions to the helpdesk team by default, or to HELPDESK_EMAIL', () => {
    expect(loadConfig({}).helpdesk).toEqual({ email: 'helpdesk@departementzorg.example', rateLimitPerHour: 5 });
    expect(loadConfig({ HELPDESK_EMAIL: 'support@zorg.example', HELPDESK_RATE_LIMIT_PER_HOUR: '20' }).helpdesk).toEqual({
      email: 'support@zorg.example',
      rateLimitPerHour: 20,
    });
    expect(() => loadConfig({ HELPDESK_EMAIL: 'geen adres' })).toThrow(/HELPDESK_EMAIL/);
    expect(() => loadConfig({ MAIL_BODY_RETENTION_DAYS: '0' })).toThrow(/MAIL_BODY_RETENTION_DAYS/);
  });

  it('refuses nonsense, naming the variable', () => {
    expect(() => loadConfig({ MAIL_BATCH_SIZE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAIL_WORKER: 'elsewhere' })).toThrow(/MAIL_WORKER/);
    expect(() => loadConfig({ MAIL_LEASE_SECONDS: '-1' })).toThrow(/MAIL_LEASE_SECONDS/);
  });
});
