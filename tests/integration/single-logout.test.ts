// Signed AuthnRequests and SAML Single Logout (HTTP-Redirect) between the
// portal and the development identity provider, both directions, driven as
// a browser would: every redirect followed, nothing mocked.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { createTestApp } from '../helpers/app.js';
import { followLogout, hiddenField, loginAs, logOut, memoryLogger, pathOf, startLogin } from '../helpers/login.js';
import { parseSpMetadata } from '../../src/dev/idp/sp-metadata.js';
import { RSA_SHA256 } from '../../src/auth/algorithms.js';
import { signedRedirectUrl, verifyRedirectMessage, rawQueryOf } from '../../src/auth/redirect-binding.js';
import { generateSigningKeys } from '../../src/auth/signing-keys.js';
import { DevIdentityProvider } from '../../src/dev/idp/identity-provider.js';
import { attributesFromIdentity } from '../../src/auth/attributes.js';
import { identityOf } from '../../src/dev/idp/directory.js';
import { signedResponse } from '../../src/dev/idp/saml-response.js';

const JAN = '85092305734'; // one woonzorgcentrum
const memory = memoryLogger();
const { app, db } = await createTestApp({ logger: memory.logger });

const isLoggedIn = async (agent: ReturnType<typeof request.agent>) => (await agent.get('/mijn-organisatie')).status === 200;
const janSessions = () => db.prisma.session.count({ where: { samlNameId: JAN } });

async function spMetadata() {
  return parseSpMetadata((await request(app).get('/auth/saml/metadata')).text);
}

describe('signed AuthnRequests', () => {
  it('publishes the signing certificate, the signed requests and the SingleLogoutService in the metadata', async () => {
    const metadata = (await request(app).get('/auth/saml/metadata')).text;
    expect(metadata).toContain('AuthnRequestsSigned="true"');
    expect(metadata).toMatch(/<KeyDescriptor use="signing">[\s\S]*<ds:X509Certificate>/);
    expect(metadata).toContain('<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="http://localhost:0/auth/saml/slo"/>');
    const idpMetadata = (await request(app).get('/dev/idp/metadata')).text;
    expect(idpMetadata).toContain('WantAuthnRequestsSigned="true"');
    expect(idpMetadata).toContain('<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="http://localhost:0/dev/idp/slo"/>');
  });

  it('signs every AuthnRequest with RSA-SHA256, verifiable with the certificate in its metadata', async () => {
    const location = new URL((await request(app).get('/auth/login?RelayState=%2Fmijn-organisatie')).headers.location ?? '');
    expect(location.searchParams.get('SigAlg')).toBe(RSA_SHA256);
    const message = verifyRedirectMessage(location.search.slice(1), (await spMetadata()).signingCertificates);
    expect(message.xml).toContain('<samlp:AuthnRequest');
    expect(message.relayState).toBe('/mijn-organisatie');
  });

  it('the development identity provider refuses an unsigned, a badly signed, a tampered or an RSA-SHA1 AuthnRequest', async () => {
    const agent = request.agent(app);
    const { idpPath } = await startLogin(agent);
    const url = new URL(idpPath, 'http://localhost:0');
    const foreign = await generateSigningKeys('not the portal');
    const requestXml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const unsigned = `/dev/idp/sso?SAMLRequest=${encodeURIComponent(url.searchParams.get('SAMLRequest') ?? '')}`;
    const foreignSigned = pathOf(signedRedirectUrl('http://localhost:0/dev/idp/sso', { parameter: 'SAMLRequest', xml: requestXml }, foreign.privateKey));
    const tampered = `${idpPath}`.replace(/RelayState=[^&]*&|SigAlg=/, (m) => (m.startsWith('SigAlg') ? 'RelayState=%2Fx&SigAlg=' : 'RelayState=%2Fx&'));
    const sha1 = `${idpPath.replace(encodeURIComponent(RSA_SHA256), encodeURIComponent('http://www.w3.org/2000/09/xmldsig#rsa-sha1'))}`;
    for (const path of [unsigned, foreignSigned, tampered, sha1]) {
      const response = await agent.get(path);
      expect(response.status, path).toBe(400);
      expect(response.text).toContain('Ongeldige aanmeldaanvraag');
    }
    // The untouched request is accepted.
    expect((await agent.get(idpPath)).status).toBe(200);
  });
});

