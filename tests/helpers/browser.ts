// Browser tests drive Debian's Chromium through playwright-core (no browser
// download). Without a browser they are skipped with one clear line, except
// on CI (CI=true), where a missing browser fails the run.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

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

/**
 * Signs in through the development identity provider's page as the named
 * person (the first button with that name). With `returnTo`, the login starts
 * with that RelayState and waits until the portal shows that page.
 */
export async function signInAs(page: Page, baseUrl: string, name: string, returnTo?: string): Promise<void> {
  await page.goto(`${baseUrl}/auth/login${returnTo ? `?RelayState=${encodeURIComponent(returnTo)}` : ''}`);
  await page.getByRole('button', { name, exact: true }).first().click();
  if (returnTo) await page.waitForURL(`${baseUrl}${returnTo}`);
  else await page.waitForLoadState();
}

/** Signs in as the named person and chooses the facility whose label matches `facility` on the portal's choice page; ends on the start page. */
export async function signInForFacility(page: Page, baseUrl: string, name: string, facility: RegExp): Promise<void> {
  await signInAs(page, baseUrl, name);
  await page.getByLabel(facility).check();
  await page.getByRole('button', { name: 'Verder' }).click();
  await page.waitForURL(`${baseUrl}/`);
}
