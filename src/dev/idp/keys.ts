// The development identity provider's signing key and self-signed
// certificate, kept under ELOKET_DATA_DIR/dev-idp.
import { join } from 'node:path';
import { loadOrCreateSigningKeys, type SigningKeys } from '../../auth/signing-keys.js';

export function loadOrCreateDevIdpKeys(dataDir: string): Promise<SigningKeys> {
  return loadOrCreateSigningKeys(join(dataDir, 'dev-idp'), 'e-loket development identity provider');
}
