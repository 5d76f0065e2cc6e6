import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSigningKeys, readSigningKeys } from '../../src/auth/signing-keys.js';

describe('the service provider signing key from configured files', () => {
  it('reads a key and the certificate that belongs to it, and refuses a certificate of another key', async () => {
    const [mine, other] = await Promise.all([generateSigningKeys('mine'), generateSigningKeys('other')]);
    const dir = mkdtempSync(join(tmpdir(), 'eloket-sp-keys-'));
    writeFileSync(join(dir, 'key.pem'), mine.privateKey);
    writeFileSync(join(dir, 'cert.pem'), mine.certificate);
    writeFileSync(join(dir, 'other-cert.pem'), other.certificate);
    await expect(readSigningKeys(join(dir, 'key.pem'), join(dir, 'cert.pem'))).resolves.toEqual(mine);
    await expect(readSigningKeys(join(dir, 'key.pem'), join(dir, 'other-cert.pem'))).rejects.toThrow('is not the private key of the certificate in');
  });
});
