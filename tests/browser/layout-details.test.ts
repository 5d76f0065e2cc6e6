// Layout facts a user notices, measured in Chromium (issue 24 items 19-21, 24):
// the dossier form's select shows its whole value, the netto price sits on the
// fields' baseline, both Luiken share their columns; filter rows share a bottom
// line; the file fields speak Dutch and stay keyboard-reachable; "Hulp nodig?"
// covers nothing; a thread and a dossier print without the portal's controls.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser, signInAs, startDossier } from '../helpers/browser.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';
import { createThread } from '../helpers/messages.js';

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
}

const box = (page: Page, selector: string): Promise<Box> =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width };
  });

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe.skipIf(!hasBrowser)('layout details in Chromium', () => {
  let threadMessageId = 0;
  let staffThreadId = 0;
  const portal = browserPortal({
    clock: () => new Date('2026-05-10T10:00:00Z'),
    async prepare(db) {
      await metingDagprijzen2026(db.prisma);
      const hof = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
      const thread = await createThread(db.prisma, {
        facilityId: hof.id,
        themeSlug: 'prijzen',
        title: 'Vraag over de dagprijzen',
        messages: [{ direction: 'incoming', sentAt: new Date('2026-05-04T09:00:00Z'), body: 'Zie https://www.departementzorg.be voor de omzendbrief.' }],
      });
      threadMessageId = thread.messageIds[0] ?? 0;
      staffThreadId = thread.threadId;
    },
  });
  const anAtHofTerLinden = () => portal.actingFor('An Peeters', /WZC Hof ter Linden/);

  let dossierUrl: string | undefined;
  /** An's dossier of 2026 (created on the first visit, prefilled with 2025's lines). */
  async function dossierPage(): Promise<Page> {
    const page = await anAtHofTerLinden();
    if (dossierUrl) {
      await page.goto(dossierUrl);
      return page;
    }
    await page.goto(`${portal.baseUrl}/themas/prijzen`);
    ({ url: dossierUrl } = await startDossier(page, 'Aanmaken meting dagprijzen mei 2026'));
    return page;
  }

  it('dossier form: the kamertype shows in full, the netto price sits on the fields\' baseline, both Luiken share their columns', async () => {
    const page = await dossierPage();
    await page.locator('#luik2-0-kamertype').selectOption('WZC tweepersoonskamer');

    const clipped = await page.locator('select.select--compact').evaluateAll((selects) =>
      selects.map((el) => {
        const select = el as HTMLSelectElement;
        const style = getComputedStyle(select);
        const context = document.createElement('canvas').getContext('2d');
        if (!context) throw new Error('no canvas');
        context.font = style.font;
        const widest = Math.max(...Array.from(select.options, (o) => context.measureText(o.text).width));
        // The room for the text: the box less padding, border and the drop-down arrow (about 1.5em).
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 1.5 * parseFloat(style.fontSize);
        return { id: select.id, widest, room, scroll: select.scrollWidth <= select.clientWidth };
      }),
    );
    expect(clipped.length).toBeGreaterThan(1);
    for (const s of clipped) {
      expect(s.scroll, s.id).toBe(true);
      expect(s.widest, `${s.id}: text ${s.widest}px in ${s.room}px`).toBeLessThanOrEqual(s.room);
    }

    // A zero-size inline marker after the field and after the netto price stands on each line's baseline.
    const baselines = await page.evaluate(() => {
      const at = (el: Element) => {
        const marker = document.createElement('span');
        marker.style.display = 'inline-block';
        marker.style.width = '0';
        marker.style.height = '0';
        el.after(marker);
        const y = marker.getBoundingClientRect().bottom;
        marker.remove();
        return y;
      };
      const price = document.getElementById('luik2-0-prijs');
      const capacity = document.getElementById('luik2-0-capaciteit');
      const netto = document.getElementById('luik2-0-netto');
      if (!price || !capacity || !netto) throw new Error('form fields missing');
      return { price: at(price), capacity: at(capacity), netto: at(netto) };
    });
    expect(Math.abs(baselines.netto - baselines.price)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(baselines.capacity - baselines.price)).toBeLessThanOrEqual(0.5);

    const widths = await page.locator('table.table--form').evaluateAll((tables) =>
      tables.map((t) => Array.from(t.querySelectorAll('thead th')).map((th) => ({ col: th.className, width: th.getBoundingClientRect().width }))),
    );
    expect(widths).toHaveLength(2);
    const [luik1, luik2] = widths;
    for (const col of ['col--kamertype', 'col--beschrijving', 'col--capaciteit', 'col--prijs', 'col--remove']) {
      const one = luik1?.find((c) => c.col.includes(col))?.width;
      const two = luik2?.find((c) => c.col.includes(col))?.width;
      expect(one, col).toBeDefined();
      expect(Math.abs((one ?? 0) - (two ?? -99)), col).toBeLessThanOrEqual(0.5);
    }
    await expectNoAxeViolations(page);
  });

  it('"Hulp nodig?" covers neither the last row\'s buttons nor the last table cell, brought into view or at the page\'s end', async () => {
    const page = await dossierPage();
    await page.setViewportSize({ width: 1280, height: 600 });
    // Brought into view at the bottom edge (as find-in-page, an anchor or a keyboard user's focus does), then at the page's end.
    const clearOfHelp = async (p: Page, selector: string, how: 'into view' | 'page end') => {
      const target = p.locator(selector).last();
      if (how === 'into view') await target.evaluate((el) => el.scrollIntoView({ block: 'end' }));
      else await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const rect = await target.evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
      return !overlaps(await box(p, '.help-button'), rect);
    };
    expect(await clearOfHelp(page, 'table.table--form tbody tr:last-child .remove-button', 'into view')).toBe(true);
    expect(await clearOfHelp(page, '#indienen-knoppen .button', 'into view')).toBe(true);

    const staff = await portal.browser.newPage({ viewport: { width: 1280, height: 600 } });
    await signInAs(staff, portal.baseUrl, 'Els Willems');
    await staff.goto(`${portal.baseUrl}/beheer/campagnes/2026`);
    expect(await clearOfHelp(staff, 'main table tbody tr:last-child td:last-child', 'into view')).toBe(true);
    expect(await clearOfHelp(staff, 'main table tbody tr:last-child td:last-child', 'page end')).toBe(true);
  });

  it('filter rows: the label, the fields and the button of each row share their lines', async () => {
    const page = await portal.signedIn('Els Willems');
    const rows: [string, string][] = [
      [`/beheer/campagnes/2026`, 'form.filter-form'],
      [`/beheer/berichten`, 'form.inbox-filters'],
      [`/beheer/berichten/${staffThreadId}`, '.inbox-actions'],
    ];
    for (const [path, row] of rows) {
      await page.goto(`${portal.baseUrl}${path}`);
      const bottoms = await page.locator(row).first().evaluate((el) =>
        Array.from(el.querySelectorAll('select, input:not([type="hidden"]), button')).map((c) => ({ name: c.getAttribute('name') ?? c.textContent?.trim(), bottom: c.getBoundingClientRect().bottom, height: c.getBoundingClientRect().height })),
      );
      expect(bottoms.length, path).toBeGreaterThan(1);
      // A long row may wrap: controls on one line share its bottom exactly, never by a few pixels off.
      const first = bottoms[0];
      for (const a of bottoms) {
        expect(Math.abs(a.height - (first?.height ?? 0)), `${path}: ${a.name}`).toBeLessThanOrEqual(1);
        for (const b of bottoms) {
          const apart = Math.abs(a.bottom - b.bottom);
          expect(apart <= 1 || apart >= a.height, `${path}: ${a.name} and ${b.name} ${apart}px apart`).toBe(true);
        }
      }
      await expectNoAxeViolations(page);
    }
    // Fields without a hint have their labels on one line too.
    await page.goto(`${portal.baseUrl}/beheer/campagnes/2026`);
    const labelTops = await page.locator('form.filter-form label').evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().top));
    expect(new Set(labelTops.map((t) => Math.round(t))).size).toBe(1);
  });

  it('file fields show the portal\'s button in Dutch, are reached with Tab and name the chosen files', async () => {
    const page = await anAtHofTerLinden();
    await page.goto(`${portal.baseUrl}/berichten/nieuw?thema=prijzen`);
    const field = page.locator('[data-file-field]').first();
    expect(await field.locator('.file-field__button').innerText()).toBe('Bestanden kiezen');
    expect(await field.locator('.file-field__names').innerText()).toBe('Geen bestand gekozen');
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('Choose File');
    expect(text).not.toContain('No file chosen');
    const input = field.locator('input[type="file"]');
    const id = await input.getAttribute('id');
    // Tab from the field before it reaches the (visually hidden) native input, and its focus shows on the button.
    await page.locator('textarea').first().focus();
    let reached = false;
    for (let i = 0; i < 15 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((expected) => document.activeElement?.id === expected, id);
    }
    expect(reached).toBe(true);
    expect(await field.locator('.file-field__button').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await input.setInputFiles([
      { name: 'offerte.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
      { name: 'plan.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    expect(await field.locator('.file-field__names').innerText()).toBe('offerte.pdf, plan.png');
    await expectNoAxeViolations(page);
  });

  it('prints a thread and a dossier without the header menu, "Hulp nodig?" and buttons, with the links\' addresses', async () => {
    const page = await dossierPage();
    const dossierPath = new URL(page.url()).pathname;
    for (const path of [`/berichten/${threadMessageId}`, dossierPath]) {
      await page.goto(`${portal.baseUrl}${path}`);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.user-menu').isVisible(), path).toBe(false);
      expect(await page.locator('.help-button').isVisible(), path).toBe(false);
      expect(await page.locator('main button:visible').count(), path).toBe(0);
      const after = await page.locator('main a[href^="/"]').first().evaluate((a) => ({ href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content }));
      expect(after.after, path).toBe(`" (${after.href})"`);
      await page.emulateMedia({ media: 'screen' });
      expect(await page.locator('.help-button').isVisible(), path).toBe(true);
    }
  });
});
