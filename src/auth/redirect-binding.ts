// The SAML HTTP-Redirect binding (SAML 2.0 bindings, 3.4): a message deflated
// and base64-encoded in the query, signed over the query parameters exactly as
// they were sent. Shared by the portal (a strict check before node-saml reads
// a logout message) and the development identity provider (which plays the
// other side). node-saml alone would accept an unsigned message and RSA-SHA1.
import { createSign, createVerify } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ACCEPTED_SIGNATURE_ALGORITHMS, RSA_SHA256 } from './algorithms.js';

export type MessageParameter = 'SAMLRequest' | 'SAMLResponse';

/** The query string's size limit; a larger one is refused before anything is decoded. */
export const MAX_REDIRECT_QUERY = 16 * 1024;
const MAX_INFLATED = 64 * 1024;

const NODE_ALGORITHMS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'RSA-SHA1',
  [RSA_SHA256]: 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
};

export class RedirectBindingError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RedirectBindingError';
  }
}

export function encodeRedirectMessage(xml: string): string {
  return deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
}

export function decodeRedirectMessage(base64: string): string {
  try {
    return inflateRawSync(Buffer.from(base64, 'base64'), { maxOutputLength: MAX_INFLATED }).toString('utf8');
  } catch (error) {
    throw new RedirectBindingError(`undecodable message: ${(error as Error).message}`);
  }
}

/** `location` with a signed message in its query. `sigAlg` other than RSA-SHA256 only for tests of refusals. */
export function signedRedirectUrl(
  location: string,
  message: { parameter: MessageParameter; xml: string; relayState?: string | undefined },
  privateKey: string,
  sigAlg = RSA_SHA256,
): string {
  const nodeAlgorithm = NODE_ALGORITHMS[sigAlg];
  if (!nodeAlgorithm) throw new Error(`cannot sign with ${sigAlg}`);
  const parts = [`${message.parameter}=${encodeURIComponent(encodeRedirectMessage(message.xml))}`];
  if (message.relayState) parts.push(`RelayState=${encodeURIComponent(message.relayState)}`);
  parts.push(`SigAlg=${encodeURIComponent(sigAlg)}`);
  const signed = parts.join('&');
  const signature = createSign(nodeAlgorithm).update(signed).sign(privateKey, 'base64');
  return `${location}${location.includes('?') ? '&' : '?'}${signed}&Signature=${encodeURIComponent(signature)}`;
}

export interface VerifiedRedirectMessage {
  parameter: MessageParameter;
  xml: string;
  relayState: string | undefined;
}

/** The message carried no SigAlg or Signature at all. */
export class UnsignedMessageError extends RedirectBindingError {}

const formDecode = (value: string): string => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new RedirectBindingError('malformed query encoding');
  }
};

/**
 * Checks the signature of a message received with the HTTP-Redirect binding
 * against any of `certificates` (PEM), over the raw query as sent. Refuses an
 * unsigned message, a refused algorithm (SHA-1), and repeated parameters.
 */
export function verifyRedirectMessage(rawQuery: string, certificates: string[]): VerifiedRedirectMessage {
  if (rawQuery.length > MAX_REDIRECT_QUERY) throw new RedirectBindingError('query too large');
  const raw = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    if (raw.has(name)) throw new RedirectBindingError(`parameter ${name} repeated`);
    raw.set(name, at < 0 ? '' : pair.slice(at + 1));
  }
  const parameters = (['SAMLRequest', 'SAMLResponse'] as const).filter((p) => raw.has(p));
  const parameter = parameters[0];
  if (parameters.length !== 1 || parameter === undefined) throw new RedirectBindingError('expected one SAMLRequest or SAMLResponse');
  const sigAlgRaw = raw.get('SigAlg');
  const signatureRaw = raw.get('Signature');
  if (!sigAlgRaw || !signatureRaw) throw new UnsignedMessageError(`unsigned ${parameter}`);
  const sigAlg = formDecode(sigAlgRaw);
  const nodeAlgorithm = NODE_ALGORITHMS[sigAlg];
  if (!ACCEPTED_SIGNATURE_ALGORITHMS.has(sigAlg) || !nodeAlgorithm) throw new RedirectBindingError(`refused signature algorithm ${sigAlg}`);
  const relayStateRaw = raw.get('RelayState');
  const signed = [`${parameter}=${raw.get(parameter) ?? ''}`, ...(relayStateRaw === undefined ? [] : [`RelayState=${relayStateRaw}`]), `SigAlg=${sigAlgRaw}`].join('&');
  const signature = Buffer.from(formDecode(signatureRaw), 'base64');
  const valid = certificates.some((certificate) => createVerify(nodeAlgorithm).update(signed).verify(certificate, signature));
  if (!valid) throw new RedirectBindingError('invalid signature');
  return { parameter, xml: decodeRedirectMessage(formDecode(raw.get(parameter) ?? '')), relayState: relayStateRaw === undefined ? undefined : formDecode(relayStateRaw) };
}

/** The raw query of a request URL (what the signature covers), without the leading "?". */
export function rawQueryOf(originalUrl: string): string {
  const at = originalUrl.indexOf('?');
  return at < 0 ? '' : originalUrl.slice(at + 1);
}
