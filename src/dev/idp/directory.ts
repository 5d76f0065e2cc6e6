// The development identity provider's own directory, modelled on eHealth's
// access management (seed 003): enterprise (KBO) -> hoedanigheid ->
// subafdeling (facility, HCO) -> users (INSZ) with or without the right
// "E-loket Departement Zorg" and roles; plus department staff and teams.
import { z } from 'zod';
import type { PrismaClient } from '../../db/client.js';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../db/demo-data.js';
import { FACILITY_TYPES, ROLE_FINANCIAL_DATA, TEAMS } from '../../modules/themes/index.js';
import { normalizeInsz } from '../../lib/identifiers.js';
import type { FacilityRightClaim } from '../../auth/attributes.js';

export interface DirectoryPerson {
  id: number;
  name: string;
  insz: string;
  /** Null for department staff, to whom the facility right does not apply. */
  eloketRight: boolean | null;
  roles: string[];
}

export interface DirectoryView {
  enterprises: {
    name: string;
    kboNumber: string;
    subafdelingen: { name: string; hcoNumber: string; hoedanigheid: string; people: DirectoryPerson[] }[];
  }[];
  teams: { name: string; people: DirectoryPerson[] }[];
}

/** Everyone who can sign in, grouped as the sign-in page shows them. */
export async function loadDirectory(prisma: PrismaClient): Promise<DirectoryView> {
  const enterprises = await prisma.devIdpEnterprise.findMany({
    orderBy: { name: 'asc' },
    include: {
      hoedanigheden: {
        include: {
          subafdelingen: {
            orderBy: { name: 'asc' },
            include: { accesses: { include: { person: true }, orderBy: { person: { surname: 'asc' } } } },
          },
        },
      },
    },
  });
  const staff = await prisma.devIdpStaff.findMany({ include: { person: true }, orderBy: { person: { surname: 'asc' } } });
  const personOf = (p: { id: number; givenName: string; surname: string; insz: string }, eloketRight: boolean | null, roles: string[]) => ({
    id: p.id,
    name: `${p.givenName} ${p.surname}`,
    insz: p.insz,
    eloketRight,
    roles,
  });
  return {
    enterprises: enterprises.map((e) => ({
      name: e.name,
      kboNumber: e.kboNumber,
      subafdelingen: e.hoedanigheden
        .flatMap((h) => h.subafdelingen.map((s) => ({ ...s, hoedanigheid: h.name })))
        .map((s) => ({
          name: s.name,
          hcoNumber: s.hcoNumber,
          hoedanigheid: s.hoedanigheid,
          people: s.accesses.map((a) => personOf(a.person, a.eloketRight, a.roles)),
        })),
    })),
    teams: TEAMS.map((team) => ({
      name: team.name,
      people: staff.filter((s) => s.teams.includes(team.code)).map((s) => personOf(s.person, null, [])),
    })).filter((t) => t.people.length > 0),
  };
}

export interface DevIdentity {
  insz: string;
  givenName: string;
  surname: string;
  email: string;
  facilityRights: FacilityRightClaim[];
  staffId?: string;
  teams: string[];
}

/** What the identity provider asserts about a person: only accesses that carry the e-loket right. */
export async function identityOf(prisma: PrismaClient, personId: number): Promise<DevIdentity | undefined> {
  const person = await prisma.devIdpPerson.findUnique({
    where: { id: personId },
    include: {
      accesses: { where: { eloketRight: true }, include: { subafdeling: { include: { hoedanigheid: { include: { enterprise: true } } } } } },
      staff: true,
    },
  });
  if (!person) return undefined;
  return {
    insz: person.insz,
    givenName: person.givenName,
    surname: person.surname,
    email: person.email,
    facilityRights: person.accesses.map((a) => ({
      hco: a.subafdeling.hcoNumber,
      kbo: a.subafdeling.hoedanigheid.enterprise.kboNumber,
      type: a.subafdeling.facilityType,
      roles: a.roles,
    })),
    ...(person.staff ? { staffId: person.staff.staffId } : {}),
    teams: person.staff?.teams ?? [],
  };
}

export const AVAILABLE_ROLES = [ROLE_FINANCIAL_DATA];

const required = (message: string) => z.string({ error: message }).trim().min(1, message).max(100, 'Gebruik hoogstens 100 tekens.');

