// Reference data (themes, facility types, teams) is brought in line with the
// catalog on every start, in every environment: the catalog in code is its source. Demo data is for
// development only. Both are idempotent: running them again changes nothing.
import type { PrismaClient } from './client.js';
import { FACILITY_TYPES, TEAMS, THEMES } from '../modules/themes/index.js';
import {
  DEMO_DEPARTMENT_WRITERS,
  DEMO_ENTERPRISES,
  DEMO_FACILITY_WRITERS,
  DEMO_INCOMING_BODIES,
  DEMO_OUTGOING_BODIES,
  DEMO_PEOPLE,
  DEMO_PRICE_REGISTERS,
  DEMO_INDEXERINGEN,
  DEMO_NEW_RECOGNITIONS,
  DEMO_SUBMITTED_LAST_YEAR,
  DEMO_INDEX_MONTHS,
  DEMO_ZORGAANBOD_ROWS,
  demoIndexHundredths,
  demoAttachments,
  demoThreadPlans,
} from './demo-data.js';
import { createHash } from 'node:crypto';
import { addresseeName } from '../modules/messages/index.js';
import { addCalendarDays, brusselsDateOf, calendarDateOfDbDate, dbDateOf, startOfBrusselsDay, type CalendarDate } from '../lib/dates.js';
import { decisionLetter, indexeringLines, PORTAL_ACTOR, storePriceContent, transition, type LetterRequest } from '../modules/dossier-core/index.js';
import { seedDevIdp } from '../dev/idp/directory.js';
import { applyPercentage, decimalText, indexationPercentage, monthDate } from '../modules/price-index/index.js';
import { closeRegisterRows, itemKey, registerAt } from '../modules/prices/index.js';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Writes the catalog's teams, themes and facility types (and which belong
 * together) unless the database holds them already: on most starts one read
 * instead of some forty writes.
 */
export async function seedReferenceData(prisma: PrismaClient): Promise<void> {
  if (await referenceDataIsCurrent(prisma)) return;
  await prisma.$transaction(async (tx) => {
    const teamIds = new Map<string, number>();
    for (const team of TEAMS) {
      const row = await tx.team.upsert({
        where: { code: team.code },
        create: team,
        update: { name: team.name, email: team.email },
      });
      teamIds.set(team.code, row.id);
    }
    const themeIds = new Map<string, number>();
    for (const theme of THEMES) {
      const row = await tx.theme.upsert({
        where: { slug: theme.slug },
        create: { slug: theme.slug, name: theme.name },
        update: { name: theme.name },
      });
      themeIds.set(theme.slug, row.id);
      await tx.themeTeam.deleteMany({ where: { themeId: row.id } });
      await tx.themeTeam.createMany({
        data: theme.teams.map((code) => ({ themeId: row.id, teamId: required(teamIds, code) })),
      });
    }
    for (const type of FACILITY_TYPES) {
      const row = await tx.facilityType.upsert({
        where: { code: type.code },
        create: { code: type.code, name: type.name, hoedanigheid: type.hoedanigheid },
        update: { name: type.name, hoedanigheid: type.hoedanigheid },
      });
      await tx.facilityTypeTheme.deleteMany({ where: { facilityTypeId: row.id } });
      await tx.facilityTypeTheme.createMany({
        data: type.themes.map((slug) => ({ facilityTypeId: row.id, themeId: required(themeIds, slug) })),
      });
    }
  });
}

/**
 * Whether writing the catalog would change nothing: every team, theme and
 * facility type of the catalog is there with the values the seed writes, and
 * each theme and facility type is linked to exactly the catalog's teams and
 * themes. Rows the catalog does not name are left alone by the seed, so they
 * are ignored here too.
 */
