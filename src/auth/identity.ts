// Which identity provider the portal trusts: the one in SAML_IDP_METADATA
// (read again every SAML_IDP_METADATA_REFRESH_MINUTES), or (outside
// production) the development identity provider, read through the same
// metadata parser so that the production code path is exercised. Also the
// portal's own signing key: configured in production, generated in development.
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import type { Logger } from '../logger.js';
import { fixedIdpMetadata, parseIdpMetadata, refreshedIdpMetadata, type RefreshedIdpMetadata } from './idp-metadata.js';
import { createServiceProvider, type ServiceProvider } from './service-provider.js';
import { loadOrCreateSigningKeys, readSigningKeys, type SigningKeys } from './signing-keys.js';
import { DevIdentityProvider } from '../dev/idp/identity-provider.js';
import { loadOrCreateDevIdpKeys } from '../dev/idp/keys.js';

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

export async function setUpIdentity(config: Config, prisma: PrismaClient, logger: Logger): Promise<IdentitySetup> {
  const keys = await serviceProviderKeys(config);
  if (config.samlIdpMetadata) {
    const idpMetadata = await refreshedIdpMetadata(config.samlIdpMetadata, config.samlIdpMetadataRefreshMinutes, logger);
    return { sp: createServiceProvider({ baseUrl: config.baseUrl, idp: idpMetadata, prisma, keys }), idpMetadata };
  }
  if (config.isProduction) throw new Error('SAML_IDP_METADATA is required in production');
  const devIdp = new DevIdentityProvider(config.baseUrl, await loadOrCreateDevIdpKeys(config.dataDir));
  const sp = createServiceProvider({ baseUrl: config.baseUrl, idp: fixedIdpMetadata(parseIdpMetadata(devIdp.metadataXml())), prisma, keys });
  return { sp, devIdp };
}
