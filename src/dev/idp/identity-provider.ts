// The development identity provider (M4): issues real signed SAML responses
// for the people in its directory. Mounted only outside production.
import { inflateRawSync } from 'node:zlib';
import type { PrismaClient } from '../../db/client.js';
import { attributesFromIdentity } from '../../auth/attributes.js';
import { parseUntrustedXml } from '../../auth/xml.js';
import { certificateBody, type SigningKeys } from '../../auth/signing-keys.js';
import { identityOf } from './directory.js';
import { signedResponse } from './saml-response.js';

export interface AuthnRequestInfo {
  id: string;
  issuer: string;
  acsUrl: string;
}

export class DevIdentityProvider {
  readonly entityId: string;
  readonly ssoUrl: string;

  constructor(
    baseUrl: string,
    private readonly keys: SigningKeys,
  ) {
    this.entityId = `${baseUrl}/dev/idp`;
    this.ssoUrl = `${baseUrl}/dev/idp/sso`;
  }

  metadataXml(): string {
    return (
      `<?xml version="1.0" encoding="UTF-8"?>` +
      `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${this.entityId}">` +
      `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(this.keys.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${this.ssoUrl}"/>` +
      `</md:IDPSSODescriptor></md:EntityDescriptor>`
    );
  }

  /** Reads an AuthnRequest sent with the HTTP-Redirect binding (deflated, base64). */
  parseAuthnRequest(samlRequest: string): AuthnRequestInfo {
    const xml = inflateRawSync(Buffer.from(samlRequest, 'base64'), { maxOutputLength: 64 * 1024 }).toString('utf8');
    const request = parseUntrustedXml(xml).documentElement;
    if (request?.localName !== 'AuthnRequest') throw new Error('not an AuthnRequest');
    const id = request.getAttribute('ID');
    const acsUrl = request.getAttribute('AssertionConsumerServiceURL');
    const issuer = Array.from(request.childNodes).find((n) => (n as { localName?: string }).localName === 'Issuer')?.textContent;
    if (!id || !acsUrl || !issuer) throw new Error('AuthnRequest without ID, AssertionConsumerServiceURL or Issuer');
    return { id, issuer, acsUrl };
  }

  /** A signed response for a person, answering a request; undefined for an unknown person. */
  async respond(
    prisma: PrismaClient,
    personId: number,
    request: { id: string; acsUrl: string; audience: string },
  ): Promise<string | undefined> {
    const identity = await identityOf(prisma, personId);
    if (!identity) return undefined;
    const xml = signedResponse(
      {
        issuer: this.entityId,
        destination: request.acsUrl,
        recipient: request.acsUrl,
        audience: request.audience,
        inResponseTo: request.id,
        nameId: identity.insz,
        attributes: attributesFromIdentity(identity),
      },
      this.keys,
    );
    return Buffer.from(xml, 'utf8').toString('base64');
  }
}
