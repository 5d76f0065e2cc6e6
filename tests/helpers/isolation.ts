// The isolation check (M3, Q1), reusable by every feature: each facility
// route is tried by a user of facility A with ids of facility B. It must
// answer 404 (or A's own page, for a route without ids), show nothing of B
// and change nothing. tests/integration/isolation.test.ts finds the facility
// routes by walking the router and fails on one missing from FACILITY_ROUTES;
// features add their routes there and their tables to FACILITY_TABLES.
import type { PrismaClient } from '../../src/db/client.js';

/** The other facility (B), whose data the acting user (of A) must never reach. */
export interface ForeignIds {
  facilityId: number;
  contactPersonId: number;
  /** A message (of a thread) of facility B. */
  messageId: number;
  /** A file attached to that message. */
  attachmentId: number;
  /** A dossier (Meting dagprijzen, in opmaak) of the other facility. */
  dossierId: number;
  /** A price dossier (in opmaak, with a line) of the other facility. */
  priceDossierId: number;
}

/** What an entry gets to build its request: B's ids, A's id, and the database to look up more of B's rows. */
export interface IsolationContext {
  foreign: ForeignIds;
  own: { facilityId: number };
  prisma: PrismaClient;
}

export interface FacilityRoute {
  /** The route as the router registers it, method and pattern: "GET /berichten/:id". */
  route: string;
  /** What is tried, for the test name. */
  name: string;
  /** The URL with B's ids put in (may look them up); default: the pattern itself, for a route without parameters. */
  url?: (context: IsolationContext) => string | Promise<string>;
  /** The form as A's page would post it, with B's ids put in. */
  body?: (context: IsolationContext) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * The answer: 404 for a route given B's ids (they do not exist for A); for a
   * route without ids, the status of A's own page (B's ids in the query or form are ignored).
   */
  status: number;
}

/**
 * Every facility route (behind requireFacilityUser), tried by a user of A with
 * B's ids. The isolation test walks the router and fails on a facility route
 * missing here: adding a route means adding its entry.
 */
