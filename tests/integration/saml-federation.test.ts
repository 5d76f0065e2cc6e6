// What real federations need from the portal as service provider: a maximum
// assertion age, encrypted assertions (RSA-OAEP with AES-GCM or AES-CBC,
// signatures checked after decryption), a login cookie that survives the
// identity provider's cross-site POST over https (and a plain warning where
// it cannot), refusals of unsigned logout messages in words, and a
// LogoutRequest that names the NameID exactly as the assertion did.
import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributesFromIdentity } from '../../src/auth/attributes.js';
import { generateSigningKeys, type SigningKeys } from '../../src/auth/signing-keys.js';
import { crossSiteLoginProblem } from '../../src/auth/login-binding.js';
import { signedRedirectUrl } from '../../src/auth/redirect-binding.js';
import { identityOf } from '../../src/dev/idp/directory.js';
import { loadOrCreateDevIdpKeys } from '../../src/dev/idp/keys.js';
import { parseSpMetadata } from '../../src/dev/idp/sp-metadata.js';
import { logoutRequestXml, logoutResponseXml, signedEncryptedResponse, signedResponse, type ResponseParams } from '../../src/dev/idp/saml-response.js';
import { createTestApp, productionEnv } from '../helpers/app.js';
import { countLoggedInSessions, hiddenField, logOut, memoryLogger, pathOf, startLogin } from '../helpers/login.js';

const memory = memoryLogger();
const { app, db, config, identity } = await createTestApp({ logger: memory.logger });
const sp = identity.sp;
const idpEntityId = identity.devIdp?.entityId ?? '';
const JAN = '85092305734';
const MINUTE = 60_000;

let idpKeys: SigningKeys;
let encryptionCertificate: string;
let janAttributes: ResponseParams['attributes'];

beforeAll(async () => {
  idpKeys = await loadOrCreateDevIdpKeys(config.dataDir);
  const metadata = parseSpMetadata((await request(app).get('/auth/saml/metadata')).text);
  const published = metadata.encryptionCertificates[0];
  if (!published) throw new Error('no encryption certificate in the metadata');
  encryptionCertificate = published;
  const person = await db.prisma.devIdpPerson.findUniqueOrThrow({ where: { insz: JAN } });
  const id = await identityOf(db.prisma, person.id);
  if (!id) throw new Error('no identity');
  janAttributes = attributesFromIdentity(id);
});

function params(requestId: string, overrides: Partial<ResponseParams> = {}): ResponseParams {
  return { issuer: idpEntityId, destination: sp.acsUrl, recipient: sp.acsUrl, audience: sp.entityId, inResponseTo: requestId, nameId: JAN, attributes: janAttributes, ...overrides };
}

type Agent = ReturnType<typeof request.agent>;
const post = (agent: Agent, xml: string) => agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: Buffer.from(xml).toString('base64') });

/** Posts the response `make` builds for a fresh login; returns the answer and the reason logged when it was refused. */
async function answer(make: (requestId: string) => string | Promise<string>) {
  const agent = request.agent(app);
  const { requestId } = await startLogin(agent);
  const before = memory.lines().length;
  const response = await post(agent, await make(requestId));
  const reason = memory.lines().slice(before).find((l) => l.msg === 'SAML response rejected')?.reason;
  return { agent, response, reason: reason === undefined ? undefined : String(reason) };
}

async function expectRefused(make: (requestId: string) => string | Promise<string>, reason: RegExp) {
  const sessionsBefore = await countLoggedInSessions(db.prisma);
  const result = await answer(make);
  expect(result.response.status).toBe(401);
  expect(result.response.text).toContain('<h1>Aanmelden mislukt</h1>');
  expect(result.reason).toMatch(reason);
  expect(await countLoggedInSessions(db.prisma)).toBe(sessionsBefore);
}

async function expectAccepted(make: (requestId: string) => string | Promise<string>) {
  const result = await answer(make);
  expect(result.reason).toBeUndefined();
  expect(result.response.status).toBe(303);
  expect((await result.agent.get('/mijn-organisatie')).status).toBe(200);
}