async function referenceDataIsCurrent(prisma: PrismaClient): Promise<boolean> {
  // One plain query: the first query of each shape through Prisma's query compiler costs far more at start-up.
  const [current] = await prisma.$queryRaw<
    {
      teams: { code: string; name: string; email: string }[];
      themes: { slug: string; name: string; teams: string[] }[];
      types: { code: string; name: string; hoedanigheid: string; themes: string[] }[];
    }[]
  >`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('code', code, 'name', name, 'email', email)), '[]') FROM team) AS teams,
      (SELECT coalesce(json_agg(json_build_object('slug', th.slug, 'name', th.name, 'teams',
          (SELECT coalesce(json_agg(te.code), '[]') FROM theme_team tt JOIN team te ON te.id = tt.team_id WHERE tt.theme_id = th.id))), '[]')
        FROM theme th) AS themes,
      (SELECT coalesce(json_agg(json_build_object('code', ft.code, 'name', ft.name, 'hoedanigheid', ft.hoedanigheid, 'themes',
          (SELECT coalesce(json_agg(th.slug), '[]') FROM facility_type_theme ftt JOIN theme th ON th.id = ftt.theme_id WHERE ftt.facility_type_id = ft.id))), '[]')
        FROM facility_type ft) AS types`;
  if (!current) return false;
  const { teams, themes, types } = current;
  const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join('\n') === [...b].sort().join('\n');
  const teamsByCode = new Map(teams.map((t) => [t.code, t]));
  const themesBySlug = new Map(themes.map((t) => [t.slug, t]));
  const typesByCode = new Map(types.map((t) => [t.code, t]));
  return (
    TEAMS.every((team) => {
      const row = teamsByCode.get(team.code);
      return row !== undefined && row.name === team.name && row.email === team.email;
    }) &&
    THEMES.every((theme) => {
      const row = themesBySlug.get(theme.slug);
      return row !== undefined && row.name === theme.name && sameSet(row.teams, theme.teams);
    }) &&
    FACILITY_TYPES.every((type) => {
      const row = typesByCode.get(type.code);
      return row !== undefined && row.name === type.name && row.hoedanigheid === type.hoedanigheid && sameSet(row.themes, type.themes);
    })
  );
}

function required<T>(map: Map<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`catalog refers to unknown code "${key}"`);
  return value;
}

export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  await seedReferenceData(prisma);
  await prisma.$transaction(async (tx) => {
    const types = new Map((await tx.facilityType.findMany()).map((t) => [t.code, t.id]));
    const teams = new Map((await tx.team.findMany()).map((t) => [t.code, t.id]));
    const facilities = new Map<string, number>();
    for (const enterprise of DEMO_ENTERPRISES) {
      const e = await tx.enterprise.upsert({
        where: { kboNumber: enterprise.kboNumber },
        create: { kboNumber: enterprise.kboNumber, name: enterprise.name },
        update: { name: enterprise.name },
      });
      for (const { type, ...facility } of enterprise.facilities) {
        const data = { ...facility, enterpriseId: e.id, facilityTypeId: required(types, type) };
        const f = await tx.facility.upsert({ where: { hcoNumber: facility.hcoNumber }, create: data, update: data });
        facilities.set(facility.hcoNumber, f.id);
      }
    }
    for (const person of DEMO_PEOPLE) await seedPerson(tx, person, facilities, teams);
  });
  await seedDemoMessages(prisma);
  // One "now" for every part, so that dates relative to it agree.
  const now = new Date();
  await seedDemoCampaigns(prisma, now);
  await seedDemoZorgaanbod(prisma, now);
  await seedDemoPriceIndex(prisma, now);
  await seedDemoPriceRegisters(prisma, now);
  await seedDemoRecognitions(prisma, now);
  await seedDemoIndexeringen(prisma, now);
  await seedDevIdp(prisma);
}

