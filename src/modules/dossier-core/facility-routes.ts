// What the facility's pages of every dossier type share: "Dossier corrigeren"
// on a refused dossier, and sending a generated PDF (receipt, letter).
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { facilityContext } from '../../auth/current-user.js';
import { requestActor } from '../../auth/actor.js';
import { Forbidden, NotFound } from '../../lib/http-errors.js';
import { generatorFailed } from '../../lib/generators.js';
import { WorkerTaskFailed } from '../../lib/worker-task.js';
import { correctRefused } from './lifecycle.js';
import type { RoleNeeded } from './panel.js';

const versionSchema = z.coerce.number().int().min(0).max(2_147_483_647);

/**
 * POST <page>/corrigeren: a holder of the type's role takes the acting
 * facility's refused dossier back (heropend) to correct and submit it again.
 * `load` reads the dossier through the facility scope (NotFound otherwise).
 */
export function correctRefusedRoute(
  { config, now }: { config: Pick<Config, 'baseUrl'>; now: () => Date },
  load: (req: Request) => Promise<{ id: number; mayEdit: boolean; roleNeeded?: RoleNeeded | undefined }>,
  pageOf: (id: number) => string,
): RequestHandler {
  return async (req, res) => {
    const view = await load(req);
    if (!view.mayEdit) throw new Forbidden('dossiers/not-allowed.njk', { roleNeeded: view.roleNeeded });
    const version = versionSchema.safeParse((req.body as Record<string, unknown>).version);
    if (!version.success) return res.status(400).render('errors/400.njk');
    const { scope } = facilityContext(req);
    const { userId, name } = requestActor(req);
    const result = await correctRefused(scope, config, { dossierId: view.id, version: version.data, actor: { userId, name }, at: now() });
    res.redirect(303, `${pageOf(view.id)}${result.kind === 'done' ? '?gecorrigeerd=1' : ''}`);
  };
}

/**
 * Sends a generated PDF inline as `<prefix>-<reference>.pdf`; nothing to send
 * is a 404, a generator over its limits the Dutch page that says so.
 */
export async function sendPdf(req: Request, res: Response, prefix: string, make: () => Promise<{ reference: string; pdf: Buffer } | undefined>): Promise<void> {
  let document: { reference: string; pdf: Buffer } | undefined;
  try {
    document = await make();
  } catch (error) {
    if (error instanceof WorkerTaskFailed) return generatorFailed(req, res, error);
    throw error;
  }
  if (!document) throw new NotFound();
  res.type('application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${prefix}-${document.reference}.pdf"`);
  res.send(document.pdf);
}
