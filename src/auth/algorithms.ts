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
  // A DigestMethod also names RSA-OAEP's hash inside an EncryptedKey; only those of signature references count here.
  const check = (localName: string, accepted: ReadonlySet<string>, parent?: string) =>
    elementsByLocalName(node, localName)
      .filter((e) => parent === undefined || (e.parentNode as Element | null)?.localName === parent)
      .map((e) => e.getAttribute('Algorithm') ?? '(none)')
      .find((algorithm) => !accepted.has(algorithm));
  return check('SignatureMethod', ACCEPTED_SIGNATURE_ALGORITHMS) ?? check('DigestMethod', ACCEPTED_DIGEST_ALGORITHMS, 'Reference');
}

export const RSA_OAEP_MGF1P = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';
export const AES256_GCM = 'http://www.w3.org/2009/xmlenc11#aes256-gcm';
export const AES256_CBC = 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';

// Encrypted assertions: RSA-OAEP key transport only (RSA PKCS#1 v1.5 allows
// Bleichenbacher's attack), AES content encryption (never triple DES).
// xml-encryption, which node-saml decrypts with, would accept both.
export const ACCEPTED_KEY_TRANSPORT_ALGORITHMS: ReadonlySet<string> = new Set([RSA_OAEP_MGF1P]);
export const ACCEPTED_CONTENT_ENCRYPTION_ALGORITHMS: ReadonlySet<string> = new Set([
  AES256_GCM,
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  AES256_CBC,
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
]);

/** The first refused algorithm in an EncryptedAssertion (its EncryptedData and EncryptedKey), or undefined. */
export function refusedEncryptionAlgorithm(encryptedAssertion: Element): string | undefined {
  const methods = elementsByLocalName(encryptedAssertion, 'EncryptionMethod');
  const inKey = (e: Element) => (e.parentNode as Element | null)?.localName === 'EncryptedKey';
  const dataMethods = methods.filter((e) => !inKey(e));
  const keyMethods = methods.filter(inKey);
  if (dataMethods.length === 0 || keyMethods.length === 0) return '(none)';
  const algorithm = (e: Element) => e.getAttribute('Algorithm') ?? '(none)';
  return (
    dataMethods.map(algorithm).find((a) => !ACCEPTED_CONTENT_ENCRYPTION_ALGORITHMS.has(a)) ??
    keyMethods.map(algorithm).find((a) => !ACCEPTED_KEY_TRANSPORT_ALGORITHMS.has(a))
  );
}
