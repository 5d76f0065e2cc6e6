// Browser tests drive Debian's Chromium through playwright-core (no browser
// download). Without a browser they are skipped with one clear line, except
// on CI (CI=true), where a missing browser fails the run.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import type { ExtraRoute } from '../../src/app.js';
import type { IdentitySetup } from '../../src/auth/identity.js';
import type { Config } from '../../src/config.js';
import type { MailSink } from '../../src/dev/mail-sink.js';
import { startTestServer, type TestAppOptions } from './app.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startDevMailDelivery } from './outbox.js';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => typeof p === 'string' && p !== '',
);
export const chromiumPath = candidates.find((p) => existsSync(p));

if (!chromiumPath) {
  if (process.env.CI === 'true') {
    throw new Error('No Chromium found (set CHROME_PATH or install the Debian package "chromium"); browser tests cannot run on CI.');
  }
  console.warn('Browser tests skipped: no Chromium found (set CHROME_PATH or run `apt-get install chromium`).');
}

export const hasBrowser = chromiumPath !== undefined;

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page and fails on any violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not block it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** A page whose own scripts never run, and axe for it (see scriptlessPage). */
export interface ScriptlessPage {
  readonly page: Page;
  /** axe is a script: it checks the page's HTML in a page with script, without the page's own scripts. */
  expectNoAxeViolations(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A page in a context with JavaScript disabled, to show a form works as plain
 * posts. With `signedInFrom`, the new context takes that page's cookies, so it
 * is signed in (and acting for the same facility) without the login's script.
 */
export async function scriptlessPage(browser: Browser, baseUrl: string, signedInFrom?: Page): Promise<ScriptlessPage> {
  const storageState = signedInFrom ? await signedInFrom.context().storageState() : undefined;
  const context: BrowserContext = await browser.newContext({ javaScriptEnabled: false, storageState });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  let checker: Page | undefined;
  return {
    page,
    async expectNoAxeViolations() {
      if (!checker) {
        checker = await browser.newPage();
        // Any page of the portal, so the copied HTML resolves its styles against the portal.
        await checker.goto(`${baseUrl}/hulp`);
      }
      await checker.setContent((await page.content()).replace(/<script\b[^>]*><\/script>/g, ''));
      await expectNoAxeViolations(checker);
    },
    async close() {
      await checker?.close();
      await context.close();
    },
  };
}

/**
 * Waits until the page shows `url` (loaded); when it does not, the error says
 * where the browser is instead and what that page says, which a timeout alone
 * does not tell (an error page, a refusal, a page still loading).
 */
export async function waitForPage(page: Page, url: string | ((url: URL) => boolean)): Promise<void> {
  try {
    await page.waitForURL(url);
  } catch (error) {
    const heading = await page.locator('h1').first().textContent({ timeout: 1_000 }).catch(() => null);
    const shown = await page.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
    throw new Error(`expected ${typeof url === 'string' ? url : 'another page'}, but the browser shows ${page.url()} (h1: ${heading ?? 'none'}; text: ${shown.slice(0, 300).replace(/\s+/g, ' ')})`, { cause: error });
  }
}

/**
 * Signs in through the development identity provider's page as the named
 * person (the first button with that name). With `returnTo`, the login starts
 * with that RelayState and waits until the portal shows that page; without,
 * it waits until the login's redirects have brought the browser back to a
 * page of the portal.
 */
export async function signInAs(page: Page, baseUrl: string, name: string, returnTo?: string): Promise<void> {
  await page.goto(`${baseUrl}/auth/login${returnTo ? `?RelayState=${encodeURIComponent(returnTo)}` : ''}`);
  await page.getByRole('button', { name, exact: true }).first().click();
  const origin = new URL(baseUrl).origin;
  await waitForPage(page, returnTo ? `${baseUrl}${returnTo}` : (url) => url.origin === origin && !url.pathname.startsWith('/auth/') && !url.pathname.startsWith('/dev/idp'));
}

/** Signs in as a facility user (signInAs) and chooses the facility to act for, e.g. /WZC Hof ter Linden/; ends on the home page. */
export async function signInForFacility(page: Page, baseUrl: string, name: string, facility: RegExp): Promise<void> {
  await signInAs(page, baseUrl, name);
  await page.getByLabel(facility).check();
  await page.getByRole('button', { name: 'Verder' }).click();
  await waitForPage(page, `${baseUrl}/`);
}

/** Opens a theme from the home page's menu (e.g. 'Prijzen'); ends on /themas/... after axe. */
export async function openTheme(page: Page, theme: string): Promise<void> {
  await page.getByRole('link', { name: theme, exact: true }).click();
  await page.waitForURL(/\/themas\/[^/]+$/);
  await expectNoAxeViolations(page);
}

/**
 * Presses a "Nieuw dossier" button of the theme page (e.g. 'Aanmaken meting dagprijzen mei 2026')
 * and waits for the new dossier's page; returns its URL and id.
 */
export async function startDossier(page: Page, button: string): Promise<{ url: string; id: number }> {
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL(/\/dossiers\/(prijzen\/)?\d+$/);
  const url = page.url();
  return { url, id: Number(/(\d+)$/.exec(url)?.[1]) };
}

/** From /beheer: "Dossiers", then the dossier's reference in the queue (axe on both pages); ends on /beheer/dossiers/:id. */
export async function openQueuedDossier(page: Page, baseUrl: string, reference: string, dossierId: number): Promise<void> {
  await page.getByRole('link', { name: 'Dossiers', exact: true }).click();
  await page.waitForURL(`${baseUrl}/beheer/dossiers`);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: reference }).click();
  await page.waitForURL(`${baseUrl}/beheer/dossiers/${dossierId}`);
  await expectNoAxeViolations(page);
}

