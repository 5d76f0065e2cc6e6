// /dev/idp: the sign-in page of the development identity provider and the
// page to add a person. Never mounted in production.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../../dependencies.js';
import type { ServiceProvider } from '../../auth/service-provider.js';
import type { DevIdentityProvider } from './identity-provider.js';
import { addPerson, addPersonSchema, AVAILABLE_ROLES, listSubafdelingen, loadDirectory } from './directory.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';

const ssoQuerySchema = z.object({
  SAMLRequest: z.string().min(1).max(16 * 1024),
  RelayState: z.string().max(1000).optional(),
});

const signInSchema = z.object({
  requestId: z.string().regex(/^[A-Za-z_][\w.-]{0,127}$/),
  relayState: z.string().max(1000).optional(),
  personId: z.coerce.number().int().positive(),
});

export function devIdpRoutes(deps: AppDependencies, idp: DevIdentityProvider, sp: ServiceProvider): Router {
  const router = Router();
  const { prisma } = deps;

  router.get('/dev/idp', (_req, res) => res.redirect('/auth/login'));

  router.get('/dev/idp/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(idp.metadataXml());
  });

  router.get('/dev/idp/sso', async (req, res) => {
    const query = ssoQuerySchema.safeParse(req.query);
    let request;
    try {
      if (!query.success) throw new Error('no SAMLRequest');
      request = idp.parseAuthnRequest(query.data.SAMLRequest);
      if (request.acsUrl !== sp.acsUrl || request.issuer !== sp.entityId) throw new Error('unknown service provider');
    } catch (error) {
      req.log?.warn({ err: error }, 'development IdP: unusable AuthnRequest');
      return res.status(400).render('dev/idp/bad-request.njk');
    }
    res.render('dev/idp/sign-in.njk', {
      directory: await loadDirectory(prisma),
      requestId: request.id,
      relayState: query.data.RelayState,
    });
  });

  router.post('/dev/idp/sso', async (req, res) => {
    const form = signInSchema.safeParse(req.body);
    if (!form.success) return res.status(400).render('dev/idp/bad-request.njk');
    const samlResponse = await idp.respond(prisma, form.data.personId, { id: form.data.requestId, acsUrl: sp.acsUrl, audience: sp.entityId });
    if (!samlResponse) return res.status(404).render('errors/404.njk');
    res.render('dev/idp/post-response.njk', { acsUrl: sp.acsUrl, samlResponse, relayState: form.data.relayState });
  });

  const renderAddPerson = async (res: Response, values: Record<string, unknown>, errors: FieldError[] = [], added = false) => {
    const roles = values.roles;
    res.render('dev/idp/add-person.njk', {
      values: { ...values, roles: Array.isArray(roles) ? roles : roles === undefined ? [] : [roles] },
      ...errorView(errors),
      added,
      subafdelingItems: [
        { value: '', text: 'Kies een voorziening' },
        ...(await listSubafdelingen(prisma)).map((s) => ({ value: s.hcoNumber, text: `${s.name} (HCO ${s.hcoNumber})` })),
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
    const result = await addPerson(prisma, parsed.data);
    if (!result.ok) return renderAddPerson(res.status(400), body, [{ field: result.field, text: result.message }]);
    res.redirect(303, '/dev/idp/personen/nieuw?toegevoegd=1');
  });

  return router;
}
