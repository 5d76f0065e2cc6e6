// The department's outbound messages (M26): a new thread to one facility,
// optionally about one of its dossiers, and a bulk send, the same message to
// many facilities as one thread per facility. A staff member writes only on
// the themes of their own teams; the thread goes to the team of theirs that
// is responsible for the theme.
//
// A bulk send is a job in the database: confirming it fixes its targets (one
// row per facility) in the transaction that records it; the bulk worker
// (worker.ts) then makes each target's thread in a transaction of its own.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { metingDagprijzen } from '../dossier-core/index.js';
import { formatDate, formatDateTime } from '../../lib/dates.js';
import { StagedFilesUnavailable, type StoredFileInfo } from '../../uploads/index.js';
import { uploadTexts } from '../../uploads/texts.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import type { MessagesService } from '../messages/index.js';
import { notifiedContacts, type Recipient, recipientCandidates } from '../messages/index.js';
import { CAMPAIGN_PROGRESS, TEAM_PRIJZEN, type CampaignProgress } from '../campaigns/index.js';
import { dossierType } from '../dossier-core/index.js';
import { PROGRESS_SLUGS, type BulkInput, type NewThreadInput } from './schemas.js';
import { insertTargets, selectionCount, selectionSample, type BulkSelection } from './data.js';

/** A theme the staff member may write on, with the team of theirs that answers for it. */
export interface WriterTheme {
  id: number;
  slug: string;
  name: string;
  team: { id: number; code: string; name: string };
}

/** The staff member who writes, with what their teams allow. */
export interface Writer {
  staffMemberId: number;
  actor: AuditActor;
  themes: WriterTheme[];
}

export interface FacilityHit {
  id: number;
  name: string;
  hcoNumber: string;
  municipality: string;
  typeName: string;
}

export interface ComposeTarget {
  facility: FacilityHit;
  /** The writer's themes that this facility has. */
  themes: WriterTheme[];
  dossiers: { id: number; reference: string; title: string }[];
}

/** A refusal the form shows next to a field. */
export class OutboundRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

class SelectionChanged extends Error {}

export interface BulkPreview {
  typeName: string;
  themeName: string;
  /** "Meting dagprijzen 2026: niet gestart of in opmaak" when selected per campagnestatus. */
  campaign: string | undefined;
  count: number;
  /** The first few facilities, by name. */
  sample: string[];
}

export interface BulkProgress {
  id: number;
  title: string;
  themeName: string;
  teamName: string;
  selection: string;
  total: number;
  done: number;
  /** Facilities given up after failed attempts (counted in `done`): they got nothing. */
  failed: FacilityHit[];
  finished: boolean;
  createdAt: string;
}

/** Where a bulk send's progress page starts: the first facilities named in the preview. */
export const PREVIEW_SAMPLE = 5;
const SEARCH_LIMIT = 50;


/** A fresh one-time key for a bulk send's confirmation form (see BulkSend.confirmKey). */
export const newConfirmKey = (): string => randomBytes(32).toString('base64url');

