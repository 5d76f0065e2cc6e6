// The portal as SAML 2.0 service provider (@node-saml/passport-saml), with
// the checks node-saml does not do itself: no DOCTYPE, exactly one plain
// assertion, Destination and Recipient equal to our ACS URL, and each
// assertion usable once.
import { Strategy, type Profile, type VerifyWithoutRequest } from '@node-saml/passport-saml';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import { Passport, type Strategy as PassportStrategy } from 'passport';
import type { Request, Response } from 'express';
import type { Element } from '@xmldom/xmldom';
import type { PrismaClient } from '../db/client.js';
import type { IdentityProviderInfo } from './idp-metadata.js';
import { PgSamlRequestStore, useAssertionOnce } from './request-store.js';
import { identityFromAttributes, MultipleValuesError, type Identity } from './attributes.js';
import { childElements, elementsByLocalName, parseUntrustedXml } from './xml.js';
import { refusedXmlSignatureAlgorithm } from './algorithms.js';
import { certificatePem } from './signing-keys.js';

const SAML_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export const SAML_REQUEST_LIFETIME_MS = 10 * 60_000;
const CLOCK_SKEW_MS = 60_000;
const MAX_RESPONSE_BYTES = 256 * 1024;

/** A login was refused; `reason` is for the log, never for the user. */
export class LoginRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LoginRejected';
  }
}

export interface ServiceProvider {
  entityId: string;
  acsUrl: string;
  metadataXml(): string;
  /** Starts a login: redirects to the identity provider with a fresh AuthnRequest. */
  login(req: Request, res: Response, next: (error?: unknown) => void): void;
  /**
   * Verifies a posted SAMLResponse completely; throws LoginRejected when anything is wrong.
   * `startedHere` says whether this browser started the login the response answers.
   */
  verifyResponse(req: Request, res: Response, startedHere: (inResponseTo: string | null) => boolean): Promise<Identity>;
}

// The strategy hands the verified profile on; what it means is decided in verifyResponse.
const passProfile: VerifyWithoutRequest = (profile, done) => done(null, profile ?? undefined);