/** The demo threads and messages (see demo-data.ts), once: not when the database holds any thread. */
async function seedDemoMessages(prisma: PrismaClient): Promise<void> {
  if ((await prisma.thread.count()) > 0) return;
  const now = Date.now();
  const themesByType = Object.fromEntries(FACILITY_TYPES.map((t) => [t.code, t.themes]));
  await prisma.$transaction(
    async (tx) => {
      const facilities = new Map((await tx.facility.findMany({ select: { id: true, hcoNumber: true } })).map((f) => [f.hcoNumber, f.id]));
      const themes = new Map((await tx.theme.findMany({ include: { teams: { include: { team: true } } } })).map((t) => [t.slug, t]));
      const staff = await tx.staffMember.findMany({ include: { user: true, teams: { include: { team: true } } } });
      const users = await tx.user.findMany({ include: { rights: { include: { facility: { select: { hcoNumber: true } } } } } });
      let index = 0;
      for (const plan of demoThreadPlans(themesByType)) {
        index++;
        const facilityId = required(facilities, plan.hcoNumber);
        const theme = required(themes, plan.themeSlug);
        const team = theme.teams[0]?.team;
        if (!team) throw new Error(`theme ${plan.themeSlug} has no team`);
        const teamStaff = staff.find((s) => s.teams.some((t) => t.teamId === team.id));
        const addressedStaff = teamStaff && index % 3 === 0 ? teamStaff : null;
        const addressee = addresseeName(team, addressedStaff?.user ?? null);
        const writer = users.find((u) => u.rights.some((r) => r.facility.hcoNumber === plan.hcoNumber));
        const departmentName = teamStaff ? `${teamStaff.user.givenName} ${teamStaff.user.surname}` : (DEMO_DEPARTMENT_WRITERS[team.code] ?? team.name);
        const sentAt = plan.daysAgo.map((days, m) => new Date(now - days * 86_400_000 - (plan.daysAgo.length - m) * 600_000));
        const first = sentAt[0] ?? new Date(now);
        const last = sentAt.at(-1) ?? first;
        const sequence = await tx.$queryRaw<{ n: number }[]>`SELECT nextval('thread_reference_seq')::int AS n`;
        const lastOutgoing = (plan.daysAgo.length - 1) % 2 === 0 ? plan.startedByFacility : !plan.startedByFacility;
        const thread = await tx.thread.create({
          data: {
            reference: `DZ-${brusselsDateOf(first).year}-${String(sequence[0]?.n).padStart(6, '0')}`,
            facilityId,
            themeId: theme.id,
            title: plan.title,
            teamId: team.id,
            staffMemberId: addressedStaff?.id ?? null,
            lastActivityAt: last,
            departmentReadAt: lastOutgoing && plan.unreadByDepartment ? null : last,
          },
        });
        const created = await tx.message.createManyAndReturn({
          select: { id: true, direction: true },
          data: sentAt.map((at, m) => {
            const outgoing = m % 2 === 0 ? plan.startedByFacility : !plan.startedByFacility;
            const bodies = outgoing ? DEMO_OUTGOING_BODIES : DEMO_INCOMING_BODIES;
            return {
              threadId: thread.id,
              facilityId,
              themeId: theme.id,
              direction: outgoing ? ('outgoing' as const) : ('incoming' as const),
              authorName: outgoing ? (writer ? `${writer.givenName} ${writer.surname}` : (DEMO_FACILITY_WRITERS[plan.hcoNumber] ?? 'Medewerker')) : departmentName,
              authorUserId: outgoing ? (writer?.id ?? null) : null,
              authorStaffMemberId: outgoing ? null : (teamStaff?.id ?? null),
              counterpart: outgoing ? addressee : `${departmentName} (${team.name})`,
              body: bodies[(index + m) % bodies.length] ?? '',
              sentAt: at,
            };
          }),
        });
        // Every fourth thread: the facility's first message carries a PDF and a text file.
        const firstOutgoing = created.find((m) => m.direction === 'outgoing');
        if (index % 4 === 0 && firstOutgoing && writer) {
          const files = demoAttachments(plan.title);
          for (const [position, file] of files.entries()) {
            await tx.storedFile.create({
              data: {
                facilityId,
                uploadedById: writer.id,
                name: file.name,
                mediaType: file.mediaType,
                size: file.content.length,
                sha256: createHash('sha256').update(file.content).digest('hex'),
                content: new Uint8Array(file.content),
                claimedAt: new Date(now),
                expiresAt: new Date(now),
                messageAttachments: { create: { messageId: firstOutgoing.id, position } },
              },
            });
          }
        }
      }
    },
    { timeout: 60_000 },
  );
}

/** The korting infrastructuurforfait of the demo campaigns (6,29 euro in seed 002's 2025 campaign). */
const DEMO_KORTING_CENTS = 629;

/**
 * Two campaigns of the Meting dagprijzen around `today`: last year's, closed,
 * with submitted dossiers for most demo woonzorgcentra, and this year's, open
 * today. Its deadline is 31 May, or, when the demo starts later in the year,
 * 60 days from today, so that the demo can always be tried.
 */
