// Q5, the query budget: how many database round trips each logged-in page
// costs, the session included. Every statement any pg client of the pool sends
// is counted (the session store, Prisma through its adapter, raw SQL), so an
// N+1 query fails here the day it is written, without timing anything.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { loginAs } from '../helpers/login.js';
import { formFields } from '../helpers/forms.js';
import { createContact, createThread, daysBefore } from '../helpers/messages.js';

const JAN = '85092305734';

/** The budget of each page: at most this many round trips, session read and write included. */
const BUDGETS = {
  startpagina: 3,
  berichten: 3,
  berichtenFiltered: 3,
  messageDetail: 2,
  // The theme Prijzen: contacts, messages, the facility's dossiers, and what each dossier type reads to decide its
  // offer (the Meting's open campaign, a price type's facility fields or register), read concurrently.
  themePage: 8,
  organisation: 2,
  contacts: 2,
  contactsEditMode: 2,
} as const;

const db = await createTestDatabase();
// Counted per statement: pool.query goes through a client's query too, so wrapping the clients counts each once.
let roundTrips = 0;
const statements: string[] = [];
const counted = new WeakSet<pg.PoolClient>();
db.pool.on('connect', (client) => {
  if (counted.has(client)) return;
  counted.add(client);
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    roundTrips++;
    const first = args[0];
    statements.push(typeof first === 'string' ? first : String((first as { text?: string } | undefined)?.text ?? ''));
    return original(...args);
  };
});
const { app } = await createTestApp({ db });

const facility = await db.prisma.facility.findFirstOrThrow({ where: { hcoNumber: '3634' } });
const thread = await createThread(db.prisma, {
  facilityId: facility.id,
  themeSlug: 'prijzen',
  title: 'Dagprijzen 2026',
  messages: Array.from({ length: 20 }, (_, i) => ({ direction: i % 2 === 0 ? ('incoming' as const) : ('outgoing' as const), sentAt: daysBefore(40 - i) })),
});
for (let i = 0; i < 20; i++) {
  await createContact(db.prisma, { facilityId: facility.id, themeSlugs: ['prijzen'], email: `budget-${i}@sint-jozef.example`, confirmed: i % 2 === 0 });
}

const agent = request.agent(app);
await loginAs(agent, db.prisma, JAN);
// The first page after the login fills what a session keeps; the budgets hold for every page after it.
await agent.get('/');

/** The round trips of one request, and the statements (shown when a budget is exceeded). */
async function measure(send: () => PromiseLike<{ status: number }>, status = 200): Promise<{ count: number; statements: string[] }> {
  roundTrips = 0;
  statements.length = 0;
  const response = await send();
  expect(response.status).toBe(status);
  return { count: roundTrips, statements: [...statements] };
}

describe('the query budget of logged-in pages (round trips per request, session included)', () => {
  const pages: [keyof typeof BUDGETS, string][] = [
    ['startpagina', '/'],
    ['berichten', '/berichten'],
    ['berichtenFiltered', '/berichten?ontvangen-titel=dagprijzen&verstuurd-thema=prijzen'],
    ['messageDetail', `/berichten/${thread.messageIds.at(-1)}`],
    ['themePage', '/themas/prijzen'],
    ['organisation', '/mijn-organisatie'],
    ['contacts', '/mijn-organisatie/contactpersonen'],
  ];

  for (const [name, path] of pages) {
    it(`${path} needs at most ${BUDGETS[name]} round trips`, async () => {
      // Twice: the second request is the steady state of a user clicking around.
      await measure(() => agent.get(path));
      const { count, statements: sent } = await measure(() => agent.get(path));
      expect(count, sent.join('\n')).toBeLessThanOrEqual(BUDGETS[name]);
    });
  }

  it(`the contact persons page's edit mode needs at most ${BUDGETS.contactsEditMode} round trips`, async () => {
    const page = await agent.get('/mijn-organisatie/contactpersonen');
    const fields = formFields(page.text, '/mijn-organisatie/contactpersonen');
    const { count, statements: sent } = await measure(() =>
      agent.post('/mijn-organisatie/contactpersonen').type('form').send({ ...fields, 'contacts[action]': 'open-edit:0' }),
    );
    expect(count, sent.join('\n')).toBeLessThanOrEqual(BUDGETS.contactsEditMode);
  });
});
