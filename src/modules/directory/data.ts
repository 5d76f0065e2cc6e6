// The facility directory's hand-written SQL. The directory is the department's
// view over every facility, so no query here is bound to a facility scope.
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { PAGE_SIZE, type DirectoryFilters } from './schemas.js';

export interface DirectoryRow {
  id: number;
  name: string;
  hcoNumber: string;
  kboNumber: string;
  enterpriseName: string;
  typeName: string;
  postalCode: string;
  municipality: string;
}

/** `text` as a literal part of an ILIKE pattern: its wildcards and the escape character lose their meaning. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The directory's queries: one page (name order) and the count, with the same
 * conditions. Every filter is served by an index: trigram GIN indexes for any
 * part of a name or gemeente, the unique HCO and KBO numbers, the postcode and
 * type indexes, and (name, id) for the pages of an unfiltered list.
 */
export function directorySql(filters: DirectoryFilters): { countQuery: Prisma.Sql; pageQuery: (page: number) => Prisma.Sql } {
  const conditions: Prisma.Sql[] = [];
  if (filters.naam) conditions.push(Prisma.sql`f.name ILIKE ${`%${likeLiteral(filters.naam)}%`}`);
  if (filters.hco) conditions.push(Prisma.sql`f.hco_number = ${filters.hco}`);
  if (filters.kbo) conditions.push(Prisma.sql`e.kbo_number = ${filters.kbo}`);
  if (filters.type) conditions.push(Prisma.sql`t.code = ${filters.type}`);
  if (filters.gemeente) {
    conditions.push(
      /^\d{4}$/.test(filters.gemeente)
        ? Prisma.sql`f.postal_code = ${filters.gemeente}`
        : Prisma.sql`f.municipality ILIKE ${`%${likeLiteral(filters.gemeente)}%`}`,
    );
  }
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const from = Prisma.sql`FROM facility f
    JOIN facility_type t ON t.id = f.facility_type_id
    JOIN enterprise e ON e.id = f.enterprise_id`;
  return {
    countQuery: Prisma.sql`SELECT count(*)::int AS n ${from} ${where}`,
    pageQuery: (page) => Prisma.sql`
      SELECT f.id, f.name, f.hco_number AS "hcoNumber", e.kbo_number AS "kboNumber", e.name AS "enterpriseName",
             t.name AS "typeName", f.postal_code AS "postalCode", f.municipality
      ${from} ${where}
      ORDER BY f.name, f.id
      LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`,
  };
}

/** How many facilities match the filters. */
export async function directoryCount(db: SqlClient, filters: DirectoryFilters): Promise<number> {
  const counted = await db.$queryRaw<{ n: number }[]>(directorySql(filters).countQuery);
  return counted[0]?.n ?? 0;
}

/** One page of the facilities that match the filters, by name. */
export function directoryPage(db: SqlClient, filters: DirectoryFilters, page: number): PromiseLike<DirectoryRow[]> {
  return db.$queryRaw<DirectoryRow[]>(directorySql(filters).pageQuery(page));
}