describe('single logout started at the portal', () => {
  it('logs out at the identity provider too: its session ends, then the portal shows the logout page', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const idpSession = await db.prisma.devIdpSession.findFirstOrThrow({ where: { nameId: JAN, endedAt: null }, orderBy: { createdAt: 'desc' } });
    const out = await logOut(agent);
    // Logged out at the portal before the identity provider even answers.
    expect(await isLoggedIn(agent)).toBe(false);
    const toIdp = new URL(out.headers.location ?? '');
    expect(toIdp.pathname).toBe('/dev/idp/slo');
    expect(toIdp.searchParams.get('SigAlg')).toBe(RSA_SHA256);
    const logoutRequest = inflateRawSync(Buffer.from(toIdp.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    expect(logoutRequest).toContain(`>${JAN}</saml:NameID>`);
    expect(logoutRequest).toContain(`>${idpSession.sessionIndex}</saml2p:SessionIndex>`);

    const back = await agent.get(pathOf(out.headers.location));
    expect(back.status).toBe(303);
    expect(new URL(back.headers.location ?? '').pathname).toBe('/auth/saml/slo');
    expect((await db.prisma.devIdpSession.findUniqueOrThrow({ where: { id: idpSession.id } })).endedAt).not.toBeNull();
    const done = await agent.get(pathOf(back.headers.location));
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/?afgemeld=1');
    expect((await agent.get('/?afgemeld=1')).text).toContain('U bent afgemeld.');
  });

  it('logs out locally when the identity provider has no SingleLogoutService', async () => {
    const idpKeys = await generateSigningKeys('an identity provider without single logout');
    const idp = new DevIdentityProvider('https://idp.example', idpKeys);
    const file = join(mkdtempSync(join(tmpdir(), 'eloket-idp-')), 'metadata.xml');
    writeFileSync(file, idp.metadataXml().replace(/<md:SingleLogoutService[^>]*\/>/, ''));
    const local = await createTestApp({ db, env: { SAML_IDP_METADATA: file } });
    const agent = request.agent(local.app);
    const { requestId } = await startLogin(agent);
    const person = await db.prisma.devIdpPerson.findUniqueOrThrow({ where: { insz: JAN } });
    const identity = await identityOf(db.prisma, person.id);
    if (!identity) throw new Error('no identity');
    const xml = signedResponse(
      {
        issuer: idp.entityId,
        destination: local.identity.sp.acsUrl,
        recipient: local.identity.sp.acsUrl,
        audience: local.identity.sp.entityId,
        inResponseTo: requestId,
        nameId: JAN,
        attributes: attributesFromIdentity(identity),
      },
      idpKeys,
    );
    expect((await agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: Buffer.from(xml).toString('base64') })).status).toBe(303);
    expect((await agent.get('/mijn-organisatie')).status).toBe(200);
    const out = await logOut(agent);
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/?afgemeld=1');
    expect((await agent.get('/mijn-organisatie')).status).toBe(302);
  });
});

describe('single logout started at the identity provider', () => {
  async function idpLogout(browser: ReturnType<typeof request.agent>, sessionIndex: string) {
    const page = await browser.get('/dev/idp/sessies');
    expect(page.status).toBe(200);
    const session = await db.prisma.devIdpSession.findUniqueOrThrow({ where: { sessionIndex } });
    expect(page.text).toContain(session.sessionIndex);
    const started = await browser.post('/dev/idp/sessies/afmelden').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), sessionId: session.id });
    expect(started.status).toBe(303);
    expect(new URL(started.headers.location ?? '').pathname).toBe('/auth/saml/slo');
    return started;
  }

  it('ends the portal session of that login, even from a browser without any portal session', async () => {
    const victim = request.agent(app);
    const other = request.agent(app);
    await loginAs(victim, db.prisma, JAN);
    const victimIndex = (await db.prisma.devIdpSession.findFirstOrThrow({ where: { nameId: JAN, endedAt: null }, orderBy: { createdAt: 'desc' } })).sessionIndex;
    await loginAs(other, db.prisma, JAN);
    const sessionsBefore = await janSessions();

    const idpBrowser = request.agent(app);
    const started = await idpLogout(idpBrowser, victimIndex);
    const atPortal = await idpBrowser.get(pathOf(started.headers.location));
    // The portal answers with a signed LogoutResponse to the identity provider's SLO endpoint.
    expect(atPortal.status).toBe(303);
    const answer = new URL(atPortal.headers.location ?? '');
    expect(answer.pathname).toBe('/dev/idp/slo');
    expect(verifyRedirectMessage(rawQueryOf(answer.href), (await spMetadata()).signingCertificates).xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    const done = await idpBrowser.get(pathOf(atPortal.headers.location));
    expect(done.status).toBe(200);
    expect(done.text).toContain('U bent afgemeld bij de identiteitsprovider');

    expect(await isLoggedIn(victim)).toBe(false);
    expect(await isLoggedIn(other)).toBe(true);
    expect(await janSessions()).toBe(sessionsBefore - 1);
  });

  it('ends the session of the browser it arrives in when that is the login it names', async () => {
    const browser = request.agent(app);
    await loginAs(browser, db.prisma, JAN);
    const index = (await db.prisma.devIdpSession.findFirstOrThrow({ where: { nameId: JAN, endedAt: null }, orderBy: { createdAt: 'desc' } })).sessionIndex;
    const started = await idpLogout(browser, index);
    const atPortal = await browser.get(pathOf(started.headers.location));
    expect(String(atPortal.headers['set-cookie'])).toMatch(/eloket=;.*Expires=Thu, 01 Jan 1970/);
    const done = await followLogout(browser, atPortal.headers.location);
    expect(done.text).toContain('U bent afgemeld bij de identiteitsprovider');
    expect(await isLoggedIn(browser)).toBe(false);
  });
});
