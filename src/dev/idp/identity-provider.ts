// The development identity provider (M4): issues real signed SAML responses
// for the people in its directory (with DEV_IDP_ENCRYPTION, their assertions
// encrypted to the portal's published encryption certificate), accepts only AuthnRequests signed with the
// key in the portal's metadata, and supports single logout (HTTP-Redirect)
// in both directions. Mounted only outside production.
import type { PrismaClient } from '../../db/client.js';
import { attributesFromIdentity } from '../../auth/attributes.js';
import { childElements, parseUntrustedXml } from '../../auth/xml.js';
import { signedRedirectUrl, verifyRedirectMessage } from '../../auth/redirect-binding.js';
import { certificateBody, type SigningKeys } from '../../auth/signing-keys.js';
import { identityOf } from './directory.js';
import { logoutRequestXml, logoutResponseXml, samlId, signedEncryptedResponse, signedResponse } from './saml-response.js';
import type { ServiceProviderInfo } from './sp-metadata.js';

const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export interface AuthnRequestInfo {
  id: string;
  issuer: string;
  acsUrl: string;
  relayState: string | undefined;
}

/** A logout message from the service provider, signature checked. */
export type SpLogoutMessage =
  | { kind: 'request'; id: string; nameId: string; sessionIndex: string | undefined; relayState: string | undefined }
  | { kind: 'response'; inResponseTo: string; success: boolean };

export class DevIdentityProvider {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly sloUrl: string;

  constructor(
    baseUrl: string,
    private readonly keys: SigningKeys,
    private readonly encryption: 'none' | 'aes256-gcm' | 'aes256-cbc' = 'none',
  ) {
    this.entityId = `${baseUrl}/dev/idp`;
    this.ssoUrl = `${baseUrl}/dev/idp/sso`;
    this.sloUrl = `${baseUrl}/dev/idp/slo`;
  }

  metadataXml(): string {
    return (
      `<?xml version="1.0" encoding="UTF-8"?>` +
      `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${this.entityId}">` +
      `<md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(this.keys.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
      `<md:SingleLogoutService Binding="${REDIRECT_BINDING}" Location="${this.sloUrl}"/>` +
      `<md:SingleSignOnService Binding="${REDIRECT_BINDING}" Location="${this.ssoUrl}"/>` +
      `</md:IDPSSODescriptor></md:EntityDescriptor>`
    );
  }

  /** Verifies (signature by the service provider) and reads an AuthnRequest sent with the HTTP-Redirect binding. */
  readAuthnRequest(rawQuery: string, sp: ServiceProviderInfo): AuthnRequestInfo {
    const message = verifyRedirectMessage(rawQuery, sp.signingCertificates);
    const request = parseUntrustedXml(message.xml).documentElement;
    if (message.parameter !== 'SAMLRequest' || request?.localName !== 'AuthnRequest') throw new Error('not an AuthnRequest');
    const id = request.getAttribute('ID');
    const acsUrl = request.getAttribute('AssertionConsumerServiceURL');
    const issuer = childElements(request, 'Issuer')[0]?.textContent;
    if (!id || !acsUrl || !issuer) throw new Error('AuthnRequest without ID, AssertionConsumerServiceURL or Issuer');
    if (acsUrl !== sp.acsUrl || issuer !== sp.entityId) throw new Error('unknown service provider');
    return { id, issuer, acsUrl, relayState: message.relayState };
  }

  /** A signed response for a person in an IdP session, answering a request; undefined for an unknown person. */
  async respond(
    prisma: PrismaClient,
    personId: number,
    request: { id: string; acsUrl: string; audience: string; sessionIndex: string; encryptionCertificate: string | undefined },
  ): Promise<string | undefined> {
    const identity = await identityOf(prisma, personId);
    if (!identity) return undefined;
    const params = {
        issuer: this.entityId,
        destination: request.acsUrl,
        recipient: request.acsUrl,
        audience: request.audience,
        inResponseTo: request.id,
        nameId: identity.insz,
        sessionIndex: request.sessionIndex,
        attributes: attributesFromIdentity(identity),
    };
    if (this.encryption !== 'none' && !request.encryptionCertificate) throw new Error('DEV_IDP_ENCRYPTION is set but the portal publishes no encryption certificate');
    const xml =
      this.encryption !== 'none' && request.encryptionCertificate
        ? await signedEncryptedResponse(params, this.keys, { certificate: request.encryptionCertificate, content: this.encryption })
        : signedResponse(params, this.keys);
    return Buffer.from(xml, 'utf8').toString('base64');
  }

  /** Verifies and reads a LogoutRequest or LogoutResponse from the service provider. */
  readLogoutMessage(rawQuery: string, sp: ServiceProviderInfo): SpLogoutMessage {
    const message = verifyRedirectMessage(rawQuery, sp.signingCertificates);
    const root = parseUntrustedXml(message.xml).documentElement;
    if (!root || childElements(root, 'Issuer')[0]?.textContent?.trim() !== sp.entityId) throw new Error('logout message from an unknown issuer');
    if (root.getAttribute('Destination') !== this.sloUrl) throw new Error('logout message for another destination');
    if (message.parameter === 'SAMLRequest' && root.localName === 'LogoutRequest') {
      const id = root.getAttribute('ID');
      const nameId = childElements(root, 'NameID')[0]?.textContent?.trim();
      if (!id || !nameId) throw new Error('LogoutRequest without ID or NameID');
      return { kind: 'request', id, nameId, sessionIndex: childElements(root, 'SessionIndex')[0]?.textContent?.trim(), relayState: message.relayState };
    }
    if (message.parameter === 'SAMLResponse' && root.localName === 'LogoutResponse') {
      const inResponseTo = root.getAttribute('InResponseTo');
      if (!inResponseTo) throw new Error('LogoutResponse without InResponseTo');
      const status = childElements(root, 'Status')[0];
      const code = status ? childElements(status, 'StatusCode')[0]?.getAttribute('Value') : undefined;
      return { kind: 'response', inResponseTo, success: code === SUCCESS };
    }
    throw new Error(`unexpected ${message.parameter}`);
  }

  /** The signed LogoutResponse to the service provider's LogoutRequest. */
  logoutResponseUrl(sp: ServiceProviderInfo & { sloUrl: string }, inResponseTo: string, relayState: string | undefined): string {
    const xml = logoutResponseXml({ issuer: this.entityId, destination: sp.sloUrl, inResponseTo });
    return signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLResponse', xml, relayState }, this.keys.privateKey);
  }

  /** An IdP-initiated, signed LogoutRequest for one IdP session; returns its ID too. */
  logoutRequestUrl(sp: ServiceProviderInfo & { sloUrl: string }, session: { nameId: string; sessionIndex: string }): { url: string; id: string } {
    const id = samlId();
    const xml = logoutRequestXml({ id, issuer: this.entityId, destination: sp.sloUrl, nameId: session.nameId, sessionIndex: session.sessionIndex });
    return { id, url: signedRedirectUrl(sp.sloUrl, { parameter: 'SAMLRequest', xml }, this.keys.privateKey) };
  }
}