export async function seedDemoCampaigns(prisma: PrismaClient, today: Date): Promise<void> {
  const now = brusselsDateOf(today);
  const plusDays = (days: number): CalendarDate => brusselsDateOf(new Date(today.getTime() + days * 86_400_000));
  const beforeJune = now.month < 6;
  const current = {
    year: now.year,
    opening: now.month < 4 || (now.month === 4 && now.day < 15) ? now : { year: now.year, month: 4, day: 15 },
    deadline: beforeJune ? { year: now.year, month: 5, day: 31 } : plusDays(60),
  };
  const previous = { year: now.year - 1, opening: { year: now.year - 1, month: 4, day: 15 }, deadline: { year: now.year - 1, month: 5, day: 31 } };
  await prisma.$transaction(async (tx) => {
    const woonzorgcentra = await tx.facility.findMany({ where: { facilityType: { code: 'woonzorgcentrum' } }, select: { id: true, hcoNumber: true, recognizedCapacity: true } });
    const campaignIds: number[] = [];
    for (const c of [previous, current]) {
      const data = { typeCode: 'meting-dagprijzen', openingDate: dbDateOf(c.opening), deadline: dbDateOf(c.deadline), kortingCents: DEMO_KORTING_CENTS, facilityTypeCodes: ['woonzorgcentrum'] };
      const campaign = await tx.campaign.upsert({ where: { typeCode_year: { typeCode: data.typeCode, year: c.year } }, create: { year: c.year, ...data }, update: {} });
      campaignIds.push(campaign.id);
      await tx.campaignCapacity.createMany({
        data: woonzorgcentra.map((f) => ({ campaignId: campaign.id, facilityId: f.id, recognizedCapacity: f.recognizedCapacity ?? 0 })),
        skipDuplicates: true,
      });
    }
    const previousId = campaignIds[0] ?? 0;
    const submittedAt = new Date(Date.UTC(previous.year, 4, 20, 9, 30));
    for (const demo of DEMO_SUBMITTED_LAST_YEAR) {
      const facility = woonzorgcentra.find((f) => f.hcoNumber === demo.hcoNumber);
      if (!facility) continue;
      const exists = await tx.dossier.findUnique({ where: { facilityId_campaignId: { facilityId: facility.id, campaignId: previousId } } });
      if (exists) continue;
      const user = demo.submittedBy ? await tx.user.findUnique({ where: { insz: demo.submittedBy }, select: { id: true } }) : null;
      await tx.dossier.create({
        data: {
          facilityId: facility.id,
          campaignId: previousId,
          status: 'ingediend',
          reference: `MD-${previous.year}-${demo.hcoNumber.padStart(6, '0')}`,
          createdById: user?.id ?? null,
          updatedById: user?.id ?? null,
          submittedById: user?.id ?? null,
          submittedAt,
          createdAt: submittedAt,
          lines: { create: demo.lines.map((l, i) => ({ ...l, position: i })) },
        },
      });
    }
  });
}

/**
 * The demo price registers (M33). Written directly, without a dossier: the
 * price dossiers that set prices come with their own types (SPEC M34-M38).
 */
export async function seedDemoPriceRegisters(prisma: PrismaClient, today: Date): Promise<void> {
  const year = brusselsDateOf(today).year;
  await prisma.$transaction(async (tx) => {
    for (const demo of DEMO_PRICE_REGISTERS) {
      const facility = await tx.facility.findUnique({ where: { hcoNumber: demo.hcoNumber }, select: { id: true } });
      if (!facility || (await tx.priceEntry.count({ where: { facilityId: facility.id } })) > 0) continue;
      await tx.priceEntry.createMany({
        data: demo.changes.flatMap((change) =>
          change.entries.map((e) => ({ ...e, facilityId: facility.id, itemKey: itemKey(e), validFrom: dbDateOf({ year: year - change.yearsAgo, month: change.month, day: 1 }) })),
        ),
      });
      await closeRegisterRows(tx, [facility.id]);
    }
  });
}

/** Demo facilities have no confirmed contacts, so the lifecycle writes no e-mail at seed time: the base URL goes nowhere. */
const DEMO_CONFIG = { baseUrl: 'http://localhost:3000' };

/**
 * The demo indexeringen (M34, see DEMO_INDEXERINGEN), once per facility: each
 * created in opmaak with the kit's lines (every kamertype of the register at
 * its highest new price), then submitted, refused or approved by the term
 * through the lifecycle's transition(), with the decision letter made as the
 * term job and the department make it.
 */
