// Unread markers in Chromium (issue 24 item 12): an unread received message is
// bold and its link's accessible name says "ongelezen"; opened, it is neither.
// axe on the list with markers.
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser } from '../helpers/browser.js';
import { clearThreads, createThread, daysBefore } from '../helpers/messages.js';

describe.skipIf(!hasBrowser)('unread markers in Chromium', () => {
  const portal = browserPortal({
    async prepare(db) {
      const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
      await clearThreads(db.prisma, sintJozef.id);
      await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Nieuwe campagne', messages: [{ direction: 'incoming', sentAt: daysBefore(3) }] });
      await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Herinnering', messages: [{ direction: 'incoming', sentAt: daysBefore(2) }] });
    },
  });

  it('shows unread messages bold with "ongelezen" in their accessible name, and plain once opened', async () => {
    const page = await portal.signedIn('Jan Claes', '/berichten');
    const received = page.locator('#ontvangen');
    await expect(received.locator('h2').textContent()).resolves.toBe('Ontvangen berichten (2 ongelezen)');
    const unread = received.getByRole('link', { name: 'Herinnering (ongelezen)', exact: true });
    expect(await unread.count()).toBe(1);
    expect(await unread.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    // Hidden from sight, present for a screen reader.
    const hidden = await unread.locator('.visually-hidden').boundingBox();
    expect(hidden?.width ?? 0).toBeLessThanOrEqual(1);
    await expectNoAxeViolations(page);

    await unread.click();
    await page.waitForURL(/\/berichten\/\d+$/);
    await page.goto(`${portal.baseUrl}/berichten`);
    await expect(received.locator('h2').textContent()).resolves.toBe('Ontvangen berichten (1 ongelezen)');
    const read = received.getByRole('link', { name: 'Herinnering', exact: true });
    expect(await read.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('400');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
