import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createFacilityScope, ScopeViolation } from '../../src/auth/facility-scope.js';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { FACILITY_ROUTES, fingerprint } from '../helpers/isolation.js';
import { fillPath, listRoutes, pathMatches } from '../helpers/routes.js';
import { isFacilityGuard, requireStaff } from '../../src/auth/current-user.js';
import { createContact, createThread } from '../helpers/messages.js';

const { app, db } = await createTestApp();
const JAN = '85092305734'; // acts for WZC Sint-Jozef (3634)
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
const wingerdContact = await db.prisma.contactPerson.create({
  data: {
    facilityId: wingerd.id,
    surname: 'Janssens',
    givenName: 'Mieke',
    email: 'mieke@dewingerd.example',
    phone: '016 65 43 22',
    confirmedAt: new Date(),
    themes: { create: [{ themeId: prijzen.id }] },
  },
});

// Areas without facility pages, and why. Every other route must be behind requireFacilityUser.
const NOT_FACILITY_AREAS: Record<string, string> = {
  '/auth': 'login and logout, before a facility is chosen',
  '/organisatie/kiezen': 'the choice of the acting facility (its POST is in FACILITY_ROUTES all the same)',
  '/dev': 'development identity provider and mail, never mounted in production',
  '/beheer': 'department pages, behind requireStaff',
  '/health': 'liveness check',
  '/bevestigen': 'confirmation links of contact persons, without login',
  '/hulp': 'help, the same for everyone',
  '/geen-toegang': 'the explanation for a login without the e-loket right, the same for everyone',
  '/sessie': 'extending the session of any logged-in user, staff included; it reads no facility data',
  '/public': 'stylesheets, scripts and images',
};
const inArea = (path: string | undefined, area: string) => path !== undefined && (path === area || path.startsWith(`${area}/`));
const routes = listRoutes(app);
const facilityRoutes = routes.filter((r) => r.handlers.some(isFacilityGuard));
const entries = new Map(FACILITY_ROUTES.map((e) => [e.route, e]));
const wingerdThread = await createThread(db.prisma, {
  facilityId: wingerd.id,
  themeSlug: 'prijzen',
  title: 'Vertrouwelijk van De Wingerd',
  messages: [{ direction: 'incoming', sentAt: new Date() }],
});
const annPeeters = await db.prisma.user.findUniqueOrThrow({ where: { insz: '78041215386' } });
const wingerdFile = await db.prisma.storedFile.create({
  data: {
    facilityId: wingerd.id,
    uploadedById: annPeeters.id,
    name: 'vertrouwelijk.txt',
    mediaType: 'text/plain',
    size: 5,
    sha256: '0'.repeat(64),
    content: new Uint8Array(Buffer.from('geheim')),
    claimedAt: new Date(),
    expiresAt: new Date(),
    messageAttachments: { create: [{ messageId: wingerdThread.messageIds[0] ?? 0, position: 0 }] },
  },
});
// Jan's facility has a contact for the theme, so that a reply would be accepted if the thread were his.
await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example' });
const campaign = await db.prisma.campaign.findFirstOrThrow({ orderBy: { year: 'desc' } });
const wingerdPriceDossier = await db.prisma.dossier.create({
  data: {
    facilityId: wingerd.id,
    typeCode: 'nieuwe-supplementen',
    reference: 'NS-TEST-019555',
    submittedAt: new Date(),
    priceDossier: { create: { facilityId: wingerd.id, motivation: 'Wingerd' } },
    priceLines: { create: [{ facilityId: wingerd.id, kind: 'supplement', position: 0, name: 'Wingerd-kapper', unit: 'prestatie', priceCents: 1500 }] },
  },
});
const wingerdDossier = await db.prisma.dossier.create({
  data: {
    facilityId: wingerd.id,
    campaignId: campaign.id,
    reference: 'MD-TEST-019555',
    lines: { create: [{ luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Wingerd', capaciteit: 2, priceCents: 5000 }] },
  },
});

describe('isolation between facilities (M3, Q1)', () => {
  it('finds the facility routes by walking the router: every route is behind requireFacilityUser or in an area without facility data', () => {
    expect(facilityRoutes.map((r) => r.key)).toContain('POST /mijn-organisatie/contactpersonen');
    const unclassified = routes
      .filter((r) => !r.handlers.some(isFacilityGuard) && !Object.keys(NOT_FACILITY_AREAS).some((area) => inArea(r.path, area)))
      .map((r) => r.key);
    expect(unclassified, 'routes neither behind requireFacilityUser nor in NOT_FACILITY_AREAS (tests/integration/isolation.test.ts)').toEqual([]);
    const unguardedDepartment = routes.filter((r) => inArea(r.path, '/beheer') && !r.handlers.includes(requireStaff)).map((r) => r.key);
    expect(unguardedDepartment, 'department routes not behind requireStaff').toEqual([]);
  });

  it('tries every facility route with another facility\'s ids', () => {
    const missing = facilityRoutes.filter((r) => !entries.has(r.key)).map((r) => r.key);
    expect(missing, `add an entry to FACILITY_ROUTES in tests/helpers/isolation.ts for: ${missing.join(', ')}`).toEqual([]);
  });

  it('has no entry in FACILITY_ROUTES for a route that does not exist', () => {
    const registered = new Set(routes.map((r) => r.key));
    expect(FACILITY_ROUTES.map((e) => e.route).filter((key) => !registered.has(key))).toEqual([]);
  });

  it.each(FACILITY_ROUTES.map((e) => [e.route, e.name, e] as const))('%s: %s, answered as expected, showing and changing nothing of the other facility', async (key, _name, entry) => {
    const route = routes.find((r) => r.key === key);
    if (!route) throw new Error(`${key} is not registered`);
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const page = await agent.get('/auth/logout'); // any page with a form, for the CSRF token
    const csrf = hiddenField(page.text, '_csrf') ?? '';
    // The session row itself is touched by every request; compare the rest after settling it.
    await agent.get('/mijn-organisatie');
    const before = await fingerprint(db.prisma);
    const foreign = { facilityId: wingerd.id, contactPersonId: wingerdContact.id, messageId: wingerdThread.messageIds[0] ?? 0, attachmentId: wingerdFile.id, dossierId: wingerdDossier.id, priceDossierId: wingerdPriceDossier.id };
    const context = { foreign, own: { facilityId: sintJozef.id }, prisma: db.prisma };
    const url = entry.url ? await entry.url(context) : (fillPath(route) ?? '');
    expect(pathMatches(route, url), `${url} does not reach ${key}`).toBe(true);
    const response =
      route.method === 'GET'
        ? await agent.get(url)
        : await agent[route.method === 'ALL' ? 'post' : (route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete')](url)
            .type('form')
            .send({ _csrf: csrf, ...(await entry.body?.(context)) });
    expect(response.status).toBe(entry.status);
    expect(response.text).not.toContain(wingerd.name);
    expect(response.text).not.toContain(wingerdContact.email);
    const after = await fingerprint(db.prisma);
    expect({ ...after, session: '' }).toEqual({ ...before, session: '' });
    // Still acting for its own facility.
    expect((await agent.get('/mijn-organisatie')).text).toContain('WZC Sint-Jozef');
  });

  it('shows only the acting facility, whatever id is put in the URL', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const page = await agent.get(`/mijn-organisatie?facilityId=${wingerd.id}&id=${wingerd.id}`);
    expect(page.text).toContain('WZC Sint-Jozef');
    expect(page.text).not.toContain('WZC De Wingerd');
    for (const path of ['/mijn-organisatie/contactpersonen', '/mijn-organisatie/contactpersonen?bewerken=1', '/themas/prijzen', '/']) {
      const other = await agent.get(`${path}${path.includes('?') ? '&' : '?'}facilityId=${wingerd.id}`);
      expect(other.text).not.toContain('mieke@dewingerd.example');
    }
  });
});

describe('forms without ids', () => {
  it('changes only the acting facility, whatever facility id is added to the form', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    const wingerdBefore = await db.prisma.facility.findUniqueOrThrow({ where: { id: wingerd.id } });
    const response = await agent.post('/mijn-organisatie').type('form').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      id: String(wingerd.id),
      facilityId: hiddenField(edit.text, 'facilityId'),
      facility: String(wingerd.id),
      phone: '015 00 00 00',
      email: 'nieuw@sint-jozef.example',
      website: 'https://nieuw.sint-jozef.example',
    });
    expect(response.status).toBe(303);
    expect(await db.prisma.facility.findUniqueOrThrow({ where: { id: wingerd.id } })).toEqual(wingerdBefore);
    expect((await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } })).email).toBe('nieuw@sint-jozef.example');
  });
});

