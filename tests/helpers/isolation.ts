// The isolation check (M3, Q1), reusable by every feature: each facility
// route is tried by a user of facility A with ids of facility B. It must
// answer 404 and change nothing. Features add their routes to
// FACILITY_ROUTES and their tables to FACILITY_TABLES.
import type { PrismaClient } from '../../src/db/client.js';

/** Ids belonging to the other facility (B), which the acting user (of A) must never reach. */
export interface ForeignIds {
  facilityId: number;
  contactPersonId: number;
  /** A dossier (Meting dagprijzen, in opmaak) of the other facility. */
  dossierId: number;
}

export interface FacilityRoute {
  /** What the route is, for the test name. */
  name: string;
  method: 'GET' | 'POST';
  path: (foreign: ForeignIds) => string;
  /** The form as the acting facility's page would post it, with the other facility's ids put in. */
  body?: (foreign: ForeignIds, own: { facilityId: number }) => Record<string, string>;
}

export const FACILITY_ROUTES: FacilityRoute[] = [
  {
    name: 'choose the acting facility',
    method: 'POST',
    path: () => '/organisatie/kiezen',
    body: (foreign) => ({ facilityId: String(foreign.facilityId) }),
  },
  {
    name: 'save the contact persons with another facility\'s contact',
    method: 'POST',
    path: () => '/mijn-organisatie/contactpersonen',
    body: (foreign, own) => ({
      facilityId: String(own.facilityId),
      version: '0',
      action: 'save',
      'lines[0][id]': String(foreign.contactPersonId),
      'lines[0][surname]': 'Overgenomen',
      'lines[0][givenName]': 'Niet',
      'lines[0][email]': 'overgenomen@example.be',
      'lines[0][phone]': '016 12 34 56',
      'lines[0][themes]': 'prijzen',
    }),
  },
  {
    name: 'open another facility\'s dossier',
    method: 'GET',
    path: (foreign) => `/dossiers/${foreign.dossierId}`,
  },
  {
    name: 'save another facility\'s dossier',
    method: 'POST',
    path: (foreign) => `/dossiers/${foreign.dossierId}`,
    body: () => ({ version: '0', action: 'save', 'luik1[0][kamertype]': 'WZC éénpersoonskamer', 'luik1[0][beschrijving]': 'Overgenomen', 'luik1[0][capaciteit]': '2', 'luik1[0][prijs]': '50,00' }),
  },
  {
    name: 'submit another facility\'s dossier',
    method: 'POST',
    path: (foreign) => `/dossiers/${foreign.dossierId}`,
    body: () => ({ version: '0', action: 'confirmSubmit', capacityConfirmed: '2', 'luik1[0][kamertype]': 'WZC éénpersoonskamer', 'luik1[0][capaciteit]': '2', 'luik1[0][prijs]': '50,00' }),
  },
  {
    name: 'download the receipt of another facility\'s dossier',
    method: 'GET',
    path: (foreign) => `/dossiers/${foreign.dossierId}/ontvangstbewijs.pdf`,
  },
  {
    name: 'open a theme of another facility type',
    method: 'GET',
    path: () => '/themas/zorgaanbod',
  },
];

/** Tables holding facility data; their content must not change when a route is refused. */
export const FACILITY_TABLES = [
  'facility',
  'facility_right',
  'app_user',
  'session',
  'contact_person',
  'contact_person_theme',
  'contact_confirmation',
  'outbox_mail',
  'dossier',
  'dagprijzen_line',
  'campaign_capacity',
];

/** A fingerprint of the facility tables (every row's text), to prove nothing changed. */
export async function fingerprint(prisma: PrismaClient): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of FACILITY_TABLES) {
    const rows = await prisma.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
    );
    result[table] = rows[0]?.digest ?? '';
  }
  return result;
}
