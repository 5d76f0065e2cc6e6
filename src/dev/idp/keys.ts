// The development identity provider's signing key and self-signed
// certificate: generated on first start under ELOKET_DATA_DIR (never
// committed), reused afterwards.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface SigningKeys {
  privateKey: string;
  certificate: string;
}

export async function generateSigningKeys(commonName: string): Promise<SigningKeys> {
  const pems = await generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256', notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000) });
  return { privateKey: pems.private, certificate: pems.cert };
}

export async function loadOrCreateDevIdpKeys(dataDir: string): Promise<SigningKeys> {
  const dir = join(dataDir, 'dev-idp');
  const keyFile = join(dir, 'signing-key.pem');
  const certFile = join(dir, 'signing-cert.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    return { privateKey: await readFile(keyFile, 'utf8'), certificate: await readFile(certFile, 'utf8') };
  }
  const keys = await generateSigningKeys('e-loket development identity provider');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyFile, keys.privateKey, { mode: 0o600 });
  await writeFile(certFile, keys.certificate, { mode: 0o644 });
  return keys;
}

/** The base64 DER body of a PEM certificate, as metadata and KeyInfo carry it. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