describe('the facility-scoped data access', () => {
  const scope = createFacilityScope(db.prisma, sintJozef.id);

  it('reads only the acting facility', async () => {
    expect((await scope.facility.findMany()).map((f) => f.hcoNumber)).toEqual(['3634']);
    expect(await scope.facility.findUnique({ where: { id: wingerd.id } })).toBeNull();
    expect(await scope.facility.findFirst({ where: { hcoNumber: '19555' } })).toBeNull();
    const rights = await scope.facilityRight.findMany({ include: { facility: true } });
    expect(new Set(rights.map((r) => r.facility.hcoNumber))).toEqual(new Set(['3634']));
  });

  it('cannot change another facility, and changes nothing trying', async () => {
    const before = await fingerprint(db.prisma);
    const updated = await scope.facility.updateMany({ where: { id: wingerd.id }, data: { phone: '000' } });
    expect(updated.count).toBe(0);
    await expect(scope.facility.update({ where: { id: wingerd.id }, data: { phone: '000' } })).rejects.toThrow();
    await expect(scope.facilityRight.deleteMany({ where: { facilityId: wingerd.id } })).resolves.toEqual({ count: 0 });
    await expect(scope.facility.create({ data: { ...wingerd, id: undefined, hcoNumber: '999' } })).rejects.toThrow(ScopeViolation);
    expect(await fingerprint(db.prisma)).toEqual(before);
  });

  it('refuses to move a row to another facility in update, updateMany, updateManyAndReturn and upsert, and changes nothing', async () => {
    const own = await db.prisma.contactPerson.create({
      data: { facilityId: sintJozef.id, surname: 'Peeters', givenName: 'Lies', email: 'lies@sint-jozef.example', phone: '015 11 22 33' },
    });
    const before = await fingerprint(db.prisma);
    const moves = [{ facilityId: wingerd.id }, { facility: { connect: { id: wingerd.id } } }];
    for (const data of moves) {
      await expect(scope.contactPerson.update({ where: { id: own.id }, data })).rejects.toThrow(ScopeViolation);
      await expect(scope.contactPerson.upsert({ where: { id: own.id }, create: { ...own, id: undefined }, update: data })).rejects.toThrow(ScopeViolation);
    }
    await expect(scope.contactPerson.updateMany({ where: { id: own.id }, data: { facilityId: wingerd.id } })).rejects.toThrow(ScopeViolation);
    await expect(scope.contactPerson.updateManyAndReturn({ where: { id: own.id }, data: { facilityId: wingerd.id } })).rejects.toThrow(ScopeViolation);
    await expect(scope.facility.update({ where: { id: sintJozef.id }, data: { id: wingerd.id } })).rejects.toThrow(ScopeViolation);
    expect(await fingerprint(db.prisma)).toEqual(before);
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: own.id } })).facilityId).toBe(sintJozef.id);
    await db.prisma.contactPerson.delete({ where: { id: own.id } });
  });

  it('forces new rows onto the acting facility', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { insz: '72061808952' } });
    const right = await scope.facilityRight.create({ data: { userId: user.id, facilityId: wingerd.id, roles: [] } });
    expect(right.facilityId).toBe(sintJozef.id);
    await db.prisma.facilityRight.delete({ where: { id: right.id } });
  });
});