export async function seedDemoIndexeringen(prisma: PrismaClient, today: Date): Promise<void> {
  for (const demo of DEMO_INDEXERINGEN) {
    const facility = await prisma.facility.findUnique({ where: { hcoNumber: demo.hcoNumber }, select: { id: true } });
    if (!facility || (await prisma.dossier.count({ where: { facilityId: facility.id, typeCode: 'indexering' } })) > 0) continue;
    const submittedAt = new Date(today.getTime() - demo.daysAgo * 86_400_000);
    const day = brusselsDateOf(submittedAt);
    const register = await registerAt(prisma, facility.id, day);
    const current = register.kamertypes.map((k) => k.validFrom).sort((a, b) => dbDateOf(b).getTime() - dbDateOf(a).getTime())[0];
    if (!current) continue;
    const n = current.year * 12 + current.month - 1 - (demo.startMonthsEarlier ?? 0);
    const indexation = await indexationPercentage(prisma, { year: Math.floor(n / 12), month: (n % 12) + 1 });
    if (!indexation) continue;
    const submitter = 'insz' in demo.submittedBy ? await prisma.user.findUnique({ where: { insz: demo.submittedBy.insz }, select: { id: true, givenName: true, surname: true } }) : null;
    const actor = submitter ? { userId: submitter.id, name: `${submitter.givenName} ${submitter.surname}` } : { userId: null, name: 'name' in demo.submittedBy ? demo.submittedBy.name : 'Demogegevens' };
    const dossierId = await prisma.$transaction(async (tx) => {
      const dossier = await tx.dossier.create({ data: { facilityId: facility.id, typeCode: 'indexering', reference: `IX-DEMO-${demo.hcoNumber}`, createdAt: submittedAt, createdById: actor.userId, updatedById: actor.userId } });
      await tx.dossier.update({ where: { id: dossier.id }, data: { reference: `IX-${day.year}-${String(dossier.id).padStart(6, '0')}` } });
      // The indexering's own lines (every kamertype of the register) at the highest new price, and the facts fixed at submission.
      const lines = indexeringLines(register.kamertypes, (k) => applyPercentage(k.priceCents, indexation.percentage));
      await storePriceContent(tx, dossier.id, facility.id, lines, {
        validFrom: null,
        motivation: '',
        approvalDate: null,
        approvalReference: '',
        startMonth: indexation.start.month,
        startIndex: indexation.start.hundredths,
        lastMonth: indexation.last.month,
        lastIndex: indexation.last.hundredths,
        percentage: indexation.percentage,
      });
      const submitted = await transition(tx, DEMO_CONFIG, { dossierId: dossier.id, name: 'submit', actor, at: submittedAt, data: { submittedAt, submittedById: actor.userId } });
      if (submitted.kind !== 'done') throw new Error(`demo indexering of ${demo.hcoNumber} not submitted`);
      return dossier.id;
    });
    const outcome = demo.outcome;
    if (!outcome) continue;
    let decision: LetterRequest;
    if (outcome.kind === 'term') {
      // The term job's run at the first moment after the last day of the term (midnight, Brussels).
      const row = await prisma.dossier.findUniqueOrThrow({ where: { id: dossierId }, select: { termEndsOn: true } });
      if (!row.termEndsOn) throw new Error('an indexering has a term');
      decision = { dossierId, name: 'term', outcome: 'aanvaard', actor: PORTAL_ACTOR, at: startOfBrusselsDay(addCalendarDays(calendarDateOfDbDate(row.termEndsOn), 1)) };
    } else {
      const staff = await prisma.user.findUniqueOrThrow({ where: { insz: outcome.by }, select: { id: true, givenName: true, surname: true } });
      const at = new Date(submittedAt.getTime() + outcome.daysAfter * 86_400_000);
      decision = { dossierId, name: 'decide', outcome: 'geweigerd', reason: outcome.motivation, actor: { userId: staff.id, name: `${staff.givenName} ${staff.surname}`, teamCode: 'team-prijzen' }, at };
    }
    const letter = await decisionLetter(prisma, decision);
    await prisma.$transaction(async (tx) => {
      const decided = await transition(tx, DEMO_CONFIG, { ...decision, letter });
      if (decided.kind !== 'done') throw new Error(`demo indexering of ${demo.hcoNumber} not decided`);
    });
  }
}

/** The new erkenningsnummers of the demo (M35): written once, when the facility has none. */
export async function seedDemoRecognitions(prisma: PrismaClient, today: Date): Promise<void> {
  for (const demo of DEMO_NEW_RECOGNITIONS) {
    await prisma.facility.updateMany({
      where: { hcoNumber: demo.hcoNumber, newRecognitionNumber: null },
      data: { newRecognitionNumber: demo.number, newRecognitionDate: dbDateOf(brusselsDateOf(new Date(today.getTime() - demo.daysAgo * 86_400_000))), receivesInfrastructureForfait: false },
    });
  }
}