export function createServiceProvider(options: { baseUrl: string; idp: IdentityProviderInfo; prisma: PrismaClient }): ServiceProvider {
  const entityId = `${options.baseUrl}/auth/saml/metadata`;
  const acsUrl = `${options.baseUrl}/auth/saml/acs`;
  const strategy = new Strategy(
    {
      name: 'saml',
      callbackUrl: acsUrl,
      issuer: entityId,
      audience: entityId,
      entryPoint: options.idp.ssoRedirectUrl,
      idpIssuer: options.idp.entityId,
      idpCert: options.idp.signingCertificates.map(certificatePem),
      wantAuthnResponseSigned: true,
      wantAssertionsSigned: true,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: SAML_REQUEST_LIFETIME_MS,
      cacheProvider: new PgSamlRequestStore(options.prisma, SAML_REQUEST_LIFETIME_MS),
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      maxAssertionAgeMs: SAML_REQUEST_LIFETIME_MS,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      authnRequestBinding: 'HTTP-Redirect',
    },
    passProfile,
    passProfile,
  );
  const passport = new Passport();
  // passport-saml is typed against Express 4's types; the strategy itself works with Express 5.
  passport.use('saml', strategy as unknown as PassportStrategy);

  function checkStructure(samlResponse: unknown, startedHere: (inResponseTo: string | null) => boolean): void {
    if (typeof samlResponse !== 'string' || samlResponse.length === 0) throw new LoginRejected('no SAMLResponse');
    if (samlResponse.length > MAX_RESPONSE_BYTES) throw new LoginRejected('SAMLResponse too large');
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    let doc;
    try {
      doc = parseUntrustedXml(xml);
    } catch (error) {
      throw new LoginRejected(`unreadable response: ${(error as Error).message}`);
    }
    const root = doc.documentElement;
    if (root?.localName !== 'Response') throw new LoginRejected('root element is not a Response');
    if (!startedHere(root.getAttribute('InResponseTo'))) {
      throw new LoginRejected(`InResponseTo ${root.getAttribute('InResponseTo') ?? '(none)'} was not issued to this browser`);
    }
    const refusedAlgorithm = refusedXmlSignatureAlgorithm(doc);
    if (refusedAlgorithm) throw new LoginRejected(`refused signature algorithm ${refusedAlgorithm}`);
    // node-saml reads the status only when there is no assertion: a signed error status with an assertion would log in.
    const status = childElements(root, 'Status')[0];
    const statusCode = status ? childElements(status, 'StatusCode')[0]?.getAttribute('Value') : undefined;
    if (statusCode !== SAML_SUCCESS) throw new LoginRejected(`status is not Success: ${statusCode ?? '(none)'}`);
    if (elementsByLocalName(doc, 'Assertion').length !== 1) throw new LoginRejected('the response must hold exactly one assertion');
    if (elementsByLocalName(doc, 'EncryptedAssertion').length > 0) throw new LoginRejected('encrypted assertions are not supported');
    if (root.getAttribute('Destination') !== acsUrl) throw new LoginRejected(`wrong Destination: ${root.getAttribute('Destination')}`);
    // node-saml checks the issuer of logout messages only; the signature is checked against the
    // configured identity provider's certificate, and its Issuer must say so too.
    const directIssuer = (el: Element) => childElements(el, 'Issuer')[0]?.textContent?.trim();
    const assertion = elementsByLocalName(doc, 'Assertion')[0];
    const issuers = [directIssuer(root), assertion ? directIssuer(assertion) : undefined];
    if (issuers[1] !== options.idp.entityId || (issuers[0] !== undefined && issuers[0] !== options.idp.entityId)) {
      throw new LoginRejected(`wrong issuer: ${issuers.join(', ')}`);
    }
    const recipients = elementsByLocalName(doc, 'SubjectConfirmationData').map((e) => e.getAttribute('Recipient'));
    if (recipients.length === 0 || recipients.some((r) => r !== acsUrl)) throw new LoginRejected(`wrong Recipient: ${recipients.join(', ')}`);
  }

  function authenticate(req: Request, res: Response): Promise<Profile> {
    return new Promise((resolve, reject) => {
      passport.authenticate('saml', { session: false }, (error: unknown, profile: Profile | false | undefined) => {
        if (error) reject(new LoginRejected(error instanceof Error ? error.message : String(error)));
        else if (!profile) reject(new LoginRejected('no profile'));
        else resolve(profile);
      })(req, res, (error: unknown) => reject(new LoginRejected(String(error))));
    });
  }

  return {
    entityId,
    acsUrl,
    metadataXml: () => strategy.generateServiceProviderMetadata(null, null),
    login(req, res, next) {
      passport.authenticate('saml', { session: false })(req, res, next);
    },
    async verifyResponse(req, res, startedHere) {
      const body = req.body as Record<string, unknown> | undefined;
      checkStructure(body?.SAMLResponse, startedHere);
      const profile = await authenticate(req, res);
      const assertion = parseUntrustedXml(profile.getAssertionXml?.() ?? '').documentElement;
      const assertionId = assertion?.getAttribute('ID');
      if (!assertion || !assertionId) throw new LoginRejected('assertion without ID');
      const notOnOrAfter = elementsByLocalName(assertion, 'Conditions')[0]?.getAttribute('NotOnOrAfter');
      const expiresAt = notOnOrAfter ? new Date(Date.parse(notOnOrAfter) + CLOCK_SKEW_MS) : new Date(Date.now() + SAML_REQUEST_LIFETIME_MS);
      if (!(await useAssertionOnce(options.prisma, assertionId, expiresAt))) throw new LoginRejected(`assertion ${assertionId} was used before`);
      try {
        return identityFromAttributes((profile.attributes ?? {}) as Record<string, unknown>);
      } catch (error) {
        if (error instanceof MultipleValuesError) throw new LoginRejected(`several values for a single-valued attribute: ${error.message}`);
        throw new LoginRejected(`incomplete attributes: ${(error as Error).message}`);
      }
    },
  };
}
