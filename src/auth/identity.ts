// Which identity provider the portal trusts: the one in SAML_IDP_METADATA,
// or (outside production) the development identity provider, read through
// the same metadata parser so that the production code path is exercised.
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { loadIdpMetadata, parseIdpMetadata } from './idp-metadata.js';
import { createServiceProvider, type ServiceProvider } from './service-provider.js';
import { DevIdentityProvider } from '../dev/idp/identity-provider.js';
import { loadOrCreateDevIdpKeys } from '../dev/idp/keys.js';

export interface IdentitySetup {
  sp: ServiceProvider;
  /** Only outside production and without SAML_IDP_METADATA. */
  devIdp?: DevIdentityProvider;
}

export async function setUpIdentity(config: Config, prisma: PrismaClient): Promise<IdentitySetup> {
  if (config.samlIdpMetadata) {
    const idp = await loadIdpMetadata(config.samlIdpMetadata);
    return { sp: createServiceProvider({ baseUrl: config.baseUrl, idp, prisma }) };
  }
  if (config.isProduction) throw new Error('SAML_IDP_METADATA is required in production');
  const devIdp = new DevIdentityProvider(config.baseUrl, await loadOrCreateDevIdpKeys(config.dataDir));
  const sp = createServiceProvider({ baseUrl: config.baseUrl, idp: parseIdpMetadata(devIdp.metadataXml()), prisma });
  return { sp, devIdp };
}
