// SAML 2.0 Responses as an identity provider issues them: built as XML,
// then the assertion and the response each get an enveloped RSA-SHA256
// signature (xml-crypto); the signed assertion may be encrypted to the
// service provider's encryption certificate (xml-encryption, RSA-OAEP and
// AES) before the response is signed. Status, SessionIndex and algorithms can
// be set. Also used by the attack tests to build responses that are wrong in
// exactly one way.
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { SignedXml } from 'xml-crypto';
import xmlenc, { type KeyEncryptionAlgorithm } from 'xml-encryption';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { attributesFromIdentity } from '../../auth/attributes.js';
import { AES256_CBC, AES256_GCM, RSA_OAEP_MGF1P, RSA_SHA256, SHA256 } from '../../auth/algorithms.js';
import type { SigningKeys } from '../../auth/signing-keys.js';

export interface ResponseParams {
  issuer: string;
  destination: string;
  recipient: string;
  audience: string;
  inResponseTo: string | undefined;
  nameId: string;
  attributes: ReturnType<typeof attributesFromIdentity>;
  now?: Date;
  /** How long the assertion is valid. */
  validForMs?: number;
  notBefore?: Date;
  /** The response's StatusCode; Success unless a test says otherwise. */
  statusCode?: string;
  /** The assertion's SessionIndex; a fresh one unless given. */
  sessionIndex?: string;
  /** The NameID's attributes besides its Format (for tests of single logout). */
  nameQualifier?: string;
  spNameQualifier?: string;
}

/** The algorithms of an XML signature; RSA-SHA256 and SHA-256 unless a test asks for others. */
export interface SignatureAlgorithms {
  signature: string;
  digest: string;
}

const DEFAULT_ALGORITHMS: SignatureAlgorithms = { signature: RSA_SHA256, digest: SHA256 };

const escape = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export const samlId = (): string => `_${randomBytes(20).toString('hex')}`;

