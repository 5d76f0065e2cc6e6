// Which identity provider the portal trusts: the one in SAML_IDP_METADATA
// (read again every SAML_IDP_METADATA_REFRESH_MINUTES), or (outside
// production) the development identity provider, read through the same
// metadata parser so that the production code path is exercised. Also the
// portal's own keys: the signing pair (configured in production, generated in
// development) and the encryption pair (optional in production, generated in
// development).
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import type { Logger } from '../logger.js';
import { fixedIdpMetadata, parseIdpMetadata, refreshedIdpMetadata, type RefreshedIdpMetadata } from './idp-metadata.js';
import { createServiceProvider, type ServiceProvider } from './service-provider.js';
import { loadOrCreateSigningKeys, readSigningKeys, type SigningKeys } from './signing-keys.js';
import { DevIdentityProvider } from '../dev/idp/identity-provider.js';
import { loadOrCreateDevIdpKeys } from '../dev/idp/keys.js';
import { crossSiteLoginProblem } from './login-binding.js';

export interface IdentitySetup {
  sp: ServiceProvider;
  /** Only with SAML_IDP_METADATA: the metadata as last read, and its refresh. */
  idpMetadata?: RefreshedIdpMetadata;
  /** Only outside production and without SAML_IDP_METADATA. */
  devIdp?: DevIdentityProvider;
}

function serviceProviderKeys(config: Config): Promise<SigningKeys> {
  if (config.samlSpKeyFiles) return readSigningKeys(config.samlSpKeyFiles.privateKey, config.samlSpKeyFiles.certificate);
  if (config.isProduction) throw new Error('SAML_SP_PRIVATE_KEY_FILE and SAML_SP_CERTIFICATE_FILE are required in production');
  return loadOrCreateSigningKeys(join(config.dataDir, 'sp'), 'e-loket development service provider');
}

/** The pair identity providers encrypt assertions to; none in production unless configured. */
function encryptionKeys(config: Config): Promise<SigningKeys> | undefined {
  if (config.samlSpEncryptionKeyFiles) return readSigningKeys(config.samlSpEncryptionKeyFiles.privateKey, config.samlSpEncryptionKeyFiles.certificate);
  if (config.isProduction) return undefined;
  return loadOrCreateSigningKeys(join(config.dataDir, 'sp'), 'e-loket DEVELOPMENT service provider encryption key (not for production)', 'encryption');
}

export async function setUpIdentity(config: Config, prisma: PrismaClient, logger: Logger): Promise<IdentitySetup> {
  // Together: on a first development start each pair is generated (RSA key generation runs off the main thread).
  const needsDevIdp = !config.samlIdpMetadata && !config.isProduction;
  const [keys, spEncryptionKeys, devIdpKeys] = await Promise.all([
    serviceProviderKeys(config),
    encryptionKeys(config),
    needsDevIdp ? loadOrCreateDevIdpKeys(config.dataDir) : undefined,
  ]);
  const spOptions = {
    baseUrl: config.baseUrl,
    prisma,
    keys,
    encryptionKeys: spEncryptionKeys,
    maxAssertionAgeMs: config.samlMaxAssertionAgeMs,
  };
  if (config.samlIdpMetadata) {
    const idpMetadata = await refreshedIdpMetadata(config.samlIdpMetadata, config.samlIdpMetadataRefreshMinutes, logger);
    warnAboutCrossSiteLogin(config, idpMetadata.current().ssoRedirectUrl, logger);
    return { sp: createServiceProvider({ ...spOptions, idp: idpMetadata }), idpMetadata };
  }
  if (config.isProduction) throw new Error('SAML_IDP_METADATA is required in production');
  if (!devIdpKeys) throw new Error('the development identity provider has no keys');
  const devIdp = new DevIdentityProvider(config.baseUrl, devIdpKeys, config.devIdpEncryption);
  const sp = createServiceProvider({ ...spOptions, idp: fixedIdpMetadata(parseIdpMetadata(devIdp.metadataXml())) });
  return { sp, devIdp };
}

/** Says at start-up, in plain words, when logins through the configured identity provider cannot work (see login-binding.ts). */
function warnAboutCrossSiteLogin(config: Config, idpSsoUrl: string, logger: Logger): void {
  const problem = crossSiteLoginProblem(config, idpSsoUrl);
  if (problem) logger.warn({ baseUrl: config.baseUrl, idp: new URL(idpSsoUrl).origin }, problem);
}