/** The form "Persoon toevoegen" of the development identity provider. */
export const addPersonSchema = z.object({
  givenName: required('Vul de voornaam in.'),
  surname: required('Vul de achternaam in.'),
  insz: z
    .string({ error: 'Vul het rijksregisternummer in.' })
    .trim()
    .min(1, 'Vul het rijksregisternummer in.')
    .transform((value, ctx) => normalizeInsz(value) ?? (ctx.addIssue({ code: 'custom', message: 'Vul een geldig rijksregisternummer in (11 cijfers, bijvoorbeeld 85.07.30-033.28).' }), z.NEVER)),
  email: z.string({ error: 'Vul het e-mailadres in.' }).trim().min(1, 'Vul het e-mailadres in.').pipe(z.email('Vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be.')),
  hcoNumber: z.string({ error: 'Kies de voorziening.' }).trim().min(1, 'Kies de voorziening.'),
  eloketRight: z.literal('ja').optional(),
  roles: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(AVAILABLE_ROLES as [string, ...string[]], 'Kies een bestaande rol.'))),
});
export type AddPersonInput = z.infer<typeof addPersonSchema>;

export type AddPersonResult = { ok: true } | { ok: false; field: keyof AddPersonInput; message: string };

export async function addPerson(prisma: PrismaClient, input: AddPersonInput): Promise<AddPersonResult> {
  const subafdeling = await prisma.devIdpSubafdeling.findUnique({ where: { hcoNumber: input.hcoNumber } });
  if (!subafdeling) return { ok: false, field: 'hcoNumber', message: 'Kies de voorziening.' };
  const existing = await prisma.devIdpPerson.findUnique({ where: { insz: input.insz }, include: { accesses: true } });
  if (existing?.accesses.some((a) => a.subafdelingId === subafdeling.id)) {
    return { ok: false, field: 'insz', message: 'Deze persoon is al gebruiker van deze voorziening.' };
  }
  await prisma.$transaction(async (tx) => {
    const person = await tx.devIdpPerson.upsert({
      where: { insz: input.insz },
      create: { insz: input.insz, givenName: input.givenName, surname: input.surname, email: input.email },
      update: { givenName: input.givenName, surname: input.surname, email: input.email },
    });
    await tx.devIdpAccess.create({
      data: { personId: person.id, subafdelingId: subafdeling.id, eloketRight: input.eloketRight === 'ja', roles: input.roles },
    });
  });
  return { ok: true };
}

export async function listSubafdelingen(prisma: PrismaClient) {
  return prisma.devIdpSubafdeling.findMany({ orderBy: { name: 'asc' }, select: { hcoNumber: true, name: true } });
}

/** Fills the directory from the demo data; idempotent. */
export async function seedDevIdp(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const subafdelingIds = new Map<string, number>();
    for (const enterprise of DEMO_ENTERPRISES) {
      const e = await tx.devIdpEnterprise.upsert({
        where: { kboNumber: enterprise.kboNumber },
        create: { kboNumber: enterprise.kboNumber, name: enterprise.name },
        update: { name: enterprise.name },
      });
      for (const facility of enterprise.facilities) {
        const hoedanigheidName = FACILITY_TYPES.find((t) => t.code === facility.type)?.hoedanigheid ?? facility.type;
        const h = await tx.devIdpHoedanigheid.upsert({
          where: { enterpriseId_name: { enterpriseId: e.id, name: hoedanigheidName } },
          create: { enterpriseId: e.id, name: hoedanigheidName },
          update: {},
        });
        const data = { hoedanigheidId: h.id, name: facility.name, facilityType: facility.type };
        const s = await tx.devIdpSubafdeling.upsert({ where: { hcoNumber: facility.hcoNumber }, create: { hcoNumber: facility.hcoNumber, ...data }, update: data });
        subafdelingIds.set(facility.hcoNumber, s.id);
      }
    }
    for (const demo of DEMO_PEOPLE) {
      const names = { givenName: demo.givenName, surname: demo.surname, email: demo.email };
      const person = await tx.devIdpPerson.upsert({ where: { insz: demo.insz }, create: { insz: demo.insz, ...names }, update: names });
      const accesses = demo.rights.map((r) => ({ hcoNumber: r.hcoNumber, eloketRight: true, roles: r.roles }));
      // Known to eHealth as a user of a facility, but without the e-loket right.
      if (demo.withoutEloketRightAt) accesses.push({ hcoNumber: demo.withoutEloketRightAt, eloketRight: false, roles: [] });
      for (const access of accesses) {
        const subafdelingId = subafdelingIds.get(access.hcoNumber);
        if (subafdelingId === undefined) throw new Error(`demo data: unknown HCO ${access.hcoNumber}`);
        await tx.devIdpAccess.upsert({
          where: { personId_subafdelingId: { personId: person.id, subafdelingId } },
          create: { personId: person.id, subafdelingId, eloketRight: access.eloketRight, roles: access.roles },
          update: { eloketRight: access.eloketRight, roles: access.roles },
        });
      }
      if (demo.staff) {
        await tx.devIdpStaff.upsert({
          where: { personId: person.id },
          create: { personId: person.id, staffId: demo.staff.staffId, teams: demo.staff.teams },
          update: { staffId: demo.staff.staffId, teams: demo.staff.teams },
        });
      }
    }
  });
}