/**
 * On the department's dossier page: "In behandeling nemen", then the decision (with its
 * motivation) and "Beslissing bewaren"; axe on the decided page. Returns the main text then.
 */
export async function takeInHandAndDecide(page: Page, decision: string, motivation?: string): Promise<string> {
  await page.getByRole('button', { name: 'In behandeling nemen' }).click();
  await page.waitForURL(/gedaan=in-behandeling/);
  await expectNoAxeViolations(page);
  await page.getByLabel(decision).check();
  if (motivation) await page.getByLabel('Motivering').fill(motivation);
  await page.getByRole('button', { name: 'Beslissing bewaren' }).click();
  await page.waitForURL(/gedaan=afgehandeld/);
  await expectNoAxeViolations(page);
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

export interface BrowserPortalOptions extends Pick<TestAppOptions, 'env'> {
  /** Routes of the test itself, added to the portal's (they may use the file's database). */
  extraRoutes?: (db: TestDatabase) => ExtraRoute[];
  /** Fills the file's own database before the portal starts. */
  prepare?: (db: TestDatabase) => Promise<void>;
  /** The portal's clock; read at every call, so a test may move it. */
  clock?: () => Date;
  /** Delivers the outbox to a development mail sink (`portal.sink`, shown at /dev/mail). */
  mail?: boolean;
}

/** What a browser test file drives: the portal on its own database, and Chromium. Filled in beforeAll. */
export interface BrowserPortal {
  readonly browser: Browser;
  readonly baseUrl: string;
  readonly db: TestDatabase;
  readonly config: Config;
  readonly identity: IdentitySetup;
  readonly sink: MailSink;
  /** A new page signed in as `name` (signInAs). */
  signedIn(name: string, returnTo?: string): Promise<Page>;
  /** A new page signed in as a facility user acting for `facility` (signInForFacility); on the home page. */
  actingFor(name: string, facility: RegExp): Promise<Page>;
}

/** The limit of one browser test (see browserPortal). */
const BROWSER_TEST_TIMEOUT = 90_000;

/**
 * Registers the hooks of a browser test file (call it in the describe): a database of
 * its own, the portal on a free port, Chromium, and with `mail` the mail delivery;
 * all closed after the file.
 */
export function browserPortal(options: BrowserPortalOptions = {}): BrowserPortal {
  let started: { browser: Browser; baseUrl: string; db: TestDatabase; config: Config; identity: IdentitySetup; sink?: MailSink } | undefined;
  let mail: Awaited<ReturnType<typeof startDevMailDelivery>> | undefined;
  const get = () => {
    if (!started) throw new Error('the portal is started in beforeAll: use it inside a test or hook');
    return started;
  };
  // A journey on a loaded two-core CI machine takes several times its quiet
  // duration (CI: a 3 s journey ran past 30 s). The test's limit is a guard
  // against a hang; a step that really stalls still fails on Playwright's own
  // 30 s, with the step's name in the error.
  vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT });
  beforeAll(async () => {
    const db = await createTestDatabase();
    await options.prepare?.(db);
    if (options.mail) mail = await startDevMailDelivery(db.pool);
    const clock = options.clock;
    const { baseUrl, config, identity } = await startTestServer({
      db,
      env: options.env,
      extraRoutes: options.extraRoutes?.(db),
      deps: { ...(mail ? { mailSink: mail.sink } : {}), ...(clock ? { clock: () => clock() } : {}) },
    });
    started = { browser: await launchBrowser(), baseUrl, db, config, identity, sink: mail?.sink };
  });
  afterAll(async () => {
    await started?.browser.close();
    await mail?.stop();
  });
  const portal: BrowserPortal = {
    get browser() {
      return get().browser;
    },
    get baseUrl() {
      return get().baseUrl;
    },
    get db() {
      return get().db;
    },
    get config() {
      return get().config;
    },
    get identity() {
      return get().identity;
    },
    get sink() {
      const sink = get().sink;
      if (!sink) throw new Error('start the portal with { mail: true } to read its mail sink');
      return sink;
    },
    async signedIn(name, returnTo) {
      const page = await get().browser.newPage();
      await signInAs(page, get().baseUrl, name, returnTo);
      return page;
    },
    async actingFor(name, facility) {
      const page = await get().browser.newPage();
      await signInForFacility(page, get().baseUrl, name, facility);
      return page;
    },
  };
  return portal;
}

/** Opens /dev/mail until the e-mail to `to` whose subject matches shows (the worker sends in the background), then opens it. */
export async function openDevMail(page: Page, baseUrl: string, to: string, subject: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    await page.goto(`${baseUrl}/dev/mail`);
    const link = page.locator('tr', { hasText: to }).getByRole('link', { name: subject });
    if ((await link.count()) > 0) {
      await link.first().click();
      return;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no e-mail to ${to} matching ${subject}`);
}

/** Downloads `url` with the page's cookies and expects a PDF; returns its bytes. */
export async function expectPdfAt(page: Page, url: string): Promise<Buffer> {
  const response = await page.request.get(url);
  expect(response.status(), url).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const body = await response.body();
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  return body;
}
