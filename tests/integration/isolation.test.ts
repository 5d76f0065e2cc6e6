import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createFacilityScope, ScopeViolation } from '../../src/auth/facility-scope.js';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { FACILITY_ROUTES, fingerprint } from '../helpers/isolation.js';

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

const campaign = await db.prisma.campaign.findFirstOrThrow({ orderBy: { year: 'desc' } });
const wingerdDossier = await db.prisma.dossier.create({
  data: {
    facilityId: wingerd.id,
    campaignId: campaign.id,
    reference: 'MD-TEST-019555',
    lines: { create: [{ luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Wingerd', capaciteit: 2, priceCents: 5000 }] },
  },
});

describe('isolation between facilities (M3, Q1)', () => {
  it.each(FACILITY_ROUTES.map((r) => [r.name, r] as const))('answers 404 and changes nothing: %s with another facility\'s ids', async (_name, route) => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const page = await agent.get('/auth/logout'); // any page with a form, for the CSRF token
    const csrf = hiddenField(page.text, '_csrf') ?? '';
    // The session row itself is touched by every request; compare the rest after settling it.
    await agent.get('/mijn-organisatie');
    const before = await fingerprint(db.prisma);
    const foreign = { facilityId: wingerd.id, contactPersonId: wingerdContact.id, dossierId: wingerdDossier.id };
    const response =
      route.method === 'GET'
        ? await agent.get(route.path(foreign))
        : await agent.post(route.path(foreign)).type('form').send({ _csrf: csrf, ...route.body?.(foreign, { facilityId: sintJozef.id }) });
    expect(response.status).toBe(404);
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

  it('forces new rows onto the acting facility', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { insz: '72061808952' } });
    const right = await scope.facilityRight.create({ data: { userId: user.id, facilityId: wingerd.id, roles: [] } });
    expect(right.facilityId).toBe(sintJozef.id);
    await db.prisma.facilityRight.delete({ where: { id: right.id } });
  });
});
