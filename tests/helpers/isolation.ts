// The isolation check (M3, Q1), reusable by every feature: each facility
// route is tried by a user of facility A with ids of facility B. It must
// answer 404 and change nothing. Features add their routes to
// FACILITY_ROUTES and their tables to FACILITY_TABLES.
import type { PrismaClient } from '../../src/db/client.js';

/** Ids belonging to the other facility (B), which the acting user (of A) must never reach. */
export interface ForeignIds {
  facilityId: number;
  contactPersonId: number;
  /** A message (of a thread) of facility B. */
  messageId: number;
  /** A file attached to that message. */
  attachmentId: number;
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
    name: 'save the contact persons with another facility\'s contact changed',
    method: 'POST',
    path: () => '/mijn-organisatie/contactpersonen',
    body: (foreign, own) => ({
      facilityId: String(own.facilityId),
      version: '0',
      action: 'save',
      'contacts[0][ref]': String(foreign.contactPersonId),
      'contacts[0][changed]': '1',
      'contacts[0][surname]': 'Overgenomen',
      'contacts[0][givenName]': 'Niet',
      'contacts[0][email]': 'overgenomen@example.be',
      'contacts[0][phone]': '016 12 34 56',
      'contacts[0][themes]': 'prijzen',
    }),
  },
  {
    name: 'remove another facility\'s contact from the contact persons',
    method: 'POST',
    path: () => '/mijn-organisatie/contactpersonen',
    body: (foreign, own) => ({
      facilityId: String(own.facilityId),
      version: '0',
      action: 'save',
      'contacts[0][ref]': String(foreign.contactPersonId),
      'contacts[0][removed]': '1',
      'contacts[0][surname]': 'Overgenomen',
      'contacts[0][givenName]': 'Niet',
      'contacts[0][email]': 'overgenomen@example.be',
      'contacts[0][phone]': '016 12 34 56',
      'contacts[0][themes]': 'prijzen',
    }),
  },
  { name: 'open another facility\'s message', method: 'GET', path: (foreign) => `/berichten/${foreign.messageId}` },
  { name: 'open the reply form of another facility\'s message', method: 'GET', path: (foreign) => `/berichten/${foreign.messageId}/beantwoorden` },
  {
    name: 'reply to another facility\'s message',
    method: 'POST',
    path: (foreign) => `/berichten/${foreign.messageId}/beantwoorden`,
    body: () => ({ body: 'Een antwoord in een andere voorziening' }),
  },
  { name: 'download an attachment of another facility\'s message', method: 'GET', path: (foreign) => `/berichten/${foreign.messageId}/bijlagen/${foreign.attachmentId}` },
  { name: 'open the sent confirmation of another facility\'s message', method: 'GET', path: (foreign) => `/berichten/${foreign.messageId}/verzonden` },
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
  'thread',
  'message',
  'thread_contact',
  'thread_muted_contact',
  'message_attachment',
  'stored_file',
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
