// Every way a SAML response can be wrong is refused with a Dutch page and a
// log line, and logs nobody in. The responses are real signed XML, made with
// the development IdP's key (or a foreign one) and then spoiled in one way.
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTES, attributesFromIdentity } from '../../src/auth/attributes.js';
import { RSA_SHA256, SHA256 } from '../../src/auth/algorithms.js';
import { identityOf } from '../../src/dev/idp/directory.js';
import { generateSigningKeys, type SigningKeys } from '../../src/auth/signing-keys.js';
import { loadOrCreateDevIdpKeys } from '../../src/dev/idp/keys.js';
import {
  buildResponseXml,
  logoutRequestXml,
  logoutResponseXml,
  signedResponse,
  signElement,
  samlId,
  type LogoutRequestParams,
  type LogoutResponseParams,
  type ResponseParams,
} from '../../src/dev/idp/saml-response.js';
import { signedRedirectUrl } from '../../src/auth/redirect-binding.js';
import { createTestApp } from '../helpers/app.js';
import { countLoggedInSessions, hiddenField, memoryLogger, pathOf, startLogin } from '../helpers/login.js';

const memory = memoryLogger();
const { app, db, config, identity } = await createTestApp({ logger: memory.logger });
const sp = identity.sp;
const idpEntityId = identity.devIdp?.entityId ?? '';
const JAN = '85092305734';
const AN = '78041215386';

let idpKeys: SigningKeys;
let foreignKeys: SigningKeys;
let janAttributes: ResponseParams['attributes'];
let anAttributes: ResponseParams['attributes'];

beforeAll(async () => {
  idpKeys = await loadOrCreateDevIdpKeys(config.dataDir);
  foreignKeys = await generateSigningKeys('someone else');
  const person = async (insz: string) => {
    const p = await db.prisma.devIdpPerson.findUniqueOrThrow({ where: { insz } });
    const id = await identityOf(db.prisma, p.id);
    if (!id) throw new Error('no identity');
    return attributesFromIdentity(id);
  };
  janAttributes = await person(JAN);
  anAttributes = await person(AN);
});

function params(requestId: string | undefined, overrides: Partial<ResponseParams> = {}): ResponseParams {
  return {
    issuer: idpEntityId,
    destination: sp.acsUrl,
    recipient: sp.acsUrl,
    audience: sp.entityId,
    inResponseTo: requestId,
    nameId: JAN,
    attributes: janAttributes,
    ...overrides,
  };
}

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');
const serialize = (node: unknown) => new XMLSerializer().serializeToString(node as Parameters<XMLSerializer['serializeToString']>[0]);
const children = (el: Element, localName: string) => Array.from(el.childNodes).filter((n) => (n as Element).localName === localName) as Element[];

const loggedInSessions = () => countLoggedInSessions(db.prisma);

async function post(agent: ReturnType<typeof request.agent>, xml: string) {
  return agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: Buffer.from(xml).toString('base64') });
}

async function expectRejected(make: (requestId: string) => string | Promise<string>, reason: RegExp) {
  const agent = request.agent(app);
  const { requestId } = await startLogin(agent);
  const sessionsBefore = await loggedInSessions();
  const logLinesBefore = memory.lines().length;
  const response = await post(agent, await make(requestId));
  expect(response.status).toBe(401);
  expect(response.text).toContain('<h1>Aanmelden mislukt</h1>');
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(await loggedInSessions()).toBe(sessionsBefore);
  const rejected = memory.lines().slice(logLinesBefore).filter((l) => l.msg === 'SAML response rejected');
  expect(rejected).toHaveLength(1);
  expect(String(rejected[0]?.reason)).toMatch(reason);
}

/** An evil copy of the signed assertion: another ID, another person, no signature. */
function evilAssertion(doc: ReturnType<typeof parse>, signedAssertion: Element): Element {
  const evil = signedAssertion.cloneNode(true) as Element;
  evil.setAttribute('ID', samlId());
  for (const sig of children(evil, 'Signature')) evil.removeChild(sig);
  const xml = serialize(evil).replaceAll(JAN, AN);
  return doc.importNode(parse(xml).documentElement as Element, true) as Element;
}