/**
 * The Zorgaanbod campaign (M25) opened on the last 15 August (seed 004:
 * "Vanaf 15 augustus Excel-lijst invullen en indienen"), without closing
 * date, and a submitted list for Huisartsenvereniging Gent; Huisartsenkring
 * Pajottenland still has to submit.
 */
export async function seedDemoZorgaanbod(prisma: PrismaClient, today: Date): Promise<void> {
  const now = brusselsDateOf(today);
  const year = now.month > 8 || (now.month === 8 && now.day >= 15) ? now.year : now.year - 1;
  await prisma.$transaction(async (tx) => {
    // A campaign of the dossier type zorgaanbod: no reminders (those are the Meting's), no closing day.
    const campaign = await tx.campaign.upsert({
      where: { typeCode_year: { typeCode: 'zorgaanbod', year } },
      create: { typeCode: 'zorgaanbod', year, openingDate: dbDateOf({ year, month: 8, day: 15 }), facilityTypeCodes: ['huisartsenkring'], reminderDays: [] },
      update: {},
    });
    const gent = await tx.facility.findUnique({ where: { hcoNumber: '52044' }, select: { id: true, hcoNumber: true } });
    if (!gent) return;
    const exists = await tx.dossier.findUnique({ where: { facilityId_campaignId: { facilityId: gent.id, campaignId: campaign.id } } });
    if (exists) return;
    const submittedAt = new Date(Date.UTC(year, 8, 2, 9, 0));
    const list = await tx.dossier.create({
      data: {
        facilityId: gent.id,
        campaignId: campaign.id,
        typeCode: 'zorgaanbod',
        reference: `ZA-${year}-${gent.hcoNumber.padStart(6, '0')}`,
        status: 'ingediend',
        submittedAt,
        createdAt: submittedAt,
        zorgaanbodRows: { create: DEMO_ZORGAANBOD_ROWS.map((r, i) => ({ excelRow: i + 2, ...r })) },
      },
    });
    await tx.dossierEvent.create({
      data: { dossierId: list.id, facilityId: gent.id, fromStatus: 'opmaak', toStatus: 'ingediend', actorName: 'Demo Huisartsenvereniging Gent', at: submittedAt },
    });
  });
}

/**
 * Demonstration figures of the consumer price index for the 40 months before
 * the current one (whose figure is published at its end), marked demo. A
 * month that has a figure already, demo or official, keeps it.
 */
export async function seedDemoPriceIndex(prisma: PrismaClient, today: Date): Promise<void> {
  const now = brusselsDateOf(today);
  const current = now.year * 12 + now.month - 1;
  const data = Array.from({ length: DEMO_INDEX_MONTHS }, (_, i) => {
    const n = current - DEMO_INDEX_MONTHS + i;
    return {
      month: monthDate({ year: Math.floor(n / 12), month: (n % 12) + 1 }),
      value: decimalText(demoIndexHundredths(n)),
      demo: true,
      addedByName: 'Demogegevens',
    };
  });
  await prisma.consumerPriceIndex.createMany({ data, skipDuplicates: true });
}

async function seedPerson(
  tx: Tx,
  person: (typeof DEMO_PEOPLE)[number],
  facilities: Map<string, number>,
  teams: Map<string, number>,
): Promise<void> {
  const names = { givenName: person.givenName, surname: person.surname, email: person.email };
  const user = await tx.user.upsert({ where: { insz: person.insz }, create: { insz: person.insz, ...names }, update: names });
  for (const right of person.rights) {
    const facilityId = required(facilities, right.hcoNumber);
    await tx.facilityRight.upsert({
      where: { userId_facilityId: { userId: user.id, facilityId } },
      create: { userId: user.id, facilityId, roles: right.roles },
      update: { roles: right.roles },
    });
  }
  if (person.staff) {
    const staff = await tx.staffMember.upsert({
      where: { userId: user.id },
      create: { userId: user.id, staffId: person.staff.staffId },
      update: { staffId: person.staff.staffId },
    });
    await tx.staffTeam.createMany({
      data: person.staff.teams.map((code) => ({ staffMemberId: staff.id, teamId: required(teams, code) })),
      skipDuplicates: true,
    });
  }
}

/** True when the database holds no facility yet: the first start of a development database. */
export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.facility.count()) === 0;
}
