// Nothing typed is lost when a session ends (issue 9, item 9): a form posted
// after the session ended is kept, the user logs in again (real SAML through
// the development IdP) and finds the form filled in; nobody else ever does.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs, logins } from '../helpers/login.js';
import { formFields } from '../helpers/forms.js';

const BASE_URL = 'https://eloket.example.be';
const JAN = '85092305734'; // WZC Sint-Jozef
const AN = '78041215386'; // WZC Hof ter Linden and WZC De Wingerd
const MIEKE = '85092306130'; // also WZC Sint-Jozef (added below)
const { app, db } = await createTestApp({ env: { BASE_URL } });
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const deWingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
await db.prisma.devIdpPerson.create({
  data: {
    insz: MIEKE,
    givenName: 'Mieke',
    surname: 'Verhulst',
    email: 'mieke.verhulst@sint-jozef.example',
    accesses: { create: { subafdeling: { connect: { hcoNumber: '3634' } }, eloketRight: true, roles: [] } },
  },
});

type Agent = ReturnType<typeof request.agent>;
const CONTACTS = '/mijn-organisatie/contactpersonen';
const notice = (button: string) => `Uw sessie was verlopen. We hebben wat u had ingevuld bewaard; controleer het en klik opnieuw op ‘${button}’.`;
/** The contact persons overview stores with "bewaren", the organisation data form with "wijzigen" (seed 000 §3). */
const NOTICE = notice('bewaren');
const ORGANISATION_NOTICE = notice('wijzigen');

async function userId(insz: string): Promise<number> {
  return (await db.prisma.user.findUniqueOrThrow({ where: { insz } })).id;
}

/** The idle timeout as the store sees it: the user's session rows are past their expiry. */
async function expireSessions(insz: string): Promise<void> {
  const id = await userId(insz);
  await db.prisma.$executeRaw`UPDATE session SET expire = now() - interval '1 minute' WHERE (sess::jsonb ->> 'userId')::int = ${id}`;
}

const login = logins(app, db.prisma);

/** The index of the first row the overview form does not have yet: where a newly added contact goes. */
const newRow = (page: string) => Object.keys(formFields(page, CONTACTS)).filter((key) => /^contacts\[\d+\]\[ref\]$/.test(key)).length;

/** The contact persons overview as its form posts it on "bewaren", with one contact added (pending). */
function typedContacts(page: string, contact: { surname: string; email: string } = { surname: 'Wouters', email: 'sofie.wouters@sint-jozef.example' }) {
  const n = newRow(page);
  return {
    ...formFields(page, CONTACTS),
    [`contacts[${n}][ref]`]: '',
    [`contacts[${n}][surname]`]: contact.surname,
    [`contacts[${n}][givenName]`]: 'Sofie',
    [`contacts[${n}][email]`]: contact.email,
    [`contacts[${n}][phone]`]: '015 28 90 01',
    [`contacts[${n}][themes]`]: ['prijzen', 'kwaliteit'],
    action: 'save',
  };
}

/** A POST from the portal's own page, as a browser sends it (Origin and Referer of the page). */
function postFromPage(agent: Agent, path: string, page: string) {
  return agent.post(path).set('Origin', BASE_URL).set('Referer', `${BASE_URL}${page}`).type('form');
}

/** Logs in again (real SAML) with the return path the portal gave, and follows it to the page. */
async function logInAgainAndFollow(agent: Agent, insz: string, redirect: string | undefined) {
  const relayState = new URL(redirect ?? '', BASE_URL).searchParams.get('RelayState') ?? undefined;
  const answer = await loginAs(agent, db.prisma, insz, relayState);
  expect(answer.status).toBe(303);
  return agent.get(answer.headers.location ?? '/');
}

