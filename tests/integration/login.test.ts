import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { countLoggedInSessions, followLogout, hiddenField, loginAs, logOut } from '../helpers/login.js';

const AN = '78041215386'; // two woonzorgcentra
const JAN = '85092305734'; // one woonzorgcentrum
const TOM = '72061808952'; // no e-loket right
const ELS = '80012724649'; // Team Prijzen

const { app, db } = await createTestApp();

const loggedInSessions = () => countLoggedInSessions(db.prisma);

describe('login through the development identity provider', () => {
  it('publishes service provider metadata that wants signed assertions', async () => {
    const response = await request(app).get('/auth/saml/metadata');
    expect(response.status).toBe(200);
    expect(response.text).toContain('WantAssertionsSigned="true"');
    expect(response.text).toContain('entityID="http://localhost:0/auth/saml/metadata"');
    expect(response.text).toContain('Location="http://localhost:0/auth/saml/acs"');
  });

  it('sends a visitor of a facility page to the login, keeping the page to come back to', async () => {
    const response = await request(app).get('/mijn-organisatie');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/auth/login?RelayState=%2Fmijn-organisatie');
  });

  it('shows the sign-in page with persons grouped by enterprise and facility, and staff by team', async () => {
    const agent = request.agent(app);
    const login = await agent.get('/auth/login');
    const page = await agent.get(new URL(login.headers.location ?? '').pathname + new URL(login.headers.location ?? '').search);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Aanmelden (ontwikkeling)</h1>');
    expect(page.text).toMatch(/vzw Zorggroep Zonnehof[\s\S]*WZC De Wingerd[\s\S]*An Peeters/);
    expect(page.text).toMatch(/Team Prijzen<\/h3>[\s\S]*Els Willems/);
    expect(page.text).toMatch(/Tom Jacobs<\/button>[\s\S]*zonder recht e-loket/);
  });

  it('lands a user of one facility on the startpagina, acting for that facility', async () => {
    const agent = request.agent(app);
    const response = await loginAs(agent, db.prisma, JAN);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    const start = await agent.get('/');
    expect(start.text).toContain('WZC Sint-Jozef');
    expect(start.text).toContain('Jan Claes');
    expect(start.text).not.toContain('Wissel van organisatie');
    expect(start.text).toMatch(/Brandveiligheid[\s\S]*Prijzen[\s\S]*Kwaliteit[\s\S]*Subsidies/);
  });

  it('asks a user with two facilities to choose ("Binnen de organisatie"), then lets them switch', async () => {
    const agent = request.agent(app);
    const response = await loginAs(agent, db.prisma, AN, '/mijn-organisatie');
    expect(response.headers.location).toBe('/organisatie/kiezen');
    const choice = await agent.get('/organisatie/kiezen');
    expect(choice.text).toContain('<h1>Binnen de organisatie</h1>');
    const facilities = await db.prisma.facility.findMany({ where: { hcoNumber: { in: ['4085', '19555'] } } });
    const wingerd = facilities.find((f) => f.hcoNumber === '19555');
    const linden = facilities.find((f) => f.hcoNumber === '4085');
    const chosen = await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choice.text, '_csrf'), facilityId: String(wingerd?.id) });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/mijn-organisatie');
    const page = await agent.get('/mijn-organisatie');
    expect(page.text).toMatch(/site-header__facility-name">WZC De Wingerd</);
    expect(page.text).toContain('Wissel van organisatie');
    expect(page.text).toContain('Wingerdstraat 3');

    const again = await agent.get('/organisatie/kiezen');
    await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(again.text, '_csrf'), facilityId: String(linden?.id) });
    const switched = await agent.get('/mijn-organisatie');
    expect(switched.text).toMatch(/site-header__facility-name">WZC Hof ter Linden</);
    expect(switched.text).toContain('Lindenlaan 12');
  });

  it('explains how to get access to a person without the e-loket right, without logging them in', async () => {
    const agent = request.agent(app);
    const before = await loggedInSessions();
    const response = await loginAs(agent, db.prisma, TOM);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/geen-toegang');
    const page = await agent.get('/geen-toegang');
    expect(page.status).toBe(200);
    expect(page.text).toContain('U hebt (nog) geen toegang tot het e-loket');
    expect(page.text).toContain('Tom, u bent aangemeld bij eHealth');
    expect(page.text).toContain('E-loket Departement Zorg');
    expect(page.text).toContain('02 788 51 55');
    expect(await loggedInSessions()).toBe(before);
    expect((await agent.get('/mijn-organisatie')).status).toBe(302);
  });

  it('shows the explanation again at /geen-toegang after a reload, and a general one when the address is opened cold', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, TOM);
    await agent.get('/geen-toegang');
    const reloaded = await agent.get('/geen-toegang');
    expect(reloaded.status).toBe(200);
    expect(reloaded.text).toContain('Tom, u bent aangemeld bij eHealth');

    const cold = await request(app).get('/geen-toegang');
    expect(cold.status).toBe(200);
    expect(cold.text).toContain('<h1>Toegang tot het e-loket</h1>');
    expect(cold.text).not.toContain('u bent aangemeld bij eHealth');
    expect(cold.text).toContain('href="/auth/login"');
    expect(cold.text).toContain('02 788 51 55');
  });

  it('lands department staff on /beheer, and keeps them out of facility pages', async () => {
    const agent = request.agent(app);
    const response = await loginAs(agent, db.prisma, ELS);
    expect(response.headers.location).toBe('/beheer');
    const admin = await agent.get('/beheer');
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('Team Prijzen');
    expect((await agent.get('/mijn-organisatie')).status).toBe(403);
    expect((await agent.get('/')).headers.location).toBe('/beheer');
  });

  it('refuses /beheer to facility users with 403', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const response = await agent.get('/beheer');
    expect(response.status).toBe(403);
    expect(response.text).toContain('Geen toegang');
  });

  it('gives a new session id at login', async () => {
    const agent = request.agent(app);
    const first = await loginAs(agent, db.prisma, JAN);
    const cookie1 = String(first.headers['set-cookie']);
    const second = await loginAs(agent, db.prisma, JAN);
    const cookie2 = String(second.headers['set-cookie']);
    const sid = (c: string) => /eloket=([^;]+)/.exec(c)?.[1];
    expect(sid(cookie1)).toBeDefined();
    expect(sid(cookie2)).toBeDefined();
    expect(sid(cookie2)).not.toBe(sid(cookie1));
  });

  it('logs out: the session is gone and facility pages ask for a login again', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const page = await agent.get('/auth/logout');
    expect(page.text).toContain('Wilt u zich afmelden');
    const out = await logOut(agent);
    expect(out.status).toBe(303);
    // Single logout through the identity provider, back to the logout page.
    const done = await followLogout(agent, out.headers.location);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/?afgemeld=1');
    expect((await agent.get('/?afgemeld=1')).text).toContain('U bent afgemeld.');
    expect((await agent.get('/mijn-organisatie')).status).toBe(302);
  });

  it('updates the rights from every assertion: a right removed at the identity provider is gone', async () => {
    const person = await db.prisma.devIdpPerson.findUniqueOrThrow({ where: { insz: AN }, include: { accesses: { include: { subafdeling: true } } } });
    const wingerd = person.accesses.find((a) => a.subafdeling.hcoNumber === '19555');
    await db.prisma.devIdpAccess.update({ where: { id: wingerd?.id }, data: { eloketRight: false } });
    try {
      const agent = request.agent(app);
      const response = await loginAs(agent, db.prisma, AN);
      // One facility left: straight to the startpagina.
      expect(response.headers.location).toBe('/');
      const rights = await db.prisma.facilityRight.findMany({ where: { user: { insz: AN } }, include: { facility: true } });
      expect(rights.map((r) => r.facility.hcoNumber)).toEqual(['4085']);
      expect(rights[0]?.roles).toEqual(['e-loket - Beheer Financiële gegevens']);
    } finally {
      await db.prisma.devIdpAccess.update({ where: { id: wingerd?.id }, data: { eloketRight: true } });
    }
  });

  it('returns only to local paths after login', async () => {
    const response = await request(app).get('/auth/login?RelayState=https%3A%2F%2Fevil.example%2F');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/auth/login');
    const agent = request.agent(app);
    const login = await loginAs(agent, db.prisma, JAN, '/mijn-organisatie?tab=1');
    expect(login.headers.location).toBe('/mijn-organisatie?tab=1');
  });
});

