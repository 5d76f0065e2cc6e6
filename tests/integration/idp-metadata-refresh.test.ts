// Production identity provider metadata from a URL, read again periodically:
// new keys take effect without a restart, and a refresh that fails or yields
// unusable metadata keeps the last good copy (and says so in the log).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { memoryLogger, startLogin } from '../helpers/login.js';
import { generateSigningKeys, type SigningKeys } from '../../src/auth/signing-keys.js';
import { DevIdentityProvider } from '../../src/dev/idp/identity-provider.js';
import { signedResponse } from '../../src/dev/idp/saml-response.js';
import { attributesFromIdentity } from '../../src/auth/attributes.js';
import { loadIdpMetadata } from '../../src/auth/idp-metadata.js';

const IDP = 'https://idp.example';
const served = { status: 200, body: '' };
const server = createServer((_req, res) => {
  res.writeHead(served.status, { 'content-type': 'application/samlmetadata+xml' });
  res.end(served.body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const oldKeys = await generateSigningKeys('identity provider, old key');
const newKeys = await generateSigningKeys('identity provider, new key');
served.body = new DevIdentityProvider(IDP, oldKeys).metadataXml();

const memory = memoryLogger();
const { app, identity } = await createTestApp({ logger: memory.logger, env: { SAML_IDP_METADATA: metadataUrl, SAML_IDP_METADATA_REFRESH_MINUTES: '60' } });
const metadata = identity.idpMetadata;
const sp = identity.sp;

const attributes = attributesFromIdentity({ insz: '85092305734', givenName: 'Jan', surname: 'Claes', facilityRights: [], teams: [] });

/** A login answered by the identity provider with `keys`; the portal's status code (303 logged in, 401 refused). */
async function loginSignedWith(keys: SigningKeys): Promise<number> {
  const agent = request.agent(app);
  const { requestId } = await startLogin(agent);
  const xml = signedResponse(
    { issuer: `${IDP}/dev/idp`, destination: sp.acsUrl, recipient: sp.acsUrl, audience: sp.entityId, inResponseTo: requestId, nameId: '85092305734', attributes },
    keys,
  );
  const response = await agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: Buffer.from(xml).toString('base64') });
  return response.status;
}

const refreshFailures = () => memory.lines().filter((l) => l.msg === 'identity provider metadata refresh failed: keeping the last good copy');

describe('identity provider metadata, refreshed', () => {
  beforeAll(() => {
    if (!metadata) throw new Error('no refreshed metadata');
  });

  it('trusts the key in the metadata it read at start-up', async () => {
    // 303 to /geen-toegang: verified and logged in as a person without facility rights.
    expect(await loginSignedWith(oldKeys)).toBe(303);
    expect(await loginSignedWith(newKeys)).toBe(401);
  });

  it('takes a new key from refreshed metadata without a restart, and no longer trusts the old one', async () => {
    served.body = new DevIdentityProvider(IDP, newKeys).metadataXml();
    expect(await metadata?.refresh()).toBe(true);
    expect(await loginSignedWith(newKeys)).toBe(303);
    expect(await loginSignedWith(oldKeys)).toBe(401);
  });

  it.each([
    ['the server fails', 500, () => 'oops'],
    ['the metadata is not XML', 200, () => 'not metadata at all'],
    ['the metadata has no signing certificate', 200, () => new DevIdentityProvider(IDP, newKeys).metadataXml().replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, '')],
    ['the metadata describes another identity provider', 200, () => new DevIdentityProvider('https://evil-idp.example', oldKeys).metadataXml()],
  ])('keeps the last good copy when %s, and logs it', async (_name, status, body) => {
    const failuresBefore = refreshFailures().length;
    served.status = status;
    served.body = body();
    try {
      expect(await metadata?.refresh()).toBe(false);
      expect(refreshFailures()).toHaveLength(failuresBefore + 1);
      expect(await loginSignedWith(newKeys)).toBe(303);
      expect(await loginSignedWith(oldKeys)).toBe(401);
    } finally {
      served.status = 200;
      served.body = new DevIdentityProvider(IDP, newKeys).metadataXml();
    }
  });

  it('sends new logins to a changed SingleSignOnService', async () => {
    served.body = new DevIdentityProvider(IDP, newKeys).metadataXml().replace(`${IDP}/dev/idp/sso`, `${IDP}/nieuw/sso`);
    expect(await metadata?.refresh()).toBe(true);
    const login = await request(app).get('/auth/login');
    expect(new URL(login.headers.location ?? '').pathname).toBe('/nieuw/sso');
  });

  it('lets the logout form continue to the identity provider (CSP form-action)', async () => {
    const csp = String((await request(app).get('/auth/logout')).headers['content-security-policy']);
    expect(csp).toContain(`form-action 'self' ${IDP};`);
  });

  it('reads metadata over plain http only from this machine', async () => {
    await expect(loadIdpMetadata('http://idp.example/metadata')).rejects.toThrow('use a file path or an https URL');
    await expect(loadIdpMetadata(metadataUrl)).resolves.toMatchObject({ entityId: `${IDP}/dev/idp` });
  });
});
