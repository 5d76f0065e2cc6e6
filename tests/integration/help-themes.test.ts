// "Hulp nodig?" on every page of a theme (seed 000 §4.5, seed 002 §5.2): the
// dagprijzen form, a message, its reply form and the Zorgaanbod list name
// the theme's team under "Contacteer ons", as the theme page does.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { text, textsOf } from '../helpers/html.js';
import { hiddenField, logins } from '../helpers/login.js';
import { createThread } from '../helpers/messages.js';

const { app, db } = await createTestApp();
const AN = '78041215386'; // dossier role for WZC Hof ter Linden
const JAN = '85092305734'; // WZC Sint-Jozef
const SOFIE = '91030521416'; // Huisartsenkring Pajottenland
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });

type Agent = ReturnType<typeof request.agent>;

const login = logins(app, db.prisma);

/** Follows the page's "Hulp nodig?" button as help-panel.js does; the text under "Contacteer ons". */
async function contactUsOf(agent: Agent, path: string): Promise<string> {
  const page = await agent.get(path);
  expect(page.status, path).toBe(200);
  const href = /<a class="help-button" href="([^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
  expect(href, path).toMatch(/^\/hulp\?thema=/);
  const panel = await agent.get(`${(href ?? '').replace('/hulp?', '/hulp/paneel?')}&pagina=${encodeURIComponent(path)}`).set('X-Help-Panel', '1');
  const part = panel.text.split('Contacteer ons')[1]?.split('Technische helpdesk')[0] ?? '';
  return text(part);
}

describe('"Hulp nodig?" on the pages of a theme', () => {
  it('names Team Prijzen on the dagprijzen form', async () => {
    const an = await login.as(AN);
    const choose = await an.get('/organisatie/kiezen');
    await an.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choose.text, '_csrf'), facilityId: String(hofTerLinden.id) });
    const theme = await an.get('/themas/prijzen');
    const created = await an.post('/dossiers').type('form').send({ _csrf: hiddenField(theme.text, '_csrf') });
    expect(created.status).toBe(303);
    expect(await contactUsOf(an, created.headers.location ?? '')).toContain('Team Prijzen');
  });

  it('names the team of the message\'s theme on a message and on its reply form', async () => {
    const thread = await createThread(db.prisma, {
      facilityId: sintJozef.id,
      themeSlug: 'kwaliteit',
      title: 'Vraag over kwaliteit',
      messages: [{ direction: 'incoming', sentAt: new Date('2026-02-02T10:00:00Z') }],
    });
    const jan = await login.as(JAN);
    for (const path of [`/berichten/${thread.messageIds[0]}`, `/berichten/${thread.messageIds[0]}/beantwoorden`]) {
      const contactUs = await contactUsOf(jan, path);
      expect(contactUs, path).toContain('Team Kwaliteit');
      expect(contactUs, path).not.toContain('Team Prijzen');
    }
  });

  it('names the team of the chosen theme on "Stuur nieuw bericht"', async () => {
    expect(await contactUsOf(await login.as(JAN), '/berichten/nieuw?thema=prijzen')).toContain('Team Prijzen');
  });

  it('names Team Eerstelijn on the Zorgaanbod list', async () => {
    expect(await contactUsOf(await login.as(SOFIE), '/themas/zorgaanbod/lijst')).toContain('Team Eerstelijn');
  });

  it('names no theme on a page of no theme', async () => {
    const page = await (await login.as(JAN)).get('/mijn-organisatie');
    expect(page.text).toContain('<a class="help-button" href="/hulp">');
  });
});

describe('"Richtlijnen en aandachtspunten bij de meting dagprijzen" (seed 002 §4.4.3)', () => {
  const GUIDE = '/dossiers/richtlijnen';

  it('is a page of the portal with the instructions of the campaign, in the seed\'s words', async () => {
    const page = await (await login.as(JAN)).get(GUIDE);
    expect(page.status).toBe(200);
    const shown = text(page.text);
    expect(textsOf(page.text, 'h1')).toEqual([expect.stringMatching(/^Richtlijnen en aandachtspunten bij de meting dagprijzen in woonzorgcentra op 1 mei 20\d\d$/)]);
    expect(shown).toContain('Tweepersoonskamers moeten worden beschouwd als twee afzonderlijke woongelegenheden.');
    expect(shown).toContain('Tijdelijke kortingen mogen niet worden opgenomen in de opgegeven dagprijs.');
    expect(shown).toContain('Onderscheid Luik 1 en Luik 2');
    expect(page.text).toContain('<a class="help-button" href="/hulp?thema=prijzen">');
  });

  it('is linked from the dagprijzen form, the theme page Prijzen and the documents of "Hulp nodig?"', async () => {
    const an = await login.as(AN);
    const choose = await an.get('/organisatie/kiezen');
    await an.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choose.text, '_csrf'), facilityId: String(hofTerLinden.id) });
    const theme = await an.get('/themas/prijzen');
    expect(theme.text).toContain(`href="${GUIDE}"`);
    const created = await an.post('/dossiers').type('form').send({ _csrf: hiddenField(theme.text, '_csrf') });
    const form = await an.get(created.headers.location ?? '');
    expect(form.text).toMatch(new RegExp(`<a href="${GUIDE}">Richtlijnen en aandachtspunten bij de meting dagprijzen in woonzorgcentra op 1 mei 20\\d\\d</a>`));
    const panel = await an.get('/hulp/paneel?thema=prijzen').set('X-Help-Panel', '1');
    expect(panel.text).toContain(`<a href="${GUIDE}">Richtlijnen en aandachtspunten bij de meting dagprijzen in woonzorgcentra</a>`);
  });
});
