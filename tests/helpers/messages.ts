// Threads and contacts written straight into a test database, for the tests
// of the Berichtenmodule (the pages under test then read them).
import type { PrismaClient } from '../../src/db/client.js';

export interface MessageSpec {
  direction: 'incoming' | 'outgoing';
  body?: string;
  sentAt: Date;
  authorName?: string;
  counterpart?: string;
}

let counter = 900_000;

/** A thread of a facility with its messages (oldest first), addressed to the theme's team. */
export async function createThread(
  prisma: PrismaClient,
  spec: { facilityId: number; themeSlug: string; title: string; reference?: string; messages: MessageSpec[] },
): Promise<{ threadId: number; reference: string; messageIds: number[] }> {
  const theme = await prisma.theme.findUniqueOrThrow({ where: { slug: spec.themeSlug }, include: { teams: { include: { team: true } } } });
  const team = theme.teams[0]?.team;
  if (!team) throw new Error('theme without team');
  const reference = spec.reference ?? `DZ-2026-${String(++counter).padStart(6, '0')}`;
  const last = spec.messages.at(-1)?.sentAt ?? new Date();
  const thread = await prisma.thread.create({
    data: { reference, facilityId: spec.facilityId, themeId: theme.id, title: spec.title, teamId: team.id, lastActivityAt: last },
  });
  const messageIds: number[] = [];
  for (const [i, m] of spec.messages.entries()) {
    const created = await prisma.message.create({
      data: {
        threadId: thread.id,
        facilityId: spec.facilityId,
        themeId: theme.id,
        direction: m.direction,
        authorName: m.authorName ?? (m.direction === 'incoming' ? 'Els Willems' : 'Jan Claes'),
        counterpart: m.counterpart ?? (m.direction === 'incoming' ? `Els Willems (${team.name})` : team.name),
        body: m.body ?? `Bericht ${i + 1} van ${spec.title}`,
        sentAt: m.sentAt,
      },
    });
    messageIds.push(created.id);
  }
  return { threadId: thread.id, reference, messageIds };
}

/** A contact person of a facility for themes, confirmed or not. */
export async function createContact(
  prisma: PrismaClient,
  spec: { facilityId: number; themeSlugs: string[]; email: string; givenName?: string; surname?: string; confirmed?: boolean },
) {
  const themes = await prisma.theme.findMany({ where: { slug: { in: spec.themeSlugs } } });
  return prisma.contactPerson.create({
    data: {
      facilityId: spec.facilityId,
      surname: spec.surname ?? 'Contact',
      givenName: spec.givenName ?? 'Test',
      email: spec.email,
      phone: '016 12 34 56',
      confirmedAt: spec.confirmed === false ? null : new Date(),
      themes: { create: themes.map((t) => ({ themeId: t.id })) },
    },
  });
}

/** Removes every thread of a facility (the demo data), so a test knows exactly what the lists hold. */
export async function clearThreads(prisma: PrismaClient, facilityId: number): Promise<void> {
  await prisma.thread.deleteMany({ where: { facilityId } });
}

/** The instant `days` days before a fixed moment, at noon UTC (within the same day in Brussels). */
export function daysBefore(days: number, from = new Date('2026-06-30T12:00:00Z')): Date {
  return new Date(from.getTime() - days * 86_400_000);
}
