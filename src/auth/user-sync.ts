// On every login the portal's picture of a person follows the assertion:
// names, e-mail, facility rights with roles, and staff membership. A right
// or team removed at the identity provider is gone here too.
import type { PrismaClient } from '../db/client.js';
import type { Identity } from './attributes.js';

export interface LoggedInUser {
  userId: number;
  facilityIds: number[];
  isStaff: boolean;
  /** Claims the portal could not match (unknown HCO, or an HCO under another KBO); for the log. */
  ignoredClaims: string[];
}

export async function syncUserFromIdentity(prisma: PrismaClient, identity: Identity): Promise<LoggedInUser> {
  return prisma.$transaction(async (tx) => {
    const names = { givenName: identity.givenName, surname: identity.surname, email: identity.email ?? null, lastLoginAt: new Date() };
    const user = await tx.user.upsert({ where: { insz: identity.insz }, create: { insz: identity.insz, ...names }, update: names });

    const claimed = identity.facilityRights;
    const facilities = await tx.facility.findMany({
      where: { hcoNumber: { in: claimed.map((c) => c.hco) } },
      select: { id: true, hcoNumber: true, enterprise: { select: { kboNumber: true } } },
    });
    const ignoredClaims: string[] = [];
    const granted: { facilityId: number; roles: string[] }[] = [];
    for (const claim of claimed) {
      const facility = facilities.find((f) => f.hcoNumber === claim.hco);
      if (!facility || facility.enterprise.kboNumber !== claim.kbo) ignoredClaims.push(`HCO ${claim.hco} / KBO ${claim.kbo}`);
      else granted.push({ facilityId: facility.id, roles: [...new Set(claim.roles)] });
    }
    await tx.facilityRight.deleteMany({ where: { userId: user.id, facilityId: { notIn: granted.map((g) => g.facilityId) } } });
    for (const right of granted) {
      await tx.facilityRight.upsert({
        where: { userId_facilityId: { userId: user.id, facilityId: right.facilityId } },
        create: { userId: user.id, ...right },
        update: { roles: right.roles },
      });
    }

    let isStaff = false;
    if (identity.staffId) {
      const staff = await tx.staffMember.upsert({
        where: { userId: user.id },
        create: { userId: user.id, staffId: identity.staffId },
        update: { staffId: identity.staffId },
      });
      const teams = await tx.team.findMany({ where: { code: { in: identity.teams } }, select: { id: true } });
      await tx.staffTeam.deleteMany({ where: { staffMemberId: staff.id } });
      await tx.staffTeam.createMany({ data: teams.map((t) => ({ staffMemberId: staff.id, teamId: t.id })) });
      isStaff = true;
    } else {
      await tx.staffMember.deleteMany({ where: { userId: user.id } });
    }
    return { userId: user.id, facilityIds: granted.map((g) => g.facilityId), isStaff, ignoredClaims };
  });
}
