// RSA key pairs with a self-signed certificate: for the SAML messages the
// portal (and, outside production, the development identity provider) signs,
// and for the assertions identity providers encrypt to the portal. In
// development they are generated on first start under ELOKET_DATA_DIR (never
// committed, their certificates named "development") and reused afterwards;
// production configures its own.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { join } from 'node:path';

export interface SigningKeys {
  privateKey: string;
  certificate: string;
}

export async function generateSigningKeys(commonName: string): Promise<SigningKeys> {
  // Loaded here, not with the portal: with its ASN.1 libraries some 170 files, needed on a first start only.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256', notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000) });
  return { privateKey: pems.private, certificate: pems.cert };
}

/** The keys in `dir` (`<use>-key.pem`, `<use>-cert.pem`), generated there when absent. */
export async function loadOrCreateSigningKeys(dir: string, commonName: string, use: 'signing' | 'encryption' = 'signing'): Promise<SigningKeys> {
  const keyFile = join(dir, `${use}-key.pem`);
  const certFile = join(dir, `${use}-cert.pem`);
  if (existsSync(keyFile) && existsSync(certFile)) {
    return { privateKey: await readFile(keyFile, 'utf8'), certificate: await readFile(certFile, 'utf8') };
  }
  const keys = await generateSigningKeys(commonName);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyFile, keys.privateKey, { mode: 0o600 });
  await writeFile(certFile, keys.certificate, { mode: 0o644 });
  return keys;
}

/** Reads a configured key pair; refuses files that are not a PEM key and certificate that belong together. */
export async function readSigningKeys(keyFile: string, certFile: string): Promise<SigningKeys> {
  const keys = { privateKey: await readFile(keyFile, 'utf8'), certificate: await readFile(certFile, 'utf8') };
  const fromKey = createPublicKey(createPrivateKey(keys.privateKey)).export({ type: 'spki', format: 'pem' });
  const fromCert = new X509Certificate(keys.certificate).publicKey.export({ type: 'spki', format: 'pem' });
  if (fromKey !== fromCert) throw new Error(`${keyFile} is not the private key of the certificate in ${certFile}`);
  return keys;
}

/** The base64 DER body of a PEM certificate, as metadata and KeyInfo carry it. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/** A PEM certificate from the base64 DER body that metadata carries. */
export function certificatePem(base64Der: string): string {
  const lines = base64Der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