export function createOutboundService({ prisma, messages }: { prisma: PrismaClient; messages: Pick<MessagesService, 'startDepartmentThread'> }) {
  /** The staff member behind a user, with the themes of their teams; undefined for anyone else. */
  async function writer(user: { id: number; givenName: string; surname: string }): Promise<Writer | undefined> {
    const staff = await prisma.staffMember.findUnique({
      where: { userId: user.id },
      select: {
        id: true,
        teams: {
          orderBy: { team: { name: 'asc' } },
          select: { team: { select: { id: true, code: true, name: true, themes: { select: { theme: { select: { id: true, slug: true, name: true } } } } } } },
        },
      },
    });
    if (!staff) return undefined;
    const themes = new Map<number, WriterTheme>();
    for (const { team } of staff.teams) {
      for (const { theme } of team.themes) if (!themes.has(theme.id)) themes.set(theme.id, { ...theme, team: { id: team.id, code: team.code, name: team.name } });
    }
    return {
      staffMemberId: staff.id,
      actor: { userId: user.id, name: `${user.givenName} ${user.surname}`.trim() },
      themes: [...themes.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl')),
    };
  }

  /** Facilities by name (part of it) or HCO-nummer, those with a theme of the writer's teams first considered; at most 50. */
  async function searchFacilities(writer: Writer, text: string): Promise<FacilityHit[]> {
    if (text === '') return [];
    const themeIds = writer.themes.map((t) => t.id);
    const rows = await prisma.facility.findMany({
      where: {
        OR: [{ name: { contains: text, mode: 'insensitive' } }, { hcoNumber: text.replace(/^hco[-\s]*/i, '') }],
        facilityType: { themes: { some: { themeId: { in: themeIds } } } },
      },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: SEARCH_LIMIT,
      select: FACILITY_HIT,
    });
    return rows.map(toHit);
  }

  /** What the new-thread form offers for one facility; undefined when it does not exist. */
  async function composeTarget(writer: Writer, facilityId: number): Promise<ComposeTarget | undefined> {
    const facility = await prisma.facility.findUnique({
      where: { id: facilityId },
      select: { ...FACILITY_HIT, facilityType: { select: { name: true, themes: { select: { themeId: true } } } }, dossiers: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, typeCode: true, reference: true, campaign: { select: { year: true } } } } },
    });
    if (!facility) return undefined;
    const ofType = new Set(facility.facilityType.themes.map((t) => t.themeId));
    return {
      facility: toHit(facility),
      themes: writer.themes.filter((t) => ofType.has(t.id)),
      dossiers: facility.dossiers.map((d) => ({ id: d.id, reference: d.reference, title: dossierType(d.typeCode).title({ campaignYear: d.campaign?.year ?? null, reference: d.reference }) })),
    };
  }

  /**
   * "Nieuw bericht" to one facility: the thread, its message, its attachments
   * and the facility's notifications in one transaction, with the audit row.
   * Refuses a theme outside the writer's teams or the facility's type, and a
   * dossier of another facility.
   */
  async function sendNewThread(writer: Writer, target: ComposeTarget, input: NewThreadInput, files: StoredFileInfo[] = []): Promise<{ threadId: number; reference: string }> {
    const theme = target.themes.find((t) => t.slug === input.theme);
    if (!theme) throw new OutboundRefused('theme', 'Kies een thema van uw team uit de lijst.');
    if (input.dossier !== undefined && !target.dossiers.some((d) => d.id === input.dossier)) throw new OutboundRefused('dossier', 'Kies een dossier van deze voorziening uit de lijst, of geen dossier.');
    try {
      return await prisma.$transaction(async (tx) => {
        const sent = await messages.startDepartmentThread(
          {
            facilityId: target.facility.id,
            themeId: theme.id,
            teamId: theme.team.id,
            staffMemberId: writer.staffMemberId,
            title: input.title,
            body: input.body,
            dossierId: input.dossier ?? null,
            assignToWriter: true,
            files,
          },
          tx,
        );
        await recordAudit(tx, {
          actor: writer.actor,
          kind: 'message.sent',
          record: { type: 'Thread', id: sent.threadId },
          facilityId: target.facility.id,
          teamCode: theme.team.code,
          summary: `Nieuw bericht ${sent.reference} ‘${input.title}’ aan ${target.facility.name} verstuurd (thema ${theme.name}).`,
          details: { reference: sent.reference, themeSlug: theme.slug, dossierId: input.dossier ?? null, attachments: files.length, notified: sent.notified.length },
        });
        return { threadId: sent.threadId, reference: sent.reference };
      });
    } catch (error) {
      if (error instanceof StagedFilesUnavailable) throw new OutboundRefused('bijlagen', uploadTexts.keptUnavailable);
      throw error;
    }
  }

  /** The confirmation of a new thread: undefined unless it is on a theme of the writer's teams. */
  async function sentThread(writer: Writer, threadId: number) {
    const thread = await prisma.thread.findFirst({
      where: { id: threadId, themeId: { in: writer.themes.map((t) => t.id) } },
      select: {
        id: true,
        reference: true,
        title: true,
        facilityId: true,
        themeId: true,
        facility: { select: { name: true, hcoNumber: true } },
        theme: { select: { name: true } },
        dossier: { select: { reference: true } },
        messages: { orderBy: { sentAt: 'asc' }, take: 1, select: { attachments: { select: { storedFile: { select: { name: true } } } } } },
      },
    });
    if (!thread) return undefined;
    // Who the first message notified is who the rule names now: the thread's own settings are empty at its start.
    const notified: Recipient[] = notifiedContacts(await recipientCandidates(prisma, thread.facilityId, thread.themeId, thread.id));
    return {
      id: thread.id,
      reference: thread.reference,
      title: thread.title,
      facility: thread.facility,
      themeName: thread.theme.name,
      dossierReference: thread.dossier?.reference ?? null,
      attachments: thread.messages[0]?.attachments.map((a) => a.storedFile.name) ?? [],
      notified,
    };
  }

  /** Threads about a dossier on the writer's teams' themes, for the department's dossier view. */
  async function dossierThreads(writer: Writer, dossierId: number) {
    const rows = await prisma.thread.findMany({
      where: { dossierId, themeId: { in: writer.themes.map((t) => t.id) } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, reference: true, title: true, createdAt: true },
    });
    return rows.map((r) => ({ id: r.id, reference: r.reference, title: r.title, date: formatDate(r.createdAt) }));
  }

  // --- Bulk -----------------------------------------------------------------

  /** The campaigns a bulk send may select by, newest first: none unless the writer is in Team Prijzen. */
  async function bulkCampaigns(writer: Writer): Promise<number[]> {
    if (!mayTargetCampaigns(writer)) return [];
    return (await prisma.campaign.findMany({ where: { typeCode: metingDagprijzen.code }, orderBy: { year: 'desc' }, select: { year: true } })).map((c) => c.year);
  }

  /** The facility types the writer can reach (those with a theme of their teams), each with those themes. */
  async function bulkOptions(writer: Writer) {
    const themeIds = writer.themes.map((t) => t.id);
    const types = await prisma.facilityType.findMany({
      where: { themes: { some: { themeId: { in: themeIds } } } },
      orderBy: { name: 'asc' },
      select: { code: true, name: true, themes: { where: { themeId: { in: themeIds } }, select: { themeId: true } } },
    });
    return types.map((t) => ({ code: t.code, name: t.name, themes: writer.themes.filter((w) => t.themes.some((x) => x.themeId === w.id)) }));
  }

  async function resolveBulk(writer: Writer, input: BulkInput) {
    const type = await prisma.facilityType.findUnique({ where: { code: input.type }, select: { id: true, name: true, themes: { select: { themeId: true } } } });
    if (!type) throw new OutboundRefused('type', 'Kies het type voorziening uit de lijst.');
    const theme = writer.themes.find((t) => t.slug === input.theme);
    if (!theme) throw new OutboundRefused('theme', 'Kies een thema van uw team uit de lijst.');
    if (!type.themes.some((t) => t.themeId === theme.id)) throw new OutboundRefused('theme', `Het thema ${theme.name} bestaat niet voor dit type voorziening. Kies een ander thema of type.`);
    const selection: BulkSelection = { facilityTypeId: type.id, gemeente: input.gemeente, naam: input.naam };
    let campaign: { year: number; states: CampaignProgress[] } | undefined;
    if (input.campagne !== undefined) {
      // A campaign's progress is Team Prijzen's follow-up (the campaign pages): nobody else selects by it.
      if (!mayTargetCampaigns(writer)) throw new OutboundRefused('campagne', 'Alleen Team Prijzen kiest voorzieningen per campagnestatus.');
      const row = await prisma.campaign.findUnique({ where: { typeCode_year: { typeCode: metingDagprijzen.code, year: input.campagne } }, select: { id: true, year: true, facilityTypeCodes: true } });
      if (!row) throw new OutboundRefused('campagne', 'Kies een campagne uit de lijst.');
      const states = input.campagnestatus.map((slug) => PROGRESS_SLUGS[slug]);
      campaign = { year: row.year, states };
      selection.campaign = { scope: row, states };
    }
    return { type, theme, campaign, selection };
  }

  /** The preview: how many facilities the selection holds, and the first few. */
  async function bulkPreview(writer: Writer, input: BulkInput): Promise<BulkPreview> {
    const { type, theme, campaign, selection } = await resolveBulk(writer, input);
    const [count, sample] = await Promise.all([selectionCount(prisma, selection), selectionSample(prisma, selection, PREVIEW_SAMPLE)]);
    return { typeName: type.name, themeName: theme.name, campaign: campaign && campaignText(campaign), count, sample };
  }

  /** The writer's own job confirmed with `confirmKey`, if any: a key is only ever looked up for the staff member who posts it. */
  async function jobOfKey(writer: Writer, confirmKey: string): Promise<{ id: number } | null> {
    return prisma.bulkSend.findFirst({ where: { staffMemberId: writer.staffMemberId, confirmKey }, select: { id: true } });
  }

  /**
   * "Versturen": records the bulk send and fixes its targets (the selection as
   * it is now) in one transaction, with the audit row. Returns the job's id,
   * or the new preview when the selection changed since the one confirmed.
   * Once per confirmation form: a job already made with the form's key (a
   * double click, a replay, parallel posts, which the unique constraint on
   * (staff member, key) serialises) is returned with `existing` instead.
   */
  async function confirmBulk(
    writer: Writer,
    input: BulkInput,
    previewedCount: number,
    confirmKey: string,
  ): Promise<{ id: number; existing: boolean } | { changed: BulkPreview }> {
    const earlier = await jobOfKey(writer, confirmKey);
    if (earlier) return { id: earlier.id, existing: true };
    const { type, theme, campaign, selection } = await resolveBulk(writer, input);
    try {
      return await prisma.$transaction(async (tx) => {
      const job = await tx.bulkSend.create({
        data: {
          staffMemberId: writer.staffMemberId,
          confirmKey,
          teamId: theme.team.id,
          themeId: theme.id,
          title: input.title,
          body: input.body,
          selection: { type: input.type, typeName: type.name, gemeente: input.gemeente, naam: input.naam, ...(campaign ? { campaign: campaignText(campaign) } : {}) },
          total: 0,
        },
        select: { id: true },
      });
      const total = await insertTargets(tx, job.id, selection);
      // Rolls the job back: the staff member confirms what they saw, or sees the new count first.
      if (total !== previewedCount || total === 0) throw new SelectionChanged();
      await tx.bulkSend.update({ where: { id: job.id }, data: { total } });
      await recordAudit(tx, {
        actor: writer.actor,
        kind: 'thread.bulk',
        record: { type: 'BulkSend', id: job.id },
        teamCode: theme.team.code,
        summary: `Bericht ‘${input.title}’ aan ${total} voorzieningen (${type.name}) verstuurd (thema ${theme.name}).`,
        details: { total, type: input.type, gemeente: input.gemeente, naam: input.naam, themeSlug: theme.slug, campaign: campaign ?? null },
      });
      return { id: job.id, existing: false };
      });
    } catch (error) {
      if (error instanceof SelectionChanged) return { changed: await bulkPreview(writer, input) };
      // A parallel post of the same form committed first: its job is this one.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const winner = await jobOfKey(writer, confirmKey);
        if (winner) return { id: winner.id, existing: true };
      }
      throw error;
    }
  }

  /** A bulk send's progress; undefined unless it was sent for one of the writer's teams. */
  async function bulkProgress(writer: Writer, id: number): Promise<BulkProgress | undefined> {
    const teamIds = [...new Set(writer.themes.map((t) => t.team.id))];
    const job = await prisma.bulkSend.findFirst({ where: { id, teamId: { in: teamIds }, total: { gt: 0 } } });
    if (!job) return undefined;
    const done = await prisma.bulkSendTarget.count({ where: { bulkSendId: id, doneAt: { not: null } } });
    const failedTargets = await prisma.bulkSendTarget.findMany({ where: { bulkSendId: id, failedAt: { not: null } }, orderBy: { id: 'asc' }, select: { facilityId: true } });
    const failed = failedTargets.length === 0 ? [] : await prisma.facility.findMany({ where: { id: { in: failedTargets.map((t) => t.facilityId) } }, orderBy: { name: 'asc' }, select: FACILITY_HIT });
    const theme = writer.themes.find((t) => t.id === job.themeId);
    const selection = job.selection as { typeName?: string; gemeente?: string; naam?: string; campaign?: string };
    return {
      id: job.id,
      title: job.title,
      themeName: theme?.name ?? '',
      teamName: writer.themes.find((t) => t.team.id === job.teamId)?.team.name ?? '',
      selection: [selection.typeName, selection.gemeente ? `gemeente bevat ‘${selection.gemeente}’` : '', selection.naam ? `naam bevat ‘${selection.naam}’` : '', selection.campaign ?? ''].filter(Boolean).join(', '),
      total: job.total,
      done,
      failed: failed.map(toHit),
      finished: done >= job.total,
      createdAt: formatDateTime(job.createdAt),
    };
  }

  return { writer, searchFacilities, composeTarget, sendNewThread, sentThread, dossierThreads, bulkOptions, bulkCampaigns, bulkPreview, confirmBulk, bulkProgress };
}

export type OutboundService = ReturnType<typeof createOutboundService>;

const mayTargetCampaigns = (writer: Writer) => writer.themes.some((t) => t.team.code === TEAM_PRIJZEN);

/** "Meting dagprijzen 2026: niet gestart of in opmaak", the states in the status page's order. */
function campaignText({ year, states }: { year: number; states: CampaignProgress[] }): string {
  const ordered = CAMPAIGN_PROGRESS.filter((s) => states.includes(s));
  const list = ordered.length <= 1 ? ordered.join('') : `${ordered.slice(0, -1).join(', ')} of ${ordered.at(-1)}`;
  return `Meting dagprijzen ${year}: ${list}`;
}

const FACILITY_HIT = { id: true, name: true, hcoNumber: true, municipality: true, facilityType: { select: { name: true } } } as const;

function toHit(f: { id: number; name: string; hcoNumber: string; municipality: string; facilityType: { name: string } }): FacilityHit {
  return { id: f.id, name: f.name, hcoNumber: f.hcoNumber, municipality: f.municipality, typeName: f.facilityType.name };
}
