// The signature and digest algorithms the portal accepts from an identity
// provider, in XML signatures and in the HTTP-Redirect binding's SigAlg.
// SHA-1 is refused: node-saml and xml-crypto would accept it.
import type { Document, Element } from '@xmldom/xmldom';
import { elementsByLocalName } from './xml.js';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export const ACCEPTED_SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set([RSA_SHA256, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512']);
export const ACCEPTED_DIGEST_ALGORITHMS: ReadonlySet<string> = new Set([SHA256, 'http://www.w3.org/2001/04/xmlenc#sha512']);

/** The first refused algorithm in any XML signature of the document, or undefined when all are accepted. */
export function refusedXmlSignatureAlgorithm(node: Document | Element): string | undefined {
  const check = (localName: string, accepted: ReadonlySet<string>) =>
    elementsByLocalName(node, localName)
      .map((e) => e.getAttribute('Algorithm') ?? '(none)')
      .find((algorithm) => !accepted.has(algorithm));
  return check('SignatureMethod', ACCEPTED_SIGNATURE_ALGORITHMS) ?? check('DigestMethod', ACCEPTED_DIGEST_ALGORITHMS);
}
