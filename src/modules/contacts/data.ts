// The Contactenmodule's hand-written SQL. Each query reads the acting
// facility's data and binds the scope's own id (`$facilityId()`), never an id
// from the request.
import type { FacilityScope, FacilityScopeTx } from '../../auth/facility-scope.js';

export interface ContactSqlRow {
  id: number;
  surname: string;
  given_name: string;
  email: string;
  phone: string;
  confirmed: boolean;
  theme_ids: number[];
}

/**
 * One query for the contacts table (a facility may have hundreds of contact
 * persons) and the facility's contacts version. A facility without contacts
 * gives one row without a contact (id null).
 */
export function contactsWithVersion(scope: FacilityScope): Promise<(ContactSqlRow & { contacts_version: number })[]> {
  return scope.$queryRaw<(ContactSqlRow & { contacts_version: number })[]>`
    SELECT f.contacts_version, c.id, c.surname, c.given_name, c.email, c.phone, c.confirmed_at IS NOT NULL AS confirmed,
           coalesce(array_agg(ct.theme_id ORDER BY ct.theme_id) FILTER (WHERE ct.theme_id IS NOT NULL), '{}') AS theme_ids
    FROM facility f
    LEFT JOIN contact_person c ON c.facility_id = f.id
    LEFT JOIN contact_person_theme ct ON ct.contact_person_id = c.id
    WHERE f.id = ${scope.$facilityId()}
    GROUP BY f.contacts_version, c.id
    ORDER BY c.surname, c.given_name, c.id`;
}

/** The facility's own fields, with its enterprise's KBO number and name and its type's name. */
export interface OrganisationSqlRow {
  id: number;
  hcoNumber: string;
  name: string;
  street: string;
  postalCode: string;
  municipality: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  recognizedCapacity: number | null;
  kboNumber: string;
  enterpriseName: string;
  typeName: string;
}

/** The acting facility with its enterprise and type: one round trip. */
export function organisationOf(scope: FacilityScope): Promise<OrganisationSqlRow[]> {
  return scope.$queryRaw<OrganisationSqlRow[]>`
    SELECT f.id, f.hco_number AS "hcoNumber", f.name, f.street, f.postal_code AS "postalCode", f.municipality, f.phone, f.email, f.website,
           f.recognized_capacity AS "recognizedCapacity", e.kbo_number AS "kboNumber", e.name AS "enterpriseName", t.name AS "typeName"
    FROM facility f JOIN enterprise e ON e.id = f.enterprise_id JOIN facility_type t ON t.id = f.facility_type_id
    WHERE f.id = ${scope.$facilityId()}`;
}

/**
 * Locks the acting facility's row until the transaction commits: parallel
 * sends of one facility count their mail quotas one after the other.
 */
export async function lockFacility(tx: FacilityScopeTx): Promise<void> {
  await tx.$queryRaw`SELECT id FROM facility WHERE id = ${tx.$facilityId()} FOR UPDATE`;
}