describe('the development identity provider: adding a person', () => {
  it('adds a person with a valid INSZ to a facility, with roles, who can then log in', async () => {
    const agent = request.agent(app);
    const form = await agent.get('/dev/idp/personen/nieuw');
    expect(form.text).toContain('Persoon toevoegen (ontwikkeling)');
    const response = await agent.post('/dev/idp/personen/nieuw').type('form').send({
      _csrf: hiddenField(form.text, '_csrf'),
      givenName: 'Nina',
      surname: 'Van den Broeck',
      insz: '03.05.17-064.38',
      email: 'nina@dewingerd.example',
      hcoNumber: '19555',
      eloketRight: 'ja',
      roles: 'e-loket - Beheer Financiële gegevens',
    });
    expect(response.status).toBe(303);
    const login = await loginAs(request.agent(app), db.prisma, '03051706438');
    expect(login.headers.location).toBe('/');
    const user = await db.prisma.user.findUniqueOrThrow({ where: { insz: '03051706438' }, include: { rights: { include: { facility: true } } } });
    expect(user.rights.map((r) => [r.facility.name, r.roles])).toEqual([['WZC De Wingerd', ['e-loket - Beheer Financiële gegevens']]]);
  });

  it('refuses an invalid INSZ with a Dutch error next to the field, keeping what was typed', async () => {
    const agent = request.agent(app);
    const form = await agent.get('/dev/idp/personen/nieuw');
    const count = await db.prisma.devIdpPerson.count();
    const response = await agent.post('/dev/idp/personen/nieuw').type('form').send({
      _csrf: hiddenField(form.text, '_csrf'),
      givenName: 'Piet',
      surname: 'Fout',
      insz: '12345678901',
      email: 'piet@example.be',
      hcoNumber: '19555',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#insz">Vul een geldig rijksregisternummer in');
    expect(response.text).toContain('id="insz-error"');
    expect(response.text).toContain('value="Piet"');
    expect(response.text).toContain('value="12345678901"');
    expect(await db.prisma.devIdpPerson.count()).toBe(count);
  });
});
