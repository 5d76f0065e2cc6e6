// What the page benchmarks share: waiting for a portal they started, a client
// on its embedded PostgreSQL, and a logged-in browser session (cookies kept
// between calls; a login as a named person through the development identity
// provider, the same SAML path a person takes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** Waits until the portal at `base` answers /health (at most 30 s). */
export async function waitForPortal(base) {
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) return;
    if (i > 600) throw new Error('the portal did not start');
    await sleep(50);
  }
}

/** A client on the embedded PostgreSQL that `npm start` runs under `dataDir` (not yet connected). */
export function embeddedDatabaseClient(dataDir) {
  const postmaster = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
  return new pg.Client({ host: '127.0.0.1', port: Number(postmaster[3]), user: 'postgres', password, database: 'eloket' });
}

/** Logs in as `personName` on the portal at `base`; returns `call(path, init)` and the session's cookie header. */
export async function loginThroughDevIdp(base, personName) {
  const jar = new Map();
  let cookie = '';
  const call = async (path, init = {}) => {
    const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, { redirect: 'manual', ...init, headers: { cookie, ...(init.headers ?? {}) } });
    for (const c of response.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(';');
      const [name, ...value] = pair.split('=');
      jar.set(name, value.join('='));
    }
    cookie = [...jar.entries()].map(([n, v]) => `${n}=${v}`).join('; ');
    return response;
  };
  const field = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const form = (data) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(data).toString() });
  const login = await call('/auth/login');
  const signIn = await (await call(login.headers.get('location'))).text();
  const personId = new RegExp(`name="personId" value="(\\d+)"[\\s\\S]{0,200}?>${personName}<`).exec(signIn)?.[1];
  if (!personId) throw new Error(`${personName} is not on the identity provider's sign-in page`);
  const answer = await (await call('/dev/idp/sso', form({ _csrf: field(signIn, '_csrf'), requestId: field(signIn, 'requestId'), personId }))).text();
  const acs = await call('/auth/saml/acs', form({ SAMLResponse: field(answer, 'SAMLResponse') }));
  if (acs.status !== 303) throw new Error(`login failed: ${acs.status}`);
  return { call, cookie: () => cookie };
}

const decode = (value) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The [name, value] pairs a browser would post for the form posting to `action` (inputs only; checked boxes). */
export function formBody(html, action) {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const end = html.indexOf('</form>', start);
  const pairs = [];
  for (const [tag] of html.slice(start, end).matchAll(/<input\b[^>]*>/g)) {
    const attr = (name) => new RegExp(`\\s${name}(?:="([^"]*)")?`).exec(tag);
    const name = attr('name')?.[1];
    if (!name || attr('disabled')) continue;
    const type = attr('type')?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !attr('checked')) continue;
    pairs.push([decode(name), decode(attr('value')?.[1] ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''))]);
  }
  return pairs;
}

/**
 * Starts the built portal (dist/server.js, as `npm start` runs it) on a free
 * port with its embedded PostgreSQL under `dataDir`; `nodeArgs` go to Node
 * (V8 flags, --cpu-prof). Returns the child process, its base URL and
 * `stop()`, which ends it and waits for its exit.
 */
export async function startBenchPortal(root, dataDir, nodeArgs = []) {
  const { spawn } = await import('node:child_process');
  const { freePort } = await import(join(root, 'dist', 'db', 'embedded-postgres.js'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The environment settings and Node flags of `npm start` (package.json:
  // `NAME=value node --flag dist/server.js`), so that the benchmark measures the portal as it runs.
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const [, settings = '', flags = ''] = /((?:[A-Z_]+=\S+ )*)node ((?:--\S+ )*)dist\/server\.js/.exec(start) ?? [];
  const startEnv = Object.fromEntries(settings.trim().split(' ').filter(Boolean).map((s) => s.split('=')));
  const startFlags = flags.trim().split(' ').filter(Boolean);
  const portal = spawn(process.execPath, [...startFlags, ...nodeArgs, join(root, 'dist', 'server.js')], {
    cwd: root,
    env: { ...startEnv, ...process.env, ELOKET_DATA_DIR: dataDir, PORT: String(port), BASE_URL: base, LOG_LEVEL: 'warn', NODE_ENV: 'development', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (portal.exitCode !== null) return;
    portal.kill('SIGTERM');
    await new Promise((resolve) => portal.once('exit', resolve));
  };
  return { portal, base, stop };
}
