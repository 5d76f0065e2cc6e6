// The campaigns' hand-written SQL: the department's status page over every
// facility in a campaign's scope (no facility scope applies), and the SQL
// fragments a bulk message "per campagnestatus" selects with.
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { SUBMITTED_STATUSES } from '../dossier-core/index.js';

export type FacilityState = 'niet gestart' | 'in opmaak' | 'ingediend' | 'te laat';

export interface StatusRow {
  facilityId: number;
  name: string;
  hcoNumber: string;
  municipality: string;
  state: FacilityState;
  dossierId: number | null;
  updatedAt: Date | null;
  submittedAt: Date | null;
}

/** What a campaign's state and progress read: the facilities in scope `f`, each with its dossier of the campaign `d` (or none). */
export interface CampaignScope {
  id: number;
  facilityTypeCodes: string[];
}

/** The facilities in a campaign's scope (`f`): those of its facility types. */
const inScopeSql = (campaign: CampaignScope) =>
  Prisma.sql`f.facility_type_id = ANY(ARRAY(SELECT id FROM facility_type WHERE code = ANY(${campaign.facilityTypeCodes})))`;

/** `FROM` and `WHERE` of every facility in the campaign's scope as `f`, joined to its dossier of the campaign as `d`. */
export const campaignFacilitiesSql = (campaign: CampaignScope) => Prisma.sql`FROM facility f
  LEFT JOIN dossier d ON d.facility_id = f.id AND d.campaign_id = ${campaign.id}
  WHERE ${inScopeSql(campaign)}`;

/**
 * How far a facility is with the campaign whatever the deadline, over
 * campaignFacilitiesSql: 'ingediend', 'in opmaak' (a dossier being edited:
 * opmaak or heropend) or 'niet gestart' (no dossier). The status page and a
 * bulk message "per campagnestatus" read the same states from this one place.
 */
export const progressSql = Prisma.sql`(CASE WHEN d.status::text = ANY(${[...SUBMITTED_STATUSES]}) THEN 'ingediend'
  WHEN d.id IS NULL THEN 'niet gestart' ELSE 'in opmaak' END)`;

/**
 * The state of every facility in scope, computed in SQL: ingediend; else te
 * laat once the deadline has passed; else in opmaak or niet gestart.
 */
const stateSql = (late: boolean) => Prisma.sql`CASE WHEN ${late} AND ${progressSql} <> 'ingediend' THEN 'te laat' ELSE ${progressSql} END`;

const searchSql = (search: string | undefined) =>
  search ? Prisma.sql`AND (f.name ILIKE ${`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} OR f.hco_number = ${search})` : Prisma.empty;

/** The facilities in scope that match a search (part of the name, or the HCO number), counted per state. */
export function stateCountsOfSearch(db: SqlClient, campaign: CampaignScope, late: boolean, search: string): PromiseLike<{ state: FacilityState; n: number }[]> {
  return db.$queryRaw<{ state: FacilityState; n: number }[]>`
    SELECT ${stateSql(late)} AS state, count(*)::int AS n ${campaignFacilitiesSql(campaign)} ${searchSql(search)} GROUP BY 1`;
}

/**
 * Unfiltered, the counts come from the dossiers of the campaign per status
 * (index on dossier (campaign_id, status)) plus the number of facilities in
 * scope, as the row 'scope'.
 */
export function dossierCountsPerStatus(db: SqlClient, campaign: CampaignScope): PromiseLike<{ status: string; n: number }[]> {
  return db.$queryRaw<{ status: string; n: number }[]>`
    SELECT d.status::text AS status, count(*)::int AS n FROM dossier d WHERE d.campaign_id = ${campaign.id} GROUP BY 1
    UNION ALL SELECT 'scope', count(*)::int FROM facility f WHERE ${inScopeSql(campaign)}`;
}

/**
 * One page of the status page's rows, by name. Unfiltered, the page picks its
 * facility ids from the index on facility (name, id) before joining their dossiers.
 */
export function statusRows(
  db: SqlClient,
  campaign: CampaignScope,
  { late, search, state, pageSize, offset }: { late: boolean; search: string | undefined; state: FacilityState | undefined; pageSize: number; offset: number },
): PromiseLike<StatusRow[]> {
  const stateOf = stateSql(late);
  const columns = Prisma.sql`f.id AS "facilityId", f.name, f.hco_number AS "hcoNumber", f.municipality, ${stateOf} AS state,
      d.id AS "dossierId", d.updated_at AS "updatedAt", d.submitted_at AS "submittedAt"`;
  return state || search
    ? db.$queryRaw<StatusRow[]>`
        SELECT ${columns} ${campaignFacilitiesSql(campaign)} ${searchSql(search)} ${state ? Prisma.sql`AND ${stateOf} = ${state}` : Prisma.empty}
        ORDER BY f.name, f.id LIMIT ${pageSize} OFFSET ${offset}`
    : db.$queryRaw<StatusRow[]>`
        SELECT ${columns}
        FROM (SELECT f.id FROM facility f WHERE ${inScopeSql(campaign)} ORDER BY f.name, f.id LIMIT ${pageSize} OFFSET ${offset}) p
        JOIN facility f ON f.id = p.id
        LEFT JOIN dossier d ON d.facility_id = f.id AND d.campaign_id = ${campaign.id}
        ORDER BY f.name, f.id`;
}

/** Per reminder day that went out: to how many facilities, how many of them without a contact, and when first. */
export function remindersSent(db: SqlClient, campaignId: number): PromiseLike<{ days_before: number; facilities: number; without_contact: number; first_sent_at: Date }[]> {
  return db.$queryRaw<{ days_before: number; facilities: number; without_contact: number; first_sent_at: Date }[]>`
    SELECT days_before, count(*)::int AS facilities, count(*) FILTER (WHERE recipients = 0)::int AS without_contact, min(sent_at) AS first_sent_at
    FROM campaign_reminder WHERE campaign_id = ${campaignId} GROUP BY days_before ORDER BY days_before DESC`;
}

/** Copies the erkende capaciteit of every facility in a new campaign's scope into the campaign; returns how many. */
export function copyRecognizedCapacities(db: SqlClient, campaign: CampaignScope): PromiseLike<number> {
  return db.$executeRaw`INSERT INTO campaign_capacity (campaign_id, facility_id, recognized_capacity)
    SELECT ${campaign.id}, f.id, coalesce(f.recognized_capacity, 0) FROM facility f JOIN facility_type t ON t.id = f.facility_type_id
    WHERE t.code = ANY(${campaign.facilityTypeCodes})`;
}
