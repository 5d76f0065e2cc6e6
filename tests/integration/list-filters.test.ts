// An unknown value of a list's enum filter (a mistyped or outdated link) is
// said in Dutch next to the filter, as a bad date is, instead of being
// silently ignored; and the Berichthistoriek tells messages of one day apart
// by their time.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { logins } from '../helpers/login.js';
import { createThread } from '../helpers/messages.js';
import { errorSummary } from '../helpers/html.js';

const { app, db } = await createTestApp();
const ELS = '80012724649'; // Team Prijzen
const LOTTE = '93110230219'; // Technische helpdesk
const JAN = '85092305734'; // WZC Sint-Jozef
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });

const login = logins(app, db.prisma);

/** The error summary's links: "#field text". */

describe('an unknown value of an enum filter', () => {
  it('is reported on the campaign page (status=xx), with the list unfiltered', async () => {
    const els = await login.as(ELS);
    const page = await els.get('/beheer/campagnes/2026?status=xx');
    expect(page.status).toBe(400);
    expect(errorSummary(page.text)).toEqual(['#status Kies ‘Niet gestart’, ‘In opmaak’, ‘Ingediend’, ‘Te laat’ of ‘Alle’.']);
    expect(page.text).toContain('id="status-error"');
    expect(page.text).toContain('<title>Fout: ');
    const known = await els.get('/beheer/campagnes/2026?status=ingediend');
    expect(known.status).toBe(200);
    expect(known.text).not.toContain('error-summary');
  });

  it('is reported on the outbox, the audit trail and the helpdesk tickets', async () => {
    const lotte = await login.as(LOTTE);
    for (const [path, field] of [
      ['/beheer/mail?status=xx', 'status'],
      ['/beheer/audit?soort=xx', 'soort'],
      ['/beheer/helpdesk?status=xx', 'status'],
    ] as const) {
      const page = await lotte.get(path);
      expect(page.status, path).toBe(400);
      expect(errorSummary(page.text)[0], path).toMatch(new RegExp(`^#${field} Kies `));
      expect(page.text, path).toContain(`id="${field}-error"`);
    }
    expect((await lotte.get('/beheer/mail?status=failed')).status).toBe(200);
    expect((await lotte.get('/beheer/helpdesk?status=open')).status).toBe(200);
  });

  it('is reported for the direction filter of a theme page\'s messages', async () => {
    const jan = await login.as(JAN);
    const page = await jan.get('/themas/prijzen?berichten-richting=xx');
    expect(page.text).toContain('Kies ‘In’, ‘Uit’ of ‘Alle’.');
  });
});

describe('the Berichthistoriek', () => {
  it('shows date and time (Brussels) of each message, so two messages of one day differ', async () => {
    const thread = await createThread(db.prisma, {
      facilityId: sintJozef.id,
      themeSlug: 'prijzen',
      title: 'Twee berichten op één dag',
      messages: [
        { direction: 'outgoing', sentAt: new Date('2026-03-10T08:05:00Z'), body: 'Ochtend.' },
        { direction: 'incoming', sentAt: new Date('2026-03-10T14:40:00Z'), body: 'Namiddag.' },
        { direction: 'incoming', sentAt: new Date('2026-03-11T09:00:00Z'), body: 'Laatste.' },
      ],
    });
    const page = await (await login.as(JAN)).get(`/berichten/${thread.messageIds[2]}`);
    const history = page.text.split('id="berichthistoriek"')[1] ?? '';
    const summaries = [...history.matchAll(/<summary>([^<]+)<\/summary>/g)].map((m) => m[1]?.trim());
    expect(summaries).toEqual(['10/03/2026 15:40 Inkomend bericht – Els Willems', '10/03/2026 09:05 Uitgaand bericht – Jan Claes']);
  });
});