describe('a form posted after the session ended', () => {
  it('is not executed, but kept: after logging in again the contact persons form shows what was typed, once', async () => {
    const agent = await login.as(JAN);
    const edit = await agent.get(CONTACTS);
    const row = newRow(edit.text);
    await expireSessions(JAN);
    const contactsBefore = await db.prisma.contactPerson.count({ where: { facilityId: sintJozef.id } });

    const posted = await postFromPage(agent, CONTACTS, CONTACTS).send(typedContacts(edit.text));
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(`/auth/login?RelayState=${encodeURIComponent(CONTACTS)}`);
    expect(await db.prisma.contactPerson.count({ where: { facilityId: sintJozef.id } })).toBe(contactsBefore);
    const [copy] = await db.prisma.formRescue.findMany({ where: { userId: await userId(JAN) } });
    expect(copy?.facilityId).toBe(sintJozef.id);
    expect(copy?.fields).not.toHaveProperty('_csrf');

    const page = await logInAgainAndFollow(agent, JAN, posted.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain(NOTICE);
    expect(page.text).not.toContain('Bestanden moet u opnieuw kiezen.');
    expect(page.text).toContain('value="Wouters"');
    expect(page.text).toContain('value="sofie.wouters@sint-jozef.example"');
    expect(page.text).toContain(`name="contacts[${row}][themes]" value="kwaliteit"`);
    expect(page.text).toContain('nieuw');
    expect(await db.prisma.formRescue.count({ where: { userId: await userId(JAN) } })).toBe(0);
    expect((await agent.get(CONTACTS)).text).not.toContain(NOTICE);

    // The user submits it themselves, with the new session's token: now it is saved.
    const saved = await agent.post(CONTACTS).type('form').send({ ...formFields(page.text, CONTACTS), action: 'save' });
    expect(saved.status).toBe(303);
    expect(await db.prisma.contactPerson.count({ where: { facilityId: sintJozef.id, email: 'sofie.wouters@sint-jozef.example' } })).toBe(1);
  });

  it('is never shown to another person of the same facility, and stays for its owner', async () => {
    const agent = await login.as(JAN);
    const edit = await agent.get(CONTACTS);
    await expireSessions(JAN);
    const form = typedContacts(edit.text, { surname: 'Geheim', email: 'geheim@sint-jozef.example' });
    const posted = await postFromPage(agent, CONTACTS, CONTACTS).send(form);
    expect(posted.status).toBe(303);

    // Someone else logs in on the same computer and opens the same form.
    const other = await logInAgainAndFollow(agent, MIEKE, posted.headers.location);
    expect(other.status).toBe(200);
    expect(other.text).not.toContain('Geheim');
    expect(other.text).not.toContain(NOTICE);

    const own = await logInAgainAndFollow(agent, JAN, posted.headers.location);
    expect(own.text).toContain(NOTICE);
    expect(own.text).toContain('value="Geheim"');
  });

  it('is only shown for the facility the form was opened for, even after a switch in another tab: the organisation data form', async () => {
    const agent = await login.as(AN, { facilityId: hofTerLinden.id });
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    expect(hiddenField(edit.text, 'facilityId')).toBe(String(hofTerLinden.id));
    // Meanwhile, in another tab, An switches to De Wingerd; then the session ends.
    const otherTab = await agent.get('/organisatie/kiezen');
    await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(otherTab.text, '_csrf'), facilityId: String(deWingerd.id) });
    await agent.get('/');
    await expireSessions(AN);
    const posted = await postFromPage(agent, '/mijn-organisatie', '/mijn-organisatie?bewerken=1').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: String(hofTerLinden.id),
      phone: '011 22 33 44',
      email: 'onthaal@hofterlinden.example',
      website: 'https://www.hofterlinden.example',
    });
    expect(posted.status).toBe(303);

    // An has two facilities: the login asks which one, then goes to the form.
    const relayState = new URL(posted.headers.location ?? '', BASE_URL).searchParams.get('RelayState') ?? undefined;
    const answer = await loginAs(agent, db.prisma, AN, relayState);
    expect(answer.headers.location).toBe('/organisatie/kiezen');
    const choice = await agent.get('/organisatie/kiezen');
    const chosen = await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choice.text, '_csrf'), facilityId: String(deWingerd.id) });
    expect(chosen.headers.location).toBe('/mijn-organisatie?bewerken=1');
    const wrongFacility = await agent.get('/mijn-organisatie?bewerken=1');
    expect(wrongFacility.text).toContain('WZC De Wingerd');
    expect(wrongFacility.text).not.toContain('011 22 33 44');
    expect(wrongFacility.text).not.toContain(ORGANISATION_NOTICE);

    const switchBack = await agent.get('/organisatie/kiezen');
    await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(switchBack.text, '_csrf'), facilityId: String(hofTerLinden.id) });
    const own = await agent.get('/mijn-organisatie');
    expect(own.text).toContain(ORGANISATION_NOTICE);
    expect(own.text).toContain('value="011 22 33 44"');
    expect(own.text).toContain('value="onthaal@hofterlinden.example"');
  });

  it('is kept after a logout in another tab, and after the absolute timeout', async () => {
    const agent = await login.as(JAN);
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    await agent.post('/auth/logout').type('form').send({ _csrf: hiddenField(edit.text, '_csrf') });
    const afterLogout = await postFromPage(agent, '/mijn-organisatie', '/mijn-organisatie?bewerken=1').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: String(sintJozef.id),
      phone: '015 11 11 11',
      email: '',
      website: '',
    });
    expect(afterLogout.status).toBe(303);
    const page = await logInAgainAndFollow(agent, JAN, afterLogout.headers.location);
    expect(page.text).toContain('value="015 11 11 11"');

    const again = await agent.get('/mijn-organisatie?bewerken=1');
    const id = await userId(JAN);
    await db.prisma.$executeRaw`UPDATE session SET sess = jsonb_set(sess::jsonb, '{loginAt}', to_jsonb(0))::json WHERE (sess::jsonb ->> 'userId')::int = ${id}`;
    const afterAbsolute = await postFromPage(agent, '/mijn-organisatie', '/mijn-organisatie?bewerken=1').send({
      _csrf: hiddenField(again.text, '_csrf'),
      facilityId: String(sintJozef.id),
      phone: '015 22 22 22',
      email: '',
      website: '',
    });
    expect(afterAbsolute.status).toBe(303);
    expect(afterAbsolute.headers.location).toMatch(/^\/auth\/login\?RelayState=/);
    expect((await logInAgainAndFollow(agent, JAN, afterAbsolute.headers.location)).text).toContain('value="015 22 22 22"');
  });

  it('is kept when the user has meanwhile logged in again in another tab: back on the form at once', async () => {
    const agent = await login.as(JAN);
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    await expireSessions(JAN);
    await loginAs(agent, db.prisma, JAN);
    const posted = await postFromPage(agent, '/mijn-organisatie', '/mijn-organisatie?bewerken=1').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: String(sintJozef.id),
      phone: '015 77 77 77',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('/mijn-organisatie?bewerken=1');
    const page = await agent.get('/mijn-organisatie?bewerken=1');
    expect(page.text).toContain(ORGANISATION_NOTICE);
    expect(page.text).toContain('value="015 77 77 77"');
    expect((await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } })).phone).not.toBe('015 77 77 77');

    // A logged-in multipart POST is its route's business (its token is in the body, read there).
    const multipart = await agent.post('/mijn-organisatie').set('Origin', BASE_URL).field('_csrf', hiddenField(page.text, '_csrf') ?? '').field('phone', '015 88 88 88');
    expect(multipart.status).toBe(403);
    expect(await db.prisma.formRescue.count({ where: { userId: await userId(JAN) } })).toBe(0);
  });

  it('keeps the text fields of a form with files, and asks to choose the files again', async () => {
    const agent = await login.as(JAN);
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    await expireSessions(JAN);
    const posted = await agent
      .post('/mijn-organisatie')
      .set('Origin', BASE_URL)
      .field('_csrf', hiddenField(edit.text, '_csrf') ?? '')
      .field('facilityId', String(sintJozef.id))
      .field('phone', '015 33 33 33')
      .attach('bijlage', Buffer.from('%PDF-1.4 secret content'), 'verslag.pdf');
    expect(posted.status).toBe(303);
    const [copy] = await db.prisma.formRescue.findMany({ where: { userId: await userId(JAN) } });
    expect(JSON.stringify(copy?.fields)).not.toContain('secret content');
    const page = await logInAgainAndFollow(agent, JAN, posted.headers.location);
    expect(page.text).toContain(`${ORGANISATION_NOTICE} Bestanden moet u opnieuw kiezen.`);
    expect(page.text).toContain('value="015 33 33 33"');
  });

  it('is not kept when posted from another site: the CSRF check refuses it as before', async () => {
    const agent = await login.as(JAN);
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    await expireSessions(JAN);
    const body = { _csrf: hiddenField(edit.text, '_csrf'), facilityId: String(sintJozef.id), phone: '015 44 44 44', email: '', website: '' };
    const crossSite = await agent.post('/mijn-organisatie').set('Origin', 'https://evil.example').set('Sec-Fetch-Site', 'cross-site').type('form').send(body);
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('Uw formulier is verlopen');
    const noOrigin = await agent.post('/mijn-organisatie').type('form').send(body);
    expect(noOrigin.status).toBe(403);
    // Pages that need no login (a contact's confirmation) keep their own refusal.
    const publicForm = await postFromPage(agent, '/bevestigen/abc', '/bevestigen/abc').send(body);
    expect(publicForm.status).toBe(403);
    expect(await db.prisma.formRescue.count({ where: { userId: await userId(JAN) } })).toBe(0);
  });

  it('is not kept when nobody known was logged in in this browser, or the owner cookie was tampered with', async () => {
    const stranger = request.agent(app);
    const refused = await postFromPage(stranger, '/mijn-organisatie', '/mijn-organisatie').send({ facilityId: String(sintJozef.id), phone: '015 55 55 55' });
    expect(refused.status).toBe(403);

    const agent = await login.as(JAN);
    const owner = /eloket-owner=([^;]+)/.exec(String((await agent.get('/mijn-organisatie')).headers['set-cookie'] ?? ''));
    expect(owner?.[1]).toBeDefined();
    const tampered = request.agent(app);
    const value = owner?.[1] ?? '';
    const flipped = `${value.slice(0, 20)}${value[20] === 'A' ? 'B' : 'A'}${value.slice(21)}`;
    const forged = await postFromPage(tampered, '/mijn-organisatie', '/mijn-organisatie')
      .set('Cookie', `eloket-owner=${flipped}`)
      .send({ facilityId: String(sintJozef.id), phone: '015 55 55 55' });
    expect(forged.status).toBe(403);
    expect(await db.prisma.formRescue.count({ where: { fields: { path: ['phone'], equals: '015 55 55 55' } } })).toBe(0);
  });

  it('is deleted, not shown, once expired', async () => {
    const agent = await login.as(JAN);
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    await expireSessions(JAN);
    const posted = await postFromPage(agent, '/mijn-organisatie', '/mijn-organisatie?bewerken=1').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: String(sintJozef.id),
      phone: '015 66 66 66',
    });
    expect(posted.status).toBe(303);
    await db.prisma.formRescue.updateMany({ where: { userId: await userId(JAN) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const page = await logInAgainAndFollow(agent, JAN, posted.headers.location);
    expect(page.text).not.toContain('015 66 66 66');
    expect(await db.prisma.formRescue.count({ where: { userId: await userId(JAN) } })).toBe(0);
  });

  it('keeps at most 20 copies per person', async () => {
    const agent = await login.as(JAN);
    await agent.get('/mijn-organisatie');
    await db.prisma.formRescue.deleteMany({ where: { userId: await userId(JAN) } });
    await expireSessions(JAN);
    for (let i = 0; i < 20; i++) expect((await postFromPage(agent, `/formulier-${i}`, `/formulier-${i}`).send({ veld: String(i) })).status).toBe(303);
    const tooMany = await postFromPage(agent, '/formulier-20', '/formulier-20').send({ veld: '20' });
    expect(tooMany.status).toBe(403);
    expect(await db.prisma.formRescue.count({ where: { userId: await userId(JAN) } })).toBe(20);
    await db.prisma.formRescue.deleteMany({ where: { userId: await userId(JAN) } });
  });
});
