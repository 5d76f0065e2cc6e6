// Drives the real login: the portal's AuthnRequest, the development identity
// provider's sign-in page, its signed response, and the assertion consumer.
import { inflateRawSync } from 'node:zlib';
import { pino, type Logger } from 'pino';
import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { PrismaClient } from '../../src/db/client.js';
import { decodeEntities } from './html.js';

export interface StartedLogin {
  requestId: string;
  /** Path and query of the identity provider's sign-in page. */
  idpPath: string;
}

export function hiddenField(html: string, name: string): string | undefined {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** GET /auth/login: the portal issues an AuthnRequest and redirects to the identity provider. */
export async function startLogin(agent: TestAgent, relayState?: string): Promise<StartedLogin> {
  const response = await agent.get(relayState ? `/auth/login?RelayState=${encodeURIComponent(relayState)}` : '/auth/login');
  if (response.status !== 302) throw new Error(`expected a redirect to the IdP, got ${response.status}`);
  const location = new URL(response.headers.location ?? '');
  const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const requestId = /ID="([^"]+)"/.exec(xml)?.[1];
  if (!requestId) throw new Error('no request ID in the AuthnRequest');
  return { requestId, idpPath: `${location.pathname}${location.search}` };
}

/** The whole login of a person (by INSZ) up to the portal's answer to the assertion. */
export async function loginAs(agent: TestAgent, prisma: PrismaClient, insz: string, relayState?: string) {
  const started = await startLogin(agent, relayState);
  const signIn = await agent.get(started.idpPath);
  if (signIn.status !== 200) throw new Error(`IdP sign-in page answered ${signIn.status}`);
  const person = await prisma.devIdpPerson.findUniqueOrThrow({ where: { insz } });
  const answer = await agent
    .post('/dev/idp/sso')
    .type('form')
    .send({
      _csrf: hiddenField(signIn.text, '_csrf'),
      requestId: hiddenField(signIn.text, 'requestId'),
      ...(relayState ? { relayState: hiddenField(signIn.text, 'relayState') } : {}),
      personId: String(person.id),
    });
  if (answer.status !== 200) throw new Error(`IdP answered ${answer.status}`);
  const samlResponse = hiddenField(answer.text, 'SAMLResponse');
  const relay = hiddenField(answer.text, 'RelayState');
  return agent
    .post('/auth/saml/acs')
    .type('form')
    .send({ SAMLResponse: samlResponse, ...(relay ? { RelayState: relay } : {}) });
}

/** A new agent of the app, logged in as the person (by INSZ). */
export async function loggedInAgent(app: Express, prisma: PrismaClient, insz: string): Promise<TestAgent> {
  const agent = request.agent(app);
  await loginAs(agent, prisma, insz);
  return agent;
}

/** What supertest drives: the Express app or an HTTP server. */
export type Portal = Parameters<typeof request.agent>[0];
export type Agent = TestAgent;

export interface Logins {
  /** The person with this INSZ, logged in; acting for the facility (by id or HCO number) when given (as after "Organisatie kiezen"). */
  as(insz: string, options?: { facilityId?: number; hcoNumber?: string }): Promise<Agent>;
  /** A user the identity provider gives the e-loket right for the facility (HCO number), with `role` when given; acting for that facility. */
  facilityUser(hcoNumber: string, role?: string): Promise<Agent>;
  /** A staff member of the department's team (code, e.g. 'team-prijzen'). */
  staffMember(teamCode: string): Promise<Agent>;
  /** A staff member of the technical helpdesk. */
  helpdesk(): Promise<Agent>;
}

/**
 * Logs agents in on `portal` through the real SAML login, each with its own cookies.
 * People are found in the development identity provider's directory, so a test
 * states what it needs (a facility and role, a team) rather than whom.
 */
export function logins(portal: Portal, prisma: PrismaClient): Logins {
  const as = async (insz: string, options: { facilityId?: number; hcoNumber?: string } = {}): Promise<Agent> => {
    const facilityId =
      options.hcoNumber === undefined ? options.facilityId : (await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: options.hcoNumber } })).id;
    const agent = request.agent(portal);
    const answer = await loginAs(agent, prisma, insz);
    if (answer.status !== 303) throw new Error(`login of ${insz} answered ${answer.status}`);
    if (facilityId !== undefined) {
      const choose = await agent.get('/organisatie/kiezen');
      const chosen = await agent
        .post('/organisatie/kiezen')
        .type('form')
        .send({ _csrf: hiddenField(choose.text, '_csrf'), facilityId: String(facilityId) });
      if (chosen.status !== 303) throw new Error(`${insz} could not choose facility ${facilityId}: ${chosen.status}`);
    }
    return agent;
  };
  const staffMember = async (teamCode: string): Promise<Agent> => {
    const person = await prisma.devIdpPerson.findFirst({ where: { staff: { teams: { has: teamCode } } }, orderBy: { id: 'asc' } });
    if (!person) throw new Error(`no staff member of ${teamCode} in the identity provider`);
    return as(person.insz);
  };
  return {
    as,
    staffMember,
    helpdesk: () => staffMember('helpdesk'),
    async facilityUser(hcoNumber, role) {
      const person = await prisma.devIdpPerson.findFirst({
        where: { accesses: { some: { eloketRight: true, subafdeling: { hcoNumber }, ...(role === undefined ? {} : { roles: { has: role } }) } } },
        orderBy: { id: 'asc' },
      });
      if (!person) throw new Error(`no user of facility ${hcoNumber}${role === undefined ? '' : ` with role ${role}`} in the identity provider`);
      return as(person.insz, { hcoNumber });
    },
  };
}

/** Path and query of an absolute URL the portal redirects to (tests drive the app without its host). */
export function pathOf(location: string | undefined): string {
  const url = new URL(location ?? '', 'http://portal.invalid');
  return `${url.pathname}${url.search}`;
}

/** "Afmelden": the confirmation page, then its form; returns the portal's answer to the POST. */
export async function logOut(agent: TestAgent) {
  const page = await agent.get('/auth/logout');
  return agent.post('/auth/logout').type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
}

/** Follows the redirects of a single logout from `location` to the first answer that is not a redirect to the portal or the IdP. */
export async function followLogout(agent: TestAgent, location: string | undefined) {
  let response = await agent.get(pathOf(location));
  for (let hops = 0; hops < 5 && [302, 303].includes(response.status) && /\/(dev\/idp|auth\/saml)\/slo\?/.test(response.headers.location ?? ''); hops++) {
    response = await agent.get(pathOf(response.headers.location));
  }
  return response;
}

/** A pino logger that keeps its lines in memory, to check what was logged. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = pino({ level: 'info' }, { write: (chunk: string) => void chunks.push(chunk) });
  return { logger, lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>) };
}

/** Sessions of logged-in users (the identity provider's form alone also makes an anonymous session). */
export async function countLoggedInSessions(prisma: PrismaClient): Promise<number> {
  const rows = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM session WHERE (sess::jsonb) ? 'userId'`;
  return rows[0]?.n ?? 0;
}
