// The development identity provider knows the portal only from its published
// metadata (/auth/saml/metadata), as a real identity provider would: entity
// ID, assertion consumer, single logout service and signing certificates.
import { elementsByLocalName, parseUntrustedXml } from '../../auth/xml.js';
import { certificatePem } from '../../auth/signing-keys.js';

export interface ServiceProviderInfo {
  entityId: string;
  acsUrl: string;
  sloUrl: string | undefined;
  /** PEM certificates the service provider signs its requests with. */
  signingCertificates: string[];
  /** PEM certificates assertions may be encrypted to (KeyDescriptor use="encryption"). */
  encryptionCertificates: string[];
}

const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export function parseSpMetadata(xml: string): ServiceProviderInfo {
  const doc = parseUntrustedXml(xml);
  const entityId = doc.documentElement?.getAttribute('entityID');
  const sp = elementsByLocalName(doc, 'SPSSODescriptor')[0];
  const acsUrl = sp ? elementsByLocalName(sp, 'AssertionConsumerService')[0]?.getAttribute('Location') : undefined;
  if (!entityId || !sp || !acsUrl) throw new Error('SP metadata: no entity ID, SPSSODescriptor or AssertionConsumerService');
  const sloUrl = elementsByLocalName(sp, 'SingleLogoutService').find((e) => e.getAttribute('Binding') === REDIRECT_BINDING)?.getAttribute('Location') ?? undefined;
  // A KeyDescriptor without `use` serves both purposes.
  const certificates = (use: 'signing' | 'encryption') =>
    elementsByLocalName(sp, 'KeyDescriptor')
      .filter((k) => (k.getAttribute('use') ?? use) === use)
      .flatMap((k) => elementsByLocalName(k, 'X509Certificate'))
      .map((c) => certificatePem((c.textContent ?? '').replace(/\s+/g, '')));
  return { entityId, acsUrl, sloUrl, signingCertificates: certificates('signing'), encryptionCertificates: certificates('encryption') };
}
