import { describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/db/seed.js';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../src/db/demo-data.js';
import { isValidInsz, isValidKbo } from '../../src/lib/identifiers.js';
import { ROLE_FINANCIAL_DATA } from '../../src/modules/themes/catalog.js';
import { createTestDatabase } from '../helpers/database.js';

const db = await createTestDatabase();

async function counts() {
  const p = db.prisma;
  return {
    enterprises: await p.enterprise.count(),
    facilities: await p.facility.count(),
    users: await p.user.count(),
    rights: await p.facilityRight.count(),
    staff: await p.staffMember.count(),
    staffTeams: await p.staffTeam.count(),
    themes: await p.theme.count(),
    typeThemes: await p.facilityTypeTheme.count(),
    themeTeams: await p.themeTeam.count(),
  };
}

describe('demo data', () => {
  it('is idempotent: seeding again changes nothing', async () => {
    const before = await counts();
    await seedDemoData(db.prisma);
    await seedDemoData(db.prisma);
    expect(await counts()).toEqual(before);
  });

  it('has at least three enterprises with valid KBO numbers and six facilities of two types', async () => {
    const enterprises = await db.prisma.enterprise.findMany();
    expect(enterprises.length).toBeGreaterThanOrEqual(3);
    expect(enterprises.every((e) => isValidKbo(e.kboNumber))).toBe(true);
    const facilities = await db.prisma.facility.findMany({ include: { facilityType: true } });
    expect(facilities.length).toBeGreaterThanOrEqual(6);
    expect(new Set(facilities.map((f) => f.facilityType.code))).toEqual(new Set(['woonzorgcentrum', 'huisartsenkring']));
    expect(DEMO_ENTERPRISES.flatMap((e) => e.facilities)).toHaveLength(facilities.length);
  });

  it('has personas with valid INSZ numbers', async () => {
    const users = await db.prisma.user.findMany();
    expect(users).toHaveLength(DEMO_PEOPLE.length);
    expect(users.every((u) => isValidInsz(u.insz))).toBe(true);
  });

  it('gives one user two woonzorgcentra of one enterprise, with the financial role for one of them', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({
      where: { insz: '78041215386' },
      include: { rights: { include: { facility: { include: { facilityType: true } } } } },
    });
    expect(user.rights).toHaveLength(2);
    expect(new Set(user.rights.map((r) => r.facility.enterpriseId)).size).toBe(1);
    expect(user.rights.every((r) => r.facility.facilityType.code === 'woonzorgcentrum')).toBe(true);
    expect(user.rights.filter((r) => r.roles.includes(ROLE_FINANCIAL_DATA))).toHaveLength(1);
  });

  it('has a person without the e-loket right, and staff of Team Prijzen, Team Eerstelijn and the helpdesk', async () => {
    const withoutRight = await db.prisma.user.findMany({ where: { rights: { none: {} }, staffMember: null } });
    expect(withoutRight.map((u) => `${u.givenName} ${u.surname}`)).toEqual(['Tom Jacobs']);
    const teams = await db.prisma.team.findMany({ where: { members: { some: {} } }, orderBy: { name: 'asc' } });
    expect(teams.map((t) => t.name)).toEqual(['Team Eerstelijn', 'Team Prijzen', 'Technische helpdesk']);
  });

  it('gives woonzorgcentra four themes and huisartsenkringen Zorgaanbod, each with a responsible team', async () => {
    const types = await db.prisma.facilityType.findMany({ include: { themes: { include: { theme: true } } } });
    const themesOf = (code: string) => types.find((t) => t.code === code)?.themes.map((t) => t.theme.name).sort();
    expect(themesOf('woonzorgcentrum')).toEqual(['Brandveiligheid', 'Kwaliteit', 'Prijzen', 'Subsidies']);
    expect(themesOf('huisartsenkring')).toEqual(['Zorgaanbod']);
    const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' }, include: { teams: { include: { team: true } } } });
    expect(prijzen.teams.map((t) => t.team.name)).toEqual(['Team Prijzen']);
  });
});