describe('the age of an assertion', () => {
  it('refuses an assertion issued 10 minutes ago, although its NotOnOrAfter lies a day ahead', async () => {
    await expectRefused((id) => signedResponse(params(id, { now: new Date(Date.now() - 10 * MINUTE), validForMs: 24 * 60 * MINUTE }), idpKeys), /too old/);
  });

  it('accepts an assertion issued a minute ago', async () => {
    await expectAccepted((id) => signedResponse(params(id, { now: new Date(Date.now() - MINUTE), validForMs: 24 * 60 * MINUTE }), idpKeys));
  });

  it('takes its maximum age from SAML_MAX_ASSERTION_AGE_SECONDS (default five minutes)', () => {
    expect(config.samlMaxAssertionAgeMs).toBe(5 * MINUTE);
  });
});

describe('encrypted assertions', () => {
  it('publishes the encryption certificate as a KeyDescriptor use="encryption", apart from the signing one', async () => {
    const metadata = (await request(app).get('/auth/saml/metadata')).text;
    expect(metadata).toMatch(/<KeyDescriptor use="encryption">[\s\S]*<ds:X509Certificate>/);
    expect(metadata).toContain('http://www.w3.org/2009/xmlenc11#aes256-gcm');
    const parsed = parseSpMetadata(metadata);
    expect(parsed.encryptionCertificates).toHaveLength(1);
    expect(parsed.signingCertificates).not.toContain(parsed.encryptionCertificates[0]);
  });

  it.each(['aes256-gcm', 'aes256-cbc'] as const)('accepts a signed assertion encrypted with RSA-OAEP and %s', async (content) => {
    await expectAccepted((id) => signedEncryptedResponse(params(id), idpKeys, { certificate: encryptionCertificate, content }));
  });

  it('refuses an encrypted assertion that was not signed before encryption, although the response is signed', async () => {
    await expectRefused(
      (id) => signedEncryptedResponse(params(id), idpKeys, { certificate: encryptionCertificate, content: 'aes256-gcm' }, { signAssertion: false }),
      /signature/i,
    );
  });

  it('refuses an encrypted assertion signed by a foreign key', async () => {
    const foreign = await generateSigningKeys('someone else');
    await expectRefused((id) => signedEncryptedResponse(params(id), foreign, { certificate: encryptionCertificate, content: 'aes256-gcm' }), /signature/i);
  });

  it('refuses RSA PKCS#1 v1.5 key transport (Bleichenbacher)', async () => {
    await expectRefused(
      (id) =>
        signedEncryptedResponse(params(id), idpKeys, { certificate: encryptionCertificate, content: 'aes256-cbc', keyTransport: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5' }),
      /refused encryption algorithm .*rsa-1_5/,
    );
  });

  it('refuses an assertion encrypted to another key', async () => {
    const other = await generateSigningKeys('another service provider');
    await expectRefused((id) => signedEncryptedResponse(params(id), idpKeys, { certificate: other.certificate, content: 'aes256-gcm' }), /undecryptable/);
  });

  it('checks the decrypted assertion like a plain one (Recipient)', async () => {
    await expectRefused(
      (id) => signedEncryptedResponse(params(id, { recipient: 'https://other-sp.example/acs' }), idpKeys, { certificate: encryptionCertificate, content: 'aes256-gcm' }),
      /wrong Recipient/,
    );
  });

  it('logs in end to end through the development identity provider when it encrypts (DEV_IDP_ENCRYPTION)', async () => {
    const encrypting = await createTestApp({ db, env: { DEV_IDP_ENCRYPTION: 'aes256-gcm' } });
    const agent = request.agent(encrypting.app);
    const started = await startLogin(agent);
    const signIn = await agent.get(started.idpPath);
    const person = await db.prisma.devIdpPerson.findUniqueOrThrow({ where: { insz: JAN } });
    const idpAnswer = await agent
      .post('/dev/idp/sso')
      .type('form')
      .send({ _csrf: hiddenField(signIn.text, '_csrf'), requestId: hiddenField(signIn.text, 'requestId'), personId: String(person.id) });
    const xml = Buffer.from(hiddenField(idpAnswer.text, 'SAMLResponse') ?? '', 'base64').toString('utf8');
    expect(xml).toContain('EncryptedAssertion');
    expect(xml).not.toContain('<saml:Assertion');
    const acs = await agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: hiddenField(idpAnswer.text, 'SAMLResponse') });
    expect(acs.status).toBe(303);
    expect((await agent.get('/mijn-organisatie')).status).toBe(200);
  });

  it('without an encryption key (production without SAML_SP_ENCRYPTION_KEY_FILE) refuses an encrypted assertion and logs why', async () => {
    const production = memoryLogger();
    const env = { ...(await productionEnv()), TRUST_PROXY: 'loopback' };
    const prod = await createTestApp({ db, env, logger: production.logger });
    const metadata = (await request(prod.app).get('/auth/saml/metadata').set('X-Forwarded-Proto', 'https')).text;
    expect(metadata).toContain('use="signing"');
    expect(metadata).not.toContain('use="encryption"');
    const login = await request(prod.app).get('/auth/login').set('X-Forwarded-Proto', 'https');
    const requestId = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(new URL(login.headers.location ?? '').searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8'))?.[1] ?? '';
    const prodSp = prod.identity.sp;
    // Which key signs does not matter: the encryption is refused before any signature is looked at.
    const xml = await signedEncryptedResponse(
      { ...params(requestId), issuer: 'https://idp.example/dev/idp', destination: prodSp.acsUrl, recipient: prodSp.acsUrl, audience: prodSp.entityId },
      idpKeys,
      { certificate: encryptionCertificate, content: 'aes256-gcm' },
    );
    const response = await request(prod.app)
      .post('/auth/saml/acs')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', `__Host-eloket-login=${requestId}`)
      .type('form')
      .send({ SAMLResponse: Buffer.from(xml).toString('base64') });
    expect(response.status).toBe(401);
    const reason = production.lines().find((l) => l.msg === 'SAML response rejected')?.reason;
    expect(String(reason)).toMatch(/^encrypted assertion but no SAML decryption key configured/);
  });
});

describe('the login cookie and an identity provider on another site', () => {
  const setCookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie']);

  it('is SameSite=None; Secure with an https BASE_URL and SAML_CROSS_SITE_LOGIN, so that the identity provider\'s cross-site POST carries it', async () => {
    const https = await createTestApp({ db, baseUrl: 'https://eloket.test', env: { SAML_CROSS_SITE_LOGIN: 'true' } });
    const cookie = setCookieOf(await request(https.app).get('/auth/login'));
    expect(cookie).toMatch(/eloket-login=_[^;]+;/);
    expect(cookie).toContain('SameSite=None');
    expect(cookie).toContain('Secure');
    // Not merely because BASE_URL is https: a client speaking http to it would drop the cookie.
    const plain = setCookieOf(await request((await createTestApp({ db, baseUrl: 'https://eloket.test' })).app).get('/auth/login'));
    expect(plain).toContain('SameSite=Lax');
    expect(plain).not.toContain('Secure');
  });

  it('is SameSite=Lax over plain http, where browsers refuse SameSite=None', async () => {
    const cookie = setCookieOf(await request(app).get('/auth/login'));
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('says at start-up why an identity provider on another site cannot work with an http BASE_URL', async () => {
    const env = await productionEnv();
    const started = memoryLogger();
    await createTestApp({ db, baseUrl: 'http://localhost:3000', env: { SAML_IDP_METADATA: env.SAML_IDP_METADATA ?? '' }, logger: started.logger });
    const warning = started.lines().find((l) => String(l.msg).includes('cannot work'));
    expect(String(warning?.msg)).toMatch(/identity provider at https:\/\/idp\.example cannot work: BASE_URL is http.*SameSite=Lax.*use an https BASE_URL/);
    expect(crossSiteLoginProblem({ isProduction: false, baseUrl: 'https://localhost:3000', samlCrossSiteLogin: true }, 'https://idp.example/sso')).toBeUndefined();
    expect(crossSiteLoginProblem({ isProduction: false, baseUrl: 'https://localhost:3000' }, 'https://idp.example/sso')).toMatch(/cannot work/);
    expect(crossSiteLoginProblem({ isProduction: false, baseUrl: 'http://localhost:3000' }, 'http://localhost:8080/sso')).toBeUndefined();
    expect(crossSiteLoginProblem({ isProduction: false, baseUrl: 'http://localhost:3000' }, 'https://localhost:8443/sso')).toMatch(/cannot work/);
  });

  it('logs whether the login cookie came along when a response is refused as not issued to this browser', async () => {
    const attacker = request.agent(app);
    const { requestId } = await startLogin(attacker);
    const before = memory.lines().length;
    await post(request.agent(app), signedResponse(params(requestId), idpKeys));
    const line = memory.lines().slice(before).find((l) => l.msg === 'SAML response rejected');
    expect(line?.loginCookie).toBe('absent');
    expect(String(line?.reason)).toMatch(/not issued to this browser/);
  });
});

describe('single logout with the identity provider', () => {
  const isLoggedIn = async (agent: Agent) => (await agent.get('/mijn-organisatie')).status === 200;

  async function loggedIn(overrides: Partial<ResponseParams> = {}) {
    const agent = request.agent(app);
    const { requestId } = await startLogin(agent);
    expect((await post(agent, signedResponse(params(requestId, overrides), idpKeys))).status).toBe(303);
    return agent;
  }

  const unsignedRequestPath = () =>
    pathOf(signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLRequest', xml: logoutRequestXml({ issuer: idpEntityId, destination: sp.sloUrl, nameId: JAN }) }, idpKeys.privateKey)).replace(
      /&SigAlg=.*$/,
      '',
    );

  it('refuses an unsigned IdP-initiated LogoutRequest (SimpleSAMLphp\'s default) and says so in words', async () => {
    const victim = await loggedIn();
    const before = memory.lines().length;
    const response = await victim.get(unsignedRequestPath());
    expect(response.status).toBe(400);
    expect(response.text).toContain('Afmelden mislukt: het afmeldbericht van de identity provider was niet ondertekend.');
    expect(response.text).toContain('U bent nog aangemeld bij het e-loket');
    const line = memory.lines().slice(before).find((l) => l.msg === 'SAML logout message rejected');
    expect(line?.unsigned).toBe(true);
    expect(String(line?.reason)).toMatch(/^unsigned SAMLRequest: the identity provider must sign its logout messages/);
    expect(await isLoggedIn(victim)).toBe(true);
  });

  it('refuses an unsigned LogoutResponse in words; the portal\'s own session has ended already', async () => {
    const agent = await loggedIn();
    const out = await logOut(agent);
    const sent = inflateRawSync(Buffer.from(new URL(out.headers.location ?? '').searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const requestId = /ID="([^"]+)"/.exec(sent)?.[1];
    const xml = logoutResponseXml({ issuer: idpEntityId, destination: sp.sloUrl, inResponseTo: requestId });
    const response = await agent.get(pathOf(signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLResponse', xml }, idpKeys.privateKey)).replace(/&SigAlg=.*$/, ''));
    expect(response.status).toBe(400);
    expect(response.text).toContain('het afmeldbericht van de identity provider was niet ondertekend');
    expect(response.text).not.toContain('U bent nog aangemeld');
    expect(await isLoggedIn(agent)).toBe(false);
  });

  it('ends the portal session at a signed IdP-initiated LogoutRequest', async () => {
    const victim = await loggedIn();
    const signed = pathOf(signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLRequest', xml: logoutRequestXml({ issuer: idpEntityId, destination: sp.sloUrl, nameId: JAN }) }, idpKeys.privateKey));
    expect((await request.agent(app).get(signed)).status).toBe(303);
    expect(await isLoggedIn(victim)).toBe(false);
  });

  it('names the NameID in its LogoutRequest exactly as the assertion did (Format, NameQualifier, SPNameQualifier)', async () => {
    const agent = await loggedIn({ nameQualifier: idpEntityId, spNameQualifier: sp.entityId });
    const out = await logOut(agent);
    const sent = inflateRawSync(Buffer.from(new URL(out.headers.location ?? '').searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const nameId = /<saml:NameID([^>]*)>([^<]*)<\/saml:NameID>/.exec(sent);
    expect(nameId?.[2]).toBe(JAN);
    expect(nameId?.[1]).toContain('Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"');
    expect(nameId?.[1]).toContain(`NameQualifier="${idpEntityId}"`);
    expect(nameId?.[1]).toContain(`SPNameQualifier="${sp.entityId}"`);
  });
});
