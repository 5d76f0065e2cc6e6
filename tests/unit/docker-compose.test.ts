// No Docker engine runs on our machines: the compose file is checked by parsing it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, secretWeakness } from '../../src/config.js';

interface Service {
  image?: string;
  build?: string | { context: string; target?: string };
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, Service> };
const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const { postgres, mailpit, migrate, portal } = compose.services;

describe('docker-compose.yml', () => {
  it('has the portal, PostgreSQL 18, Mailpit and a migration step', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['mailpit', 'migrate', 'portal', 'postgres']);
    expect(postgres?.image).toBe('postgres:18');
    expect(mailpit?.image).toMatch(/^axllent\/mailpit/);
    expect(portal?.build).toBe('.');
  });

  it('publishes the portal on 3000 and Mailpit on 1025 (SMTP) and 8025 (web), on 127.0.0.1 only', () => {
    expect(portal?.ports).toEqual(['127.0.0.1:3000:3000']);
    expect(mailpit?.ports).toEqual(['127.0.0.1:1025:1025', '127.0.0.1:8025:8025']);
  });

  it('publishes no port of any service on all interfaces (the development IdP lets anyone log in as anyone)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) expect(port, `${name}: ${port}`).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('lets the portal listen on every interface inside its container, so that the published port reaches it', () => {
    expect(portal?.environment?.HOST).toBe('0.0.0.0');
    expect(loadConfig(portal?.environment ?? {}).host).toBe('0.0.0.0');
  });

  it('uses secrets that production refuses: they are published here', () => {
    const env = portal?.environment ?? {};
    expect(secretWeakness(env.SESSION_SECRET ?? '')).toMatch(/published/);
    expect(secretWeakness(postgres?.environment?.POSTGRES_PASSWORD ?? '')).toMatch(/published/);
  });

  it('applies the migrations with prisma migrate deploy before the portal starts', () => {
    expect(migrate?.command).toEqual(['npx', 'prisma', 'migrate', 'deploy']);
    expect(migrate?.build).toEqual({ context: '.', target: 'build' });
    expect(dockerfile).toMatch(/FROM .* AS build/);
    expect(portal?.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    expect(portal?.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
    expect(migrate?.environment?.DATABASE_URL).toBe(portal?.environment?.DATABASE_URL);
  });

  it('points the portal at the postgres and mailpit services with a configuration it accepts', () => {
    const env = portal?.environment ?? {};
    expect(new URL(env.DATABASE_URL ?? '').host).toBe('postgres:5432');
    expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
    const pg = postgres?.environment ?? {};
    expect(env.DATABASE_URL).toBe(`postgresql://${pg.POSTGRES_USER}:${pg.POSTGRES_PASSWORD}@postgres:5432/${pg.POSTGRES_DB}`);
    const config = loadConfig(env);
    expect(config.databaseUrl).toBe(env.DATABASE_URL);
    expect(config.port).toBe(3000);
  });
});