export const FACILITY_ROUTES: FacilityRoute[] = [
  {
    route: 'POST /organisatie/kiezen',
    name: 'choose the acting facility',
    body: ({ foreign }) => ({ facilityId: String(foreign.facilityId) }),
    status: 404,
  },
  {
    route: 'GET /',
    name: 'the startpagina with another facility\'s id in the query',
    url: ({ foreign }) => `/?facilityId=${foreign.facilityId}&id=${foreign.facilityId}`,
    status: 200,
  },
  {
    route: 'GET /mijn-organisatie',
    name: 'the organisation data with another facility\'s id in the query',
    url: ({ foreign }) => `/mijn-organisatie?bewerken=1&facilityId=${foreign.facilityId}&id=${foreign.facilityId}`,
    status: 200,
  },
  {
    route: 'POST /mijn-organisatie',
    name: 'save the organisation data of another facility',
    body: ({ foreign }) => ({ facilityId: String(foreign.facilityId), phone: '015 00 00 00', email: 'overgenomen@example.be', website: 'https://overgenomen.example' }),
    status: 409,
  },
  {
    route: 'GET /mijn-organisatie/contactpersonen',
    name: 'the contact persons with another facility\'s ids in the query',
    url: ({ foreign }) => `/mijn-organisatie/contactpersonen?bewerken=1&facilityId=${foreign.facilityId}&id=${foreign.contactPersonId}`,
    status: 200,
  },
  {
    route: 'POST /mijn-organisatie/contactpersonen',
    name: 'save the contact persons with another facility\'s contact changed',
    body: ({ foreign, own }) => ({
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
    status: 404,
  },
  {
    route: 'POST /mijn-organisatie/contactpersonen/:id/bevestigingsmail',
    name: 'send another facility\'s contact a new confirmation e-mail',
    url: ({ foreign }) => `/mijn-organisatie/contactpersonen/${foreign.contactPersonId}/bevestigingsmail`,
    status: 404,
  },
  {
    route: 'POST /mijn-organisatie/contactpersonen',
    name: 'remove another facility\'s contact from the contact persons',
    body: ({ foreign, own }) => ({
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
    status: 404,
  },
  {
    route: 'GET /berichten/:id',
    name: 'open another facility\'s message',
    url: ({ foreign }) => `/berichten/${foreign.messageId}`,
    status: 404,
  },
  {
    route: 'GET /berichten/:id/beantwoorden',
    name: 'open the reply form of another facility\'s message',
    url: ({ foreign }) => `/berichten/${foreign.messageId}/beantwoorden`,
    status: 404,
  },
  {
    route: 'POST /berichten/:id/beantwoorden',
    name: 'reply to another facility\'s message',
    url: ({ foreign }) => `/berichten/${foreign.messageId}/beantwoorden`,
    body: () => ({ body: 'Een antwoord in een andere voorziening' }),
    status: 404,
  },
  {
    route: 'GET /berichten/:id/bijlagen/:fileId',
    name: 'download an attachment of another facility\'s message',
    url: ({ foreign }) => `/berichten/${foreign.messageId}/bijlagen/${foreign.attachmentId}`,
    status: 404,
  },
  {
    route: 'GET /berichten/:id/verzonden',
    name: 'open the sent confirmation of another facility\'s message',
    url: ({ foreign }) => `/berichten/${foreign.messageId}/verzonden`,
    status: 404,
  },
  {
    route: 'GET /berichten/nieuw',
    name: 'the new message form with another facility\'s ids in the query',
    url: ({ foreign }) => `/berichten/nieuw?thema=prijzen&facilityId=${foreign.facilityId}&behandelaar=${foreign.contactPersonId}`,
    status: 200,
  },
  {
    route: 'POST /berichten/nieuw',
    name: 'send a new message naming another facility\'s contact (refused as incomplete)',
    body: ({ foreign, own }) => ({
      facilityId: String(own.facilityId),
      thema: 'prijzen',
      titel: '',
      tekst: '',
      'contacts[0][ref]': String(foreign.contactPersonId),
    }),
    status: 400,
  },
  {
    route: 'GET /dossiers/richtlijnen',
    name: 'the guidelines of the meting dagprijzen with another facility\'s dossier id in the query',
    url: ({ foreign }) => `/dossiers/richtlijnen?id=${foreign.dossierId}`,
    status: 200,
  },
  {
    route: 'GET /dossiers/:id',
    name: 'open another facility\'s dossier',
    url: ({ foreign }) => `/dossiers/${foreign.dossierId}`,
    status: 404,
  },
  {
    route: 'POST /dossiers/:id',
    name: 'save another facility\'s dossier',
    url: ({ foreign }) => `/dossiers/${foreign.dossierId}`,
    body: () => ({ version: '0', action: 'save', 'luik1[0][kamertype]': 'WZC éénpersoonskamer', 'luik1[0][beschrijving]': 'Overgenomen', 'luik1[0][capaciteit]': '2', 'luik1[0][prijs]': '50,00' }),
    status: 404,
  },
  {
    route: 'POST /dossiers/:id',
    name: 'submit another facility\'s dossier',
    url: ({ foreign }) => `/dossiers/${foreign.dossierId}`,
    body: () => ({ version: '0', action: 'confirmSubmit', capacityConfirmed: '2', 'luik1[0][kamertype]': 'WZC éénpersoonskamer', 'luik1[0][capaciteit]': '2', 'luik1[0][prijs]': '50,00' }),
    status: 404,
  },
  {
    route: 'GET /dossiers/:id/ontvangstbewijs.pdf',
    name: 'download the receipt of another facility\'s dossier',
    url: ({ foreign }) => `/dossiers/${foreign.dossierId}/ontvangstbewijs.pdf`,
    status: 404,
  },
  {
    route: 'GET /dossiers/:id/beslissing.pdf',
    name: 'download the decision letter of another facility\'s dossier (an afgehandeld one: tests/integration/decision-letter.test.ts)',
    url: ({ foreign }) => `/dossiers/${foreign.dossierId}/beslissing.pdf`,
    status: 404,
  },
  {
    route: 'POST /dossiers',
    name: 'create a dossier with another facility\'s id in the form (Jan lacks the financial role: refused)',
    body: ({ foreign }) => ({ facilityId: String(foreign.facilityId) }),
    status: 403,
  },
  {
    route: 'POST /dossiers/prijzen/nieuw',
    name: 'create a price dossier with another facility\'s id in the form (Jan lacks the financial role: refused)',
    body: ({ foreign }) => ({ type: 'nieuwe-supplementen', facilityId: String(foreign.facilityId) }),
    status: 403,
  },
  {
    route: 'GET /dossiers/prijzen/:id',
    name: 'open another facility\'s price dossier',
    url: ({ foreign }) => `/dossiers/prijzen/${foreign.priceDossierId}`,
    status: 404,
  },
  {
    route: 'POST /dossiers/prijzen/:id',
    name: 'save another facility\'s price dossier',
    url: ({ foreign }) => `/dossiers/prijzen/${foreign.priceDossierId}`,
    body: () => ({ version: '0', action: 'save', 'supplementen[0][name]': 'Overgenomen', validFrom: '01/01/2030' }),
    status: 404,
  },
  {
    route: 'POST /dossiers/prijzen/:id/corrigeren',
    name: 'take another facility\'s price dossier back to correct it',
    url: ({ foreign }) => `/dossiers/prijzen/${foreign.priceDossierId}/corrigeren`,
    body: () => ({ version: '0' }),
    status: 404,
  },
  {
    route: 'POST /dossiers/:id/corrigeren',
    name: 'take another facility\'s dossier back to correct it',
    url: ({ foreign }) => `/dossiers/${foreign.dossierId}/corrigeren`,
    body: () => ({ version: '0' }),
    status: 404,
  },
  {
    route: 'GET /dossiers/prijzen/:id/ontvangstbewijs.pdf',
    name: 'download the receipt of another facility\'s price dossier',
    url: ({ foreign }) => `/dossiers/prijzen/${foreign.priceDossierId}/ontvangstbewijs.pdf`,
    status: 404,
  },
  {
    route: 'POST /dossiers/prijzen/:id/formulier',
    name: 'save another facility\'s price dossier with an approval form (multipart)',
    url: ({ foreign }) => `/dossiers/prijzen/${foreign.priceDossierId}/formulier`,
    body: () => ({ version: '0', action: 'save', validFrom: '01/01/2030', approvalReference: 'Overgenomen' }),
    status: 404,
  },
  {
    route: 'GET /dossiers/prijzen/:id/goedkeuring.pdf',
    name: 'download the minister\'s approval of another facility\'s price dossier (one with an approval: tests/integration/price-wijzigingen.test.ts)',
    url: ({ foreign }) => `/dossiers/prijzen/${foreign.priceDossierId}/goedkeuring.pdf`,
    status: 404,
  },
  {
    route: 'GET /themas/:slug',
    name: 'open a theme of another facility type',
    url: () => '/themas/zorgaanbod',
    status: 404,
  },
  // Zorgaanbod (M25) is a theme of huisartsenkringen only: A (a woonzorgcentrum) gets 404 on every page,
  // whatever ids it sends; a kring only ever reaches its own list (tests/integration/zorgaanbod.test.ts).
  {
    route: 'GET /themas/zorgaanbod/sjabloon.xlsx',
    name: 'the Zorgaanbod template for a facility without the theme',
    url: ({ foreign }) => `/themas/zorgaanbod/sjabloon.xlsx?facilityId=${foreign.facilityId}`,
    status: 404,
  },
  {
    route: 'GET /themas/zorgaanbod/lijst',
    name: 'the Zorgaanbod list with another facility\'s id in the query',
    url: ({ foreign }) => `/themas/zorgaanbod/lijst?facilityId=${foreign.facilityId}`,
    status: 404,
  },
  {
    route: 'POST /themas/zorgaanbod/lijst',
    name: 'upload a Zorgaanbod list for another facility',
    body: ({ foreign }) => ({ facilityId: String(foreign.facilityId) }),
    status: 404,
  },
  {
    route: 'GET /themas/zorgaanbod/lijst/fouten.xlsx',
    name: 'the annotated Zorgaanbod file of another facility',
    url: ({ foreign }) => `/themas/zorgaanbod/lijst/fouten.xlsx?facilityId=${foreign.facilityId}`,
    status: 404,
  },
  {
    route: 'GET /themas/zorgaanbod/lijst/beslissing.pdf',
    name: 'the decision letter of another facility\'s Zorgaanbod list',
    url: ({ foreign }) => `/themas/zorgaanbod/lijst/beslissing.pdf?facilityId=${foreign.facilityId}`,
    status: 404,
  },
  {
    route: 'GET /themas/zorgaanbod/indienen',
    name: 'the confirmation of another facility\'s Zorgaanbod list',
    url: ({ foreign }) => `/themas/zorgaanbod/indienen?facilityId=${foreign.facilityId}`,
    status: 404,
  },
  {
    route: 'POST /themas/zorgaanbod/indienen',
    name: 'submit another facility\'s Zorgaanbod upload',
    body: async ({ prisma }) => {
      const upload = await prisma.zorgaanbodUpload.findFirst({ select: { id: true } });
      return { uploadId: String(upload?.id ?? 1) };
    },
    status: 404,
  },
  {
    route: 'GET /themas/prijzen/mijn-prijzen',
    name: 'Mijn prijzen with another facility\'s id in the query (its register has prices of its own)',
    url: ({ foreign }) => `/themas/prijzen/mijn-prijzen?facilityId=${foreign.facilityId}&id=${foreign.facilityId}&pagina=1`,
    status: 200,
  },
  {
    route: 'GET /berichten',
    name: 'Mijn berichten with another facility\'s id in the query',
    url: ({ foreign }) => `/berichten?facilityId=${foreign.facilityId}`,
    status: 200,
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
  'form_rescue',
  'thread',
  'message',
  'thread_contact',
  'thread_muted_contact',
  'message_attachment',
  'stored_file',
  'dossier',
  'dagprijzen_line',
  'dossier_letter',
  'price_dossier',
  'price_dossier_line',
  'campaign_capacity',
  'zorgaanbod_upload',
  'zorgaanbod_row',
  'price_entry',
];

/** Every table of the portal's schema but those any request may touch (sessions, rate-limit counters). */
export async function allTables(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('session', 'rate_limit', '_prisma_migrations')
    ORDER BY table_name`;
  return rows.map((r) => r.name);
}

/** A fingerprint of the tables (every row's text; by default the facility tables), to prove nothing changed. */
export async function fingerprint(prisma: PrismaClient, tables: readonly string[] = FACILITY_TABLES): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of tables) {
    const rows = await prisma.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
    );
    result[table] = rows[0]?.digest ?? '';
  }
  return result;
}