export function buildResponseXml(p: ResponseParams): string {
  const now = p.now ?? new Date();
  const notBefore = (p.notBefore ?? new Date(now.getTime() - 30_000)).toISOString();
  const notOnOrAfter = new Date(now.getTime() + (p.validForMs ?? 5 * 60_000)).toISOString();
  const instant = now.toISOString();
  const inResponseTo = p.inResponseTo ? ` InResponseTo="${escape(p.inResponseTo)}"` : '';
  const attributes = p.attributes
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${values
          .map((v) => `<saml:AttributeValue>${escape(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${samlId()}" Version="2.0" IssueInstant="${instant}" Destination="${escape(p.destination)}"${inResponseTo}>` +
    `<saml:Issuer>${escape(p.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escape(p.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success')}"/></samlp:Status>` +
    `<saml:Assertion ID="${samlId()}" Version="2.0" IssueInstant="${instant}">` +
    `<saml:Issuer>${escape(p.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"` +
    (p.nameQualifier ? ` NameQualifier="${escape(p.nameQualifier)}"` : '') +
    (p.spNameQualifier ? ` SPNameQualifier="${escape(p.spNameQualifier)}"` : '') +
    `>${escape(p.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${inResponseTo} Recipient="${escape(p.recipient)}" NotOnOrAfter="${notOnOrAfter}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}">` +
    `<saml:AudienceRestriction><saml:Audience>${escape(p.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${instant}" SessionIndex="${escape(p.sessionIndex ?? samlId())}"><saml:AuthnContext>` +
    `<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef>` +
    `</saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion></samlp:Response>`
  );
}

const RESPONSE = "/*[local-name(.)='Response']";
const ASSERTION = `${RESPONSE}/*[local-name(.)='Assertion']`;

/** Adds an enveloped signature over the response's assertion or over the response itself, after its Issuer. */
export function signElement(xml: string, element: 'assertion' | 'response', keys: SigningKeys, algorithms = DEFAULT_ALGORITHMS): string {
  const target = element === 'assertion' ? ASSERTION : RESPONSE;
  const signature = new SignedXml({
    privateKey: keys.privateKey,
    publicCert: keys.certificate,
    signatureAlgorithm: algorithms.signature,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signature.addReference({
    xpath: target,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: algorithms.digest,
  });
  signature.computeSignature(xml, { prefix: 'ds', location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signature.getSignedXml();
}

/** A response as the identity provider sends it: assertion signed, then the whole response signed. */
export function signedResponse(params: ResponseParams, keys: SigningKeys, algorithms = DEFAULT_ALGORITHMS): string {
  return signElement(signElement(buildResponseXml(params), 'assertion', keys, algorithms), 'response', keys, algorithms);
}

/** How an assertion is encrypted: to which certificate, with which content encryption (RSA-OAEP key transport unless a test says otherwise). */
export interface AssertionEncryption {
  /** The service provider's encryption certificate (PEM). */
  certificate: string;
  content: 'aes256-gcm' | 'aes256-cbc';
  /** Only for tests of refusals. */
  keyTransport?: KeyEncryptionAlgorithm;
}

const CONTENT_ALGORITHMS = { 'aes256-gcm': AES256_GCM, 'aes256-cbc': AES256_CBC } as const;
const encrypt = promisify(xmlenc.encrypt);

/** Replaces the response's assertion (signed or not) by an EncryptedAssertion holding it. */
export async function encryptAssertion(xml: string, encryption: AssertionEncryption): Promise<string> {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  const assertion = root ? (Array.from(root.childNodes).find((n) => (n as Element).localName === 'Assertion') as Element | undefined) : undefined;
  if (!root || !assertion) throw new Error('no assertion to encrypt');
  const encryptedData = await encrypt(new XMLSerializer().serializeToString(assertion), {
    rsa_pub: encryption.certificate,
    pem: encryption.certificate,
    encryptionAlgorithm: CONTENT_ALGORITHMS[encryption.content],
    keyEncryptionAlgorithm: encryption.keyTransport ?? RSA_OAEP_MGF1P,
    warnInsecureAlgorithm: false,
  });
  const wrapper = new DOMParser().parseFromString(
    `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${encryptedData}</saml:EncryptedAssertion>`,
    'text/xml',
  ).documentElement;
  if (!wrapper) throw new Error('xml-encryption made no EncryptedData');
  root.replaceChild(doc.importNode(wrapper, true), assertion);
  return new XMLSerializer().serializeToString(doc);
}

/** A response as an identity provider that encrypts sends it: assertion signed, then encrypted, then the whole response signed. */
export async function signedEncryptedResponse(
  params: ResponseParams,
  keys: SigningKeys,
  encryption: AssertionEncryption,
  options: { signAssertion?: boolean } = {},
): Promise<string> {
  const xml = buildResponseXml(params);
  const encrypted = await encryptAssertion(options.signAssertion === false ? xml : signElement(xml, 'assertion', keys), encryption);
  return signElement(encrypted, 'response', keys);
}

const PROTOCOL_NS = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"';

export interface LogoutRequestParams {
  id?: string;
  issuer: string;
  destination: string;
  nameId: string;
  /** Absent: every session of the NameID. */
  sessionIndex?: string | undefined;
  issueInstant?: Date;
}

/** A LogoutRequest (SAML core 3.7.1), unsigned: the HTTP-Redirect binding signs the query. */
export function logoutRequestXml(p: LogoutRequestParams): string {
  return (
    `<samlp:LogoutRequest ${PROTOCOL_NS} ID="${escape(p.id ?? samlId())}" Version="2.0"` +
    ` IssueInstant="${(p.issueInstant ?? new Date()).toISOString()}" Destination="${escape(p.destination)}">` +
    `<saml:Issuer>${escape(p.issuer)}</saml:Issuer>` +
    `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${escape(p.nameId)}</saml:NameID>` +
    (p.sessionIndex ? `<samlp:SessionIndex>${escape(p.sessionIndex)}</samlp:SessionIndex>` : '') +
    `</samlp:LogoutRequest>`
  );
}

export interface LogoutResponseParams {
  id?: string;
  issuer: string;
  destination: string;
  inResponseTo: string | undefined;
  statusCode?: string;
  issueInstant?: Date;
}

/** A LogoutResponse, unsigned: the HTTP-Redirect binding signs the query. */
export function logoutResponseXml(p: LogoutResponseParams): string {
  const inResponseTo = p.inResponseTo ? ` InResponseTo="${escape(p.inResponseTo)}"` : '';
  return (
    `<samlp:LogoutResponse ${PROTOCOL_NS} ID="${escape(p.id ?? samlId())}" Version="2.0"` +
    ` IssueInstant="${(p.issueInstant ?? new Date()).toISOString()}" Destination="${escape(p.destination)}"${inResponseTo}>` +
    `<saml:Issuer>${escape(p.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escape(p.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success')}"/></samlp:Status>` +
    `</samlp:LogoutResponse>`
  );
}