describe('SAML responses that must be refused', () => {
  it('accepts the untouched response (so each refusal below is about its one defect)', async () => {
    const agent = request.agent(app);
    const { requestId } = await startLogin(agent);
    const response = await post(agent, signedResponse(params(requestId), idpKeys));
    expect(response.status).toBe(303);
    expect(await loggedInSessions()).toBeGreaterThan(0);
  });

  it('refuses a response without any signature', async () => {
    await expectRejected((id) => buildResponseXml(params(id)), /signature/i);
  });

  it('refuses a signed response whose assertion is not signed', async () => {
    await expectRejected((id) => signElement(buildResponseXml(params(id)), 'response', idpKeys), /signature|assertion/i);
  });

  it('refuses a response whose assertion signature was removed', async () => {
    await expectRejected((id) => {
      const doc = parse(signedResponse(params(id), idpKeys));
      const assertion = children(doc.documentElement as Element, 'Assertion')[0] as Element;
      for (const sig of children(assertion, 'Signature')) assertion.removeChild(sig);
      return serialize(doc);
    }, /signature/i);
  });

  it('refuses a response with an attribute changed after signing', async () => {
    await expectRejected((id) => signedResponse(params(id), idpKeys).replace(`<saml:AttributeValue>${JAN}</saml:AttributeValue>`, `<saml:AttributeValue>${AN}</saml:AttributeValue>`), /signature/i);
  });

  it('refuses signature wrapping: an evil assertion with the signed one wrapped inside it', async () => {
    await expectRejected((id) => {
      const doc = parse(signedResponse(params(id), idpKeys));
      const root = doc.documentElement as Element;
      const signed = children(root, 'Assertion')[0] as Element;
      const evil = evilAssertion(doc, signed);
      root.replaceChild(evil, signed);
      evil.appendChild(signed);
      return serialize(doc);
    }, /assertion|signature/i);
  });

  it('refuses signature wrapping: an evil response with the signed response wrapped inside it', async () => {
    await expectRejected((id) => {
      const signedDoc = parse(signedResponse(params(id), idpKeys));
      const original = signedDoc.documentElement as Element;
      const evilDoc = parse(signedResponse(params(id, { nameId: AN, attributes: anAttributes }), foreignKeys));
      const evilRoot = evilDoc.documentElement as Element;
      for (const sig of children(evilRoot, 'Signature')) evilRoot.removeChild(sig);
      evilRoot.setAttribute('ID', samlId());
      const extensions = evilDoc.createElementNS('urn:oasis:names:tc:SAML:2.0:protocol', 'samlp:Extensions');
      extensions.appendChild(evilDoc.importNode(original, true));
      evilRoot.insertBefore(extensions, children(evilRoot, 'Status')[0] ?? null);
      return serialize(evilDoc);
    }, /assertion|signature/i);
  });

  it('refuses signature wrapping: a second, unsigned assertion next to the signed one', async () => {
    await expectRejected((id) => {
      const doc = parse(signedResponse(params(id), idpKeys));
      const root = doc.documentElement as Element;
      const signed = children(root, 'Assertion')[0] as Element;
      root.insertBefore(evilAssertion(doc, signed), signed);
      return serialize(doc);
    }, /assertion|signature/i);
  });

  it('refuses an assertion for another audience', async () => {
    await expectRejected((id) => signedResponse(params(id, { audience: 'https://other-sp.example/metadata' }), idpKeys), /audience/i);
  });

  it('refuses a response for another destination', async () => {
    await expectRejected((id) => signedResponse(params(id, { destination: 'https://other-sp.example/acs' }), idpKeys), /Destination/);
  });

  it('refuses a response for another recipient', async () => {
    await expectRejected((id) => signedResponse(params(id, { recipient: 'https://other-sp.example/acs' }), idpKeys), /Recipient/);
  });

  it('refuses an expired assertion', async () => {
    // Young enough for the maximum assertion age (five minutes), past its NotOnOrAfter by more than the clock skew.
    await expectRejected(
      (id) => signedResponse(params(id, { now: new Date(Date.now() - 4 * 60_000), validForMs: 2 * 60_000, notBefore: new Date(Date.now() - 5 * 60_000) }), idpKeys),
      /expired|NotOnOrAfter|subject confirmation/i,
    );
  });

  it('refuses an assertion that is not yet valid', async () => {
    await expectRejected((id) => signedResponse(params(id, { notBefore: new Date(Date.now() + 10 * 60_000) }), idpKeys), /not yet valid|NotBefore/i);
  });

  it('refuses a replay: a second response to a request that was already answered', async () => {
    const agent = request.agent(app);
    const { requestId } = await startLogin(agent);
    expect((await post(agent, signedResponse(params(requestId), idpKeys))).status).toBe(303);
    const before = memory.lines().length;
    // Even with the browser binding satisfied, the request was answered once already.
    const replay = await request(app)
      .post('/auth/saml/acs')
      .set('Cookie', `eloket-login=${requestId}`)
      .type('form')
      .send({ SAMLResponse: Buffer.from(signedResponse(params(requestId), idpKeys)).toString('base64') });
    expect(replay.status).toBe(401);
    expect(replay.text).toContain('Aanmelden mislukt');
    expect(String(memory.lines().slice(before).find((l) => l.msg === 'SAML response rejected')?.reason)).toMatch(/InResponseTo/);
  });

  it('refuses the same response posted twice', async () => {
    const agent = request.agent(app);
    const { requestId } = await startLogin(agent);
    const xml = signedResponse(params(requestId), idpKeys);
    expect((await post(agent, xml)).status).toBe(303);
    const again = await request(app)
      .post('/auth/saml/acs')
      .set('Cookie', `eloket-login=${requestId}`)
      .type('form')
      .send({ SAMLResponse: Buffer.from(xml).toString('base64') });
    expect(again.status).toBe(401);
  });

  it('refuses a valid response posted from another browser than the one that started the login (login CSRF)', async () => {
    const attacker = request.agent(app);
    const { requestId } = await startLogin(attacker);
    const before = memory.lines().length;
    const victim = await post(request.agent(app), signedResponse(params(requestId), idpKeys));
    expect(victim.status).toBe(401);
    expect(victim.headers['set-cookie']).toBeUndefined();
    expect(String(memory.lines().slice(before).find((l) => l.msg === 'SAML response rejected')?.reason)).toMatch(/not issued to this browser/);
    // The login itself still works in the browser that started it.
    expect((await post(attacker, signedResponse(params(requestId), idpKeys))).status).toBe(303);
  });

  it('refuses an unsolicited response (no InResponseTo)', async () => {
    await expectRejected(() => signedResponse(params(undefined), idpKeys), /InResponseTo/);
  });

  it('refuses a response from another issuer', async () => {
    await expectRejected((id) => signedResponse(params(id, { issuer: 'https://evil-idp.example' }), idpKeys), /issuer/i);
  });

  it('refuses a response signed by a foreign key', async () => {
    await expectRejected((id) => signedResponse(params(id), foreignKeys), /signature/i);
  });

  const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
  const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';

  it('refuses a response signed with RSA-SHA1 (SHA-1 digests)', async () => {
    await expectRejected((id) => signedResponse(params(id), idpKeys, { signature: RSA_SHA1, digest: SHA1 }), /algorithm.*rsa-sha1/);
  });

  it('refuses a response signed with RSA-SHA256 over SHA-1 digests', async () => {
    await expectRejected((id) => signedResponse(params(id), idpKeys, { signature: RSA_SHA256, digest: SHA1 }), /algorithm.*#sha1/);
  });

  it('refuses a response with an RSA-SHA1 signature on the assertion only', async () => {
    await expectRejected(
      (id) => signElement(signElement(buildResponseXml(params(id)), 'assertion', idpKeys, { signature: RSA_SHA1, digest: SHA256 }), 'response', idpKeys),
      /algorithm.*rsa-sha1/,
    );
  });

  it.each(['urn:oasis:names:tc:SAML:2.0:status:Responder', 'urn:oasis:names:tc:SAML:2.0:status:Requester', 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed'])(
    'refuses a signed response with an assertion whose status is %s',
    async (statusCode) => {
      await expectRejected((id) => signedResponse(params(id, { statusCode }), idpKeys), /status is not Success/);
    },
  );

  it('refuses two values for the INSZ, even when both are the same person', async () => {
    for (const second of [AN, JAN]) {
      const attributes = janAttributes.map(([name, values]): [string, string[]] => (name === ATTRIBUTES.insz ? [name, [JAN, second]] : [name, values]));
      await expectRejected((id) => signedResponse(params(id, { attributes }), idpKeys), /single-valued attribute: urn:be:fgov:person:ssin/);
    }
  });

  it.each([ATTRIBUTES.givenName, ATTRIBUTES.surname, ATTRIBUTES.email])('refuses two values for the single-valued attribute %s', async (attribute) => {
    const attributes = janAttributes.map(([name, values]): [string, string[]] => (name === attribute ? [name, [...values, 'Tweede']] : [name, values]));
    await expectRejected((id) => signedResponse(params(id, { attributes }), idpKeys), /single-valued attribute/);
  });

  it('refuses a NameID too long to be kept for single logout', async () => {
    await expectRejected((id) => signedResponse(params(id, { nameId: '1'.repeat(257) }), idpKeys), /usable NameID/);
  });

  it('refuses XML with a DOCTYPE before parsing it', async () => {
    await expectRejected(
      (id) => `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "x">]>${signedResponse(params(id), idpKeys)}`,
      /DOCTYPE/,
    );
  });
});

describe('SAML logout messages that must be refused', () => {
  const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
  const isLoggedIn = async (agent: ReturnType<typeof request.agent>) => (await agent.get('/mijn-organisatie')).status === 200;

  /** A browser logged in as Jan, with the SessionIndex its assertion named. */
  async function loggedInVictim() {
    const agent = request.agent(app);
    const { requestId } = await startLogin(agent);
    const sessionIndex = samlId();
    expect((await post(agent, signedResponse(params(requestId, { sessionIndex }), idpKeys))).status).toBe(303);
    return { agent, sessionIndex };
  }

  type Sent = { params?: Partial<LogoutRequestParams>; keys?: SigningKeys; sigAlg?: string; relayState?: string; xml?: string };
  /** The path of an IdP-initiated LogoutRequest for Jan, wrong in the ways `sent` says. */
  function logoutRequestPath(sessionIndex: string | undefined, sent: Sent = {}) {
    const xml = sent.xml ?? logoutRequestXml({ issuer: idpEntityId, destination: sp.sloUrl, nameId: JAN, sessionIndex, ...sent.params });
    return pathOf(signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLRequest', xml, relayState: sent.relayState }, (sent.keys ?? idpKeys).privateKey, sent.sigAlg));
  }

  async function expectLogoutRejected(browser: ReturnType<typeof request.agent>, path: string, reason: RegExp) {
    const before = memory.lines().length;
    const response = await browser.get(path);
    expect(response.status).toBe(400);
    expect(response.text).toContain('<h1>Afmelden mislukt</h1>');
    const rejected = memory.lines().slice(before).filter((l) => l.msg === 'SAML logout message rejected');
    expect(rejected).toHaveLength(1);
    expect(String(rejected[0]?.reason)).toMatch(reason);
  }

  const swapParameter = (path: string, name: string, value: string) => path.replace(new RegExp(`${name}=[^&]*`), `${name}=${encodeURIComponent(value)}`);

  const forgedRequests: [string, (sessionIndex: string) => string | Promise<string>, RegExp][] = [
    ['unsigned', (index) => logoutRequestPath(index).replace(/&SigAlg=.*$/, ''), /unsigned/],
    ['signed by a foreign key', (index) => logoutRequestPath(index, { keys: foreignKeys }), /invalid signature/],
    ['signed with RSA-SHA1', (index) => logoutRequestPath(index, { sigAlg: RSA_SHA1 }), /refused signature algorithm.*rsa-sha1/],
    [
      'with its NameID changed after signing',
      (index) => {
        const signed = logoutRequestPath(index, { params: { nameId: AN } });
        const other = new URL(logoutRequestPath(index), 'http://x').searchParams.get('SAMLRequest') ?? '';
        return swapParameter(signed, 'SAMLRequest', other);
      },
      /invalid signature/,
    ],
    ['with a RelayState added after signing', (index) => logoutRequestPath(index).replace('&SigAlg=', '&RelayState=%2Fx&SigAlg='), /invalid signature/],
    ['from another issuer', (index) => logoutRequestPath(index, { params: { issuer: 'https://evil-idp.example' } }), /wrong issuer/],
    ['for another destination', (index) => logoutRequestPath(index, { params: { destination: 'https://other-sp.example/slo' } }), /wrong Destination/],
    ['issued 20 minutes ago', (index) => logoutRequestPath(index, { params: { issueInstant: new Date(Date.now() - 20 * 60_000) } }), /IssueInstant/],
    ['issued 20 minutes from now', (index) => logoutRequestPath(index, { params: { issueInstant: new Date(Date.now() + 20 * 60_000) } }), /IssueInstant/],
    [
      'with a DOCTYPE',
      (index) => logoutRequestPath(index, { xml: `<!DOCTYPE r [<!ENTITY x "x">]>${logoutRequestXml({ issuer: idpEntityId, destination: sp.sloUrl, nameId: JAN, sessionIndex: index })}` }),
      /DOCTYPE/,
    ],
    ['with SAMLRequest twice', (index) => `${logoutRequestPath(index)}&SAMLRequest=x`, /repeated/],
    [
      'sent as a SAMLResponse',
      (index) => logoutRequestPath(index).replace('SAMLRequest=', 'SAMLResponse='),
      /invalid signature|not a LogoutResponse/,
    ],
    [
      'as an unsolicited LogoutResponse',
      () =>
        pathOf(
          signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLResponse', xml: logoutResponseXml({ issuer: idpEntityId, destination: sp.sloUrl, inResponseTo: undefined }) }, idpKeys.privateKey),
        ),
      /InResponseTo \(none\)/,
    ],
  ];

  it.each(forgedRequests)('refuses an IdP-initiated LogoutRequest %s, and ends no session', async (_name, make, reason) => {
    const victim = await loggedInVictim();
    await expectLogoutRejected(request.agent(app), await make(victim.sessionIndex), reason);
    expect(await isLoggedIn(victim.agent)).toBe(true);
  });

  it('refuses a replayed LogoutRequest: it ended the sessions once, never again', async () => {
    const first = await loggedInVictim();
    const path = logoutRequestPath(undefined);
    const answered = await request.agent(app).get(path);
    expect(answered.status).toBe(303);
    expect(await isLoggedIn(first.agent)).toBe(false);
    const second = await loggedInVictim();
    await expectLogoutRejected(request.agent(app), path, /used before/);
    expect(await isLoggedIn(second.agent)).toBe(true);
  });

  /** A browser that logged out at the portal and awaits the answer to its LogoutRequest. */
  async function loggingOut() {
    const { agent } = await loggedInVictim();
    const page = await agent.get('/auth/logout');
    const out = await agent.post('/auth/logout').type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    const logoutRequest = inflateRawSync(Buffer.from(new URL(out.headers.location ?? '').searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const requestId = /ID="([^"]+)"/.exec(logoutRequest)?.[1] ?? '';
    return { agent, requestId };
  }

  type Answer = { params?: Partial<LogoutResponseParams>; keys?: SigningKeys; sigAlg?: string };
  function logoutResponsePath(inResponseTo: string | undefined, answer: Answer = {}) {
    const xml = logoutResponseXml({ issuer: idpEntityId, destination: sp.sloUrl, inResponseTo, ...answer.params });
    return pathOf(signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLResponse', xml }, (answer.keys ?? idpKeys).privateKey, answer.sigAlg));
  }

  const forgedResponses: [string, (requestId: string) => string | Promise<string>, RegExp][] = [
    ['unsigned', (id) => logoutResponsePath(id).replace(/&SigAlg=.*$/, ''), /unsigned/],
    ['signed by a foreign key', (id) => logoutResponsePath(id, { keys: foreignKeys }), /invalid signature/],
    ['signed with RSA-SHA1', (id) => logoutResponsePath(id, { sigAlg: RSA_SHA1 }), /refused signature algorithm/],
    ['from another issuer', (id) => logoutResponsePath(id, { params: { issuer: 'https://evil-idp.example' } }), /wrong issuer/],
    ['for another destination', (id) => logoutResponsePath(id, { params: { destination: 'https://other-sp.example/slo' } }), /wrong Destination/],
    ['with the status Responder', (id) => logoutResponsePath(id, { params: { statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' } }), /status/i],
    ['without InResponseTo', () => logoutResponsePath(undefined), /InResponseTo \(none\)/],
    [
      'answering the request of another browser',
      async () => logoutResponsePath((await loggingOut()).requestId),
      /was not sent from this browser/,
    ],
  ];

  it.each(forgedResponses)('refuses a LogoutResponse %s; the genuine answer still completes the logout', async (_name, make, reason) => {
    const { agent, requestId } = await loggingOut();
    await expectLogoutRejected(agent, await make(requestId), reason);
    const genuine = await agent.get(logoutResponsePath(requestId));
    expect(genuine.status).toBe(303);
    expect(genuine.headers.location).toBe('/?afgemeld=1');
  });

  it('refuses a replayed LogoutResponse', async () => {
    const { agent, requestId } = await loggingOut();
    const path = logoutResponsePath(requestId);
    expect((await agent.get(path)).status).toBe(303);
    await expectLogoutRejected(agent, path, /was not sent from this browser/);
    // Not even in a browser that claims the request as its own.
    await expectLogoutRejected(request.agent(app), path, /was not sent from this browser/);
  });
});
