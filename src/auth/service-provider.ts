// The portal as SAML 2.0 service provider (@node-saml/passport-saml and
// node-saml), with the checks node-saml does not do itself: no DOCTYPE, no
// SHA-1, status Success, exactly one assertion (plain, or encrypted to our
// encryption key with RSA-OAEP and AES, decrypted before the checks of its
// content), Destination and Recipient equal to our URLs, each assertion and
// logout request usable once, logout messages signed, and no assertion older
// than the configured maximum age, whatever NotOnOrAfter it names.
// AuthnRequests and logout messages are signed
// with the portal's own key (HTTP-Redirect, RSA-SHA256). The identity
// provider comes from its metadata as currently known: new keys in refreshed
// metadata take effect at the next message.
import { Strategy, type Profile, type VerifyWithoutRequest } from '@node-saml/passport-saml';
import { SAML, ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import { Passport, type Strategy as PassportStrategy } from 'passport';
import type { Request, Response } from 'express';
import { XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import type { PrismaClient } from '../db/client.js';
import type { IdentityProviderInfo, IdpMetadataSource } from './idp-metadata.js';
import { PgSamlRequestStore, useMessageOnce } from './request-store.js';
import { identityFromAttributes, MultipleValuesError, type Identity } from './attributes.js';
import { childElements, elementsByLocalName, parseUntrustedXml } from './xml.js';
import { promisify } from 'node:util';
import xmlenc from 'xml-encryption';
import { refusedEncryptionAlgorithm, refusedXmlSignatureAlgorithm } from './algorithms.js';
import { certificatePem, type SigningKeys } from './signing-keys.js';
import { decodeRedirectMessage, rawQueryOf, RedirectBindingError, UnsignedMessageError, verifyRedirectMessage } from './redirect-binding.js';

const SAML_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

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

/**
 * A logout message was refused; `reason` is for the log, never for the user.
 * `unsigned`: the message carried no signature at all (SimpleSAMLphp's
 * default), which the user is told in words, since only the identity
 * provider's administrator can change it.
 */
export class LogoutRejected extends Error {
  constructor(
    readonly reason: string,
    readonly unsigned = false,
  ) {
    super(reason);
    this.name = 'LogoutRejected';
  }
}

/** The identity provider's session a login belongs to, as its assertion named it. */
export interface SamlSessionRef {
  nameId: string;
  nameIdFormat: string;
  /** The NameID's qualifiers, sent back unchanged in our LogoutRequest. */
  nameQualifier?: string | undefined;
  spNameQualifier?: string | undefined;
  sessionIndex: string | undefined;
}

export interface VerifiedLogin {
  identity: Identity;
  samlSession: SamlSessionRef;
}

/** A verified logout message received at the SLO endpoint. */
export type LogoutMessage =
  | { kind: 'response'; inResponseTo: string }
  | { kind: 'request'; id: string; nameId: string; sessionIndex: string | undefined; relayState: string | undefined; profile: Profile };

export interface ServiceProvider {
  entityId: string;
  acsUrl: string;
  /** SingleLogoutService (HTTP-Redirect): logout requests and responses from the identity provider. */
  sloUrl: string;
  metadataXml(): string;
  /** Starts a login: redirects to the identity provider with a fresh, signed AuthnRequest. */
  login(req: Request, res: Response, next: (error?: unknown) => void): void;
  /**
   * Verifies a posted SAMLResponse completely; throws LoginRejected when anything is wrong.
   * `startedHere` says whether this browser started the login the response answers.
   */
  verifyResponse(req: Request, res: Response, startedHere: (inResponseTo: string | null) => boolean): Promise<VerifiedLogin>;
  /** A signed LogoutRequest for the identity provider, or undefined when it has no SingleLogoutService. */
  logoutRequestUrl(session: SamlSessionRef): Promise<{ url: string; requestId: string } | undefined>;
  /**
   * Verifies a logout message at the SLO endpoint; throws LogoutRejected. A
   * response must answer `pendingRequestId` (the request this browser sent)
   * and is usable once; a request is usable once.
   */
  verifyLogoutMessage(req: Request, pendingRequestId: string | undefined): Promise<LogoutMessage>;
  /** The origin of the identity provider's SingleLogoutService, where the logout form continues (CSP form-action). */
  singleLogoutOrigin(): string | undefined;
  /** The signed LogoutResponse to a request, or undefined when the identity provider has no SingleLogoutService. */
  logoutResponseUrl(request: Extract<LogoutMessage, { kind: 'request' }>, success: boolean): Promise<string | undefined>;
}

// The strategy hands the verified profile on; what it means is decided in verifyResponse.
const passProfile: VerifyWithoutRequest = (profile, done) => done(null, profile ?? undefined);

export interface ServiceProviderOptions {
  baseUrl: string;
  idp: IdpMetadataSource;
  prisma: PrismaClient;
  /** The pair the portal signs its messages with. */
  keys: SigningKeys;
  /** The pair identity providers encrypt assertions to (published as use="encryption"); absent: encrypted assertions are refused. */
  encryptionKeys?: SigningKeys | undefined;
  /** How long after its IssueInstant an assertion is still accepted (plus the clock skew). */
  maxAssertionAgeMs: number;
}

const decrypt = promisify(xmlenc.decrypt);

export function createServiceProvider(options: ServiceProviderOptions): ServiceProvider {
  const entityId = `${options.baseUrl}/auth/saml/metadata`;
  const acsUrl = `${options.baseUrl}/auth/saml/acs`;
  const sloUrl = `${options.baseUrl}/auth/saml/slo`;
  const requestStore = new PgSamlRequestStore(options.prisma, SAML_REQUEST_LIFETIME_MS);

  function build(info: IdentityProviderInfo) {
    const config: SamlConfig = {
      callbackUrl: acsUrl,
      logoutCallbackUrl: sloUrl,
      issuer: entityId,
      audience: entityId,
      entryPoint: info.ssoRedirectUrl,
      logoutUrl: info.sloRedirectUrl ?? info.ssoRedirectUrl,
      idpIssuer: info.entityId,
      idpCert: info.signingCertificates.map(certificatePem),
      privateKey: options.keys.privateKey,
      publicCert: options.keys.certificate,
      ...(options.encryptionKeys ? { decryptionPvk: options.encryptionKeys.privateKey } : {}),
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      wantAuthnResponseSigned: true,
      wantAssertionsSigned: true,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: SAML_REQUEST_LIFETIME_MS,
      cacheProvider: requestStore,
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      maxAssertionAgeMs: options.maxAssertionAgeMs,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      authnRequestBinding: 'HTTP-Redirect',
    };
    const strategy = new Strategy({ name: 'saml', ...config }, passProfile, passProfile);
    const passport = new Passport();
    // passport-saml is typed against Express 4's types; the strategy itself works with Express 5.
    passport.use('saml', strategy as unknown as PassportStrategy);
    return { info, strategy, passport, saml: new SAML(config) };
  }
  let built = build(options.idp.current());
  /** The node-saml objects for the identity provider as currently known (rebuilt when its metadata changed). */
  const current = () => {
    const info = options.idp.current();
    if (info !== built.info) built = build(info);
    return built;
  };
  const idp = () => current().info;

  /**
   * The decrypted assertion of an EncryptedAssertion, as a document of its
   * own (not yet trusted: node-saml checks its signature afterwards).
   */
  async function decryptAssertion(encrypted: Element): Promise<Document> {
    const key = options.encryptionKeys?.privateKey;
    if (!key) throw new LoginRejected('encrypted assertion but no SAML decryption key configured (SAML_SP_ENCRYPTION_KEY_FILE)');
    const refused = refusedEncryptionAlgorithm(encrypted);
    if (refused) throw new LoginRejected(`refused encryption algorithm ${refused}`);
    let xml;
    try {
      xml = await decrypt(new XMLSerializer().serializeToString(encrypted), { key, disallowDecryptionWithInsecureAlgorithm: true, warnInsecureAlgorithm: false });
    } catch (error) {
      throw new LoginRejected(`undecryptable assertion: ${(error as Error).message}`);
    }
    try {
      return parseUntrustedXml(xml);
    } catch (error) {
      throw new LoginRejected(`unreadable decrypted assertion: ${(error as Error).message}`);
    }
  }

  async function checkStructure(samlResponse: unknown, startedHere: (inResponseTo: string | null) => boolean): Promise<void> {
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
    // Counted anywhere in the document, not only as children of the Response: a wrapped copy is an attack.
    const plain = elementsByLocalName(doc, 'Assertion');
    const encrypted = elementsByLocalName(doc, 'EncryptedAssertion');
    if (plain.length + encrypted.length !== 1) throw new LoginRejected('the response must hold exactly one assertion');
    // An encrypted assertion is decrypted first, so that its content gets the same checks as a plain one.
    let decrypted: Document | undefined;
    if (encrypted[0]) {
      if (encrypted[0].parentNode !== root) throw new LoginRejected('the encrypted assertion is not a child of the Response');
      decrypted = await decryptAssertion(encrypted[0]);
      if (decrypted.documentElement?.localName !== 'Assertion' || elementsByLocalName(decrypted, 'Assertion').length !== 1) {
        throw new LoginRejected('the encrypted assertion must hold exactly one assertion');
      }
      const refusedInside = refusedXmlSignatureAlgorithm(decrypted);
      if (refusedInside) throw new LoginRejected(`refused signature algorithm ${refusedInside}`);
    }
    const assertion = decrypted?.documentElement ?? plain[0];
    if (root.getAttribute('Destination') !== acsUrl) throw new LoginRejected(`wrong Destination: ${root.getAttribute('Destination')}`);
    // node-saml checks the issuer of logout messages only; the signature is checked against the
    // configured identity provider's certificate, and its Issuer must say so too.
    const directIssuer = (el: Element) => childElements(el, 'Issuer')[0]?.textContent?.trim();
    const issuers = [directIssuer(root), assertion ? directIssuer(assertion) : undefined];
    if (issuers[1] !== idp().entityId || (issuers[0] !== undefined && issuers[0] !== idp().entityId)) {
      throw new LoginRejected(`wrong issuer: ${issuers.join(', ')}`);
    }
    const confirmations = [...elementsByLocalName(doc, 'SubjectConfirmationData'), ...(decrypted ? elementsByLocalName(decrypted, 'SubjectConfirmationData') : [])];
    const recipients = confirmations.map((e) => e.getAttribute('Recipient'));
    if (recipients.length === 0 || recipients.some((r) => r !== acsUrl)) throw new LoginRejected(`wrong Recipient: ${recipients.join(', ')}`);
    // node-saml (maxAssertionAgeMs) refuses it too, but only as "no valid subject confirmation": the log must say why.
    const issuedAt = Date.parse(assertion?.getAttribute('IssueInstant') ?? '');
    if (Number.isNaN(issuedAt)) throw new LoginRejected('assertion without IssueInstant');
    const ageMs = Date.now() - issuedAt;
    if (ageMs > options.maxAssertionAgeMs + CLOCK_SKEW_MS) {
      throw new LoginRejected(`assertion too old: issued ${Math.round(ageMs / 1000)} s ago, more than the ${options.maxAssertionAgeMs / 1000} s allowed (SAML_MAX_ASSERTION_AGE_SECONDS)`);
    }
    if (-ageMs > CLOCK_SKEW_MS) throw new LoginRejected(`assertion issued in the future: ${assertion?.getAttribute('IssueInstant')}`);
  }

  function authenticate(req: Request, res: Response): Promise<Profile> {
    return new Promise((resolve, reject) => {
      current().passport.authenticate('saml', { session: false }, (error: unknown, profile: Profile | false | undefined) => {
        if (error) reject(new LoginRejected(error instanceof Error ? error.message : String(error)));
        else if (!profile) reject(new LoginRejected('no profile'));
        else resolve(profile);
      })(req, res, (error: unknown) => reject(new LoginRejected(String(error))));
    });
  }

  return {
    entityId,
    acsUrl,
    sloUrl,
    metadataXml() {
      // node-saml announces its SingleLogoutService with the HTTP-POST binding, always; ours is HTTP-Redirect.
      const doc = parseUntrustedXml(current().strategy.generateServiceProviderMetadata(options.encryptionKeys?.certificate ?? null, options.keys.certificate));
      for (const slo of elementsByLocalName(doc, 'SingleLogoutService')) slo.setAttribute('Binding', REDIRECT_BINDING);
      return new XMLSerializer().serializeToString(doc);
    },
    login(req, res, next) {
      current().passport.authenticate('saml', { session: false })(req, res, next);
    },
    async verifyResponse(req, res, startedHere) {
      const body = req.body as Record<string, unknown> | undefined;
      await checkStructure(body?.SAMLResponse, startedHere);
      const profile = await authenticate(req, res);
      const assertion = parseUntrustedXml(profile.getAssertionXml?.() ?? '').documentElement;
      const assertionId = assertion?.getAttribute('ID');
      if (!assertion || !assertionId) throw new LoginRejected('assertion without ID');
      const notOnOrAfter = elementsByLocalName(assertion, 'Conditions')[0]?.getAttribute('NotOnOrAfter');
      const expiresAt = notOnOrAfter ? new Date(Date.parse(notOnOrAfter) + CLOCK_SKEW_MS) : new Date(Date.now() + SAML_REQUEST_LIFETIME_MS);
      if (!(await useMessageOnce(options.prisma, assertionId, expiresAt))) throw new LoginRejected(`assertion ${assertionId} was used before`);
      // Both are kept on the session row (VARCHAR(256)) to find it at an IdP-initiated logout.
      if (!profile.nameID || profile.nameID.length > 256 || (profile.sessionIndex?.length ?? 0) > 256) throw new LoginRejected('assertion without a usable NameID or SessionIndex');
      const samlSession: SamlSessionRef = {
        nameId: profile.nameID,
        nameIdFormat: profile.nameIDFormat,
        nameQualifier: profile.nameQualifier,
        spNameQualifier: profile.spNameQualifier,
        sessionIndex: profile.sessionIndex,
      };
      try {
        return { identity: identityFromAttributes((profile.attributes ?? {}) as Record<string, unknown>), samlSession };
      } catch (error) {
        if (error instanceof MultipleValuesError) throw new LoginRejected(`several values for a single-valued attribute: ${error.message}`);
        throw new LoginRejected(`incomplete attributes: ${(error as Error).message}`);
      }
    },

    async logoutRequestUrl(session) {
      const { saml, info } = current();
      if (!info.sloRedirectUrl) return undefined;
      const url = await saml.getLogoutUrlAsync(
        {
          issuer: info.entityId,
          nameID: session.nameId,
          nameIDFormat: session.nameIdFormat,
          nameQualifier: session.nameQualifier,
          spNameQualifier: session.spNameQualifier,
          sessionIndex: session.sessionIndex,
        },
        '',
        {},
      );
      const requestId = parseUntrustedXml(decodeRedirectMessage(new URL(url).searchParams.get('SAMLRequest') ?? '')).documentElement?.getAttribute('ID');
      if (!requestId) throw new Error('node-saml made a LogoutRequest without ID');
      return { url, requestId };
    },
    async verifyLogoutMessage(req, pendingRequestId) {
      const { saml, info } = current();
      const rawQuery = rawQueryOf(req.originalUrl);
      let message;
      try {
        message = verifyRedirectMessage(rawQuery, info.signingCertificates.map(certificatePem));
      } catch (error) {
        if (error instanceof UnsignedMessageError) {
          throw new LogoutRejected(`${error.reason}: the identity provider must sign its logout messages (HTTP-Redirect, RSA-SHA256)`, true);
        }
        if (error instanceof RedirectBindingError) throw new LogoutRejected(error.reason);
        throw error;
      }
      let root;
      try {
        root = parseUntrustedXml(message.xml).documentElement;
      } catch (error) {
        throw new LogoutRejected(`unreadable message: ${(error as Error).message}`);
      }
      const expected = message.parameter === 'SAMLRequest' ? 'LogoutRequest' : 'LogoutResponse';
      if (root?.localName !== expected) throw new LogoutRejected(`${message.parameter} is not a ${expected}`);
      if (root.getAttribute('Destination') !== sloUrl) throw new LogoutRejected(`wrong Destination: ${root.getAttribute('Destination')}`);
      const issuer = childElements(root, 'Issuer')[0]?.textContent?.trim();
      if (issuer !== info.entityId) throw new LogoutRejected(`wrong issuer: ${issuer ?? '(none)'}`);
      const issuedAt = Date.parse(root.getAttribute('IssueInstant') ?? '');
      if (!(Math.abs(Date.now() - issuedAt) <= SAML_REQUEST_LIFETIME_MS)) throw new LogoutRejected(`IssueInstant out of range: ${root.getAttribute('IssueInstant')}`);
      const container = Object.fromEntries(new URLSearchParams(rawQuery));
      if (message.parameter === 'SAMLResponse') {
        const inResponseTo = root.getAttribute('InResponseTo');
        if (!inResponseTo || inResponseTo !== pendingRequestId) throw new LogoutRejected(`InResponseTo ${inResponseTo ?? '(none)'} was not sent from this browser`);
        try {
          await saml.validateRedirectAsync(container, rawQuery);
        } catch (error) {
          throw new LogoutRejected((error as Error).message);
        }
        // Answered: the browser's session (which named the request) ends now; the request need not be kept.
        await requestStore.removeAsync(inResponseTo);
        return { kind: 'response', inResponseTo };
      }
      let result;
      try {
        result = await saml.validateRedirectAsync(container, rawQuery);
      } catch (error) {
        throw new LogoutRejected((error as Error).message);
      }
      const profile = result.profile;
      if (!profile?.ID || !profile.nameID) throw new LogoutRejected('LogoutRequest without ID or NameID');
      if (!(await useMessageOnce(options.prisma, profile.ID, new Date(issuedAt + SAML_REQUEST_LIFETIME_MS + CLOCK_SKEW_MS)))) {
        throw new LogoutRejected(`LogoutRequest ${profile.ID} was used before`);
      }
      return { kind: 'request', id: profile.ID, nameId: profile.nameID, sessionIndex: profile.sessionIndex, relayState: message.relayState, profile };
    },
    singleLogoutOrigin() {
      const slo = idp().sloRedirectUrl;
      return slo ? new URL(slo).origin : undefined;
    },
    async logoutResponseUrl(request, success) {
      const { saml, info } = current();
      if (!info.sloRedirectUrl) return undefined;
      return saml.getLogoutResponseUrlAsync(request.profile, request.relayState ?? '', {}, success);
    },
  };
}
