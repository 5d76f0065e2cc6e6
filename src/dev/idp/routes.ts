// /dev/idp: the sign-in page of the development identity provider, single
// logout in both directions, its sessions, and the page to add a person.
// Never mounted in production.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { DevIdpService } from './service.js';
import { rawQueryOf } from '../../auth/redirect-binding.js';
import { parseSpMetadata } from './sp-metadata.js';
import { addPersonSchema, AVAILABLE_ROLES } from './directory.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { NotFound } from '../../lib/http-errors.js';

const endSessionSchema = z.object({ sessionId: z.string().min(1).max(64) });

const signInSchema = z.object({
  requestId: z.string().regex(/^[A-Za-z_][\w.-]{0,127}$/),
  relayState: z.string().max(1000).optional(),
  personId: z.coerce.number().int().positive(),
});

export function devIdpRoutes({ devIdp }: { devIdp: DevIdpService }): Router {
  const router = Router();
  const { idp, sp } = devIdp;

  router.get('/dev/idp', (_req, res) => res.redirect('/auth/login'));

  router.get('/dev/idp/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(idp.metadataXml());
  });

  // The portal as this IdP knows it: from its published metadata.
  const spInfo = parseSpMetadata(sp.metadataXml());

  router.get('/dev/idp/sso', async (req, res) => {
    let request;
    try {
      request = idp.readAuthnRequest(rawQueryOf(req.originalUrl), spInfo);
    } catch (error) {
      req.log?.warn({ err: error }, 'development IdP: unusable AuthnRequest');
      return res.status(400).render('dev/idp/bad-request.njk');
    }
    res.render('dev/idp/sign-in.njk', {
      directory: await devIdp.directory(),
      requestId: request.id,
      relayState: request.relayState,
    });
  });

  router.post('/dev/idp/sso', async (req, res) => {
    const form = signInSchema.safeParse(req.body);
    if (!form.success) return res.status(400).render('dev/idp/bad-request.njk');
    const session = await devIdp.startSession(form.data.personId);
    const samlResponse = session
      ? await devIdp.respond(form.data.personId, {
          id: form.data.requestId,
          acsUrl: spInfo.acsUrl,
          audience: spInfo.entityId,
          sessionIndex: session.sessionIndex,
          encryptionCertificate: spInfo.encryptionCertificates[0],
        })
      : undefined;
    if (!samlResponse) throw new NotFound();
    res.render('dev/idp/post-response.njk', { acsUrl: spInfo.acsUrl, samlResponse, relayState: form.data.relayState });
  });

  // Single logout (HTTP-Redirect): the portal's LogoutRequest (SP-initiated),
  // or its LogoutResponse to ours (IdP-initiated).
  router.get('/dev/idp/slo', async (req, res) => {
    let message;
    try {
      message = idp.readLogoutMessage(rawQueryOf(req.originalUrl), spInfo);
    } catch (error) {
      req.log?.warn({ err: error }, 'development IdP: unusable logout message');
      return res.status(400).render('dev/idp/bad-request.njk', { logout: true });
    }
    if (message.kind === 'request') {
      const ended = await devIdp.endSessions(message.nameId, message.sessionIndex);
      req.log?.info({ sessions: ended }, 'development IdP: logged out at the request of the portal');
      if (!spInfo.sloUrl) return res.render('dev/idp/logged-out.njk');
      return res.redirect(303, idp.logoutResponseUrl({ ...spInfo, sloUrl: spInfo.sloUrl }, message.id, message.relayState));
    }
    if (!message.success || !(await devIdp.completeLogout(message.inResponseTo))) {
      req.log?.warn({ inResponseTo: message.inResponseTo, success: message.success }, 'development IdP: LogoutResponse to no pending request');
      return res.status(400).render('dev/idp/bad-request.njk', { logout: true });
    }
    res.render('dev/idp/logged-out.njk');
  });

  router.get('/dev/idp/sessies', async (_req, res) => {
    res.render('dev/idp/sessions.njk', { sessions: await devIdp.activeSessions(), canLogOut: spInfo.sloUrl !== undefined });
  });

  // IdP-initiated logout: as when the person logs out at eHealth (or it ends their session).
  router.post('/dev/idp/sessies/afmelden', async (req, res) => {
    const form = endSessionSchema.safeParse(req.body);
    const sloUrl = spInfo.sloUrl;
    if (!form.success || !sloUrl) return res.status(400).render('dev/idp/bad-request.njk', { logout: true });
    const url = await devIdp.endSessionWithRequest(form.data.sessionId, (session) => idp.logoutRequestUrl({ ...spInfo, sloUrl }, session));
    if (!url) throw new NotFound();
    res.redirect(303, url);
  });

  const renderAddPerson = async (res: Response, values: Record<string, unknown>, errors: FieldError[] = [], added = false) => {
    const roles = values.roles;
    res.render('dev/idp/add-person.njk', {
      values: { ...values, roles: Array.isArray(roles) ? roles : roles === undefined ? [] : [roles] },
      ...errorView(errors),
      added,
      subafdelingItems: [
        { value: '', text: 'Kies een voorziening' },
        ...(await devIdp.subafdelingen()).map((s) => ({ value: s.hcoNumber, text: `${s.name} (HCO ${s.hcoNumber})` })),
      ],
      roleItems: AVAILABLE_ROLES.map((role) => ({ value: role, text: role })),
    });
  };

  router.get('/dev/idp/personen/nieuw', async (req, res) => {
    await renderAddPerson(res, { eloketRight: 'ja' }, [], req.query.toegevoegd === '1');
  });

  router.post('/dev/idp/personen/nieuw', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = addPersonSchema.safeParse(body);
    if (!parsed.success) return renderAddPerson(res.status(400), body, fieldErrors(parsed.error));
    const result = await devIdp.addPerson(parsed.data);
    if (!result.ok) return renderAddPerson(res.status(400), body, [{ field: result.field, text: result.message }]);
    res.redirect(303, '/dev/idp/personen/nieuw?toegevoegd=1');
  });

  return router;
}
