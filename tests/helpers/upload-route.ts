// A form as a feature builds it on the upload pipeline (a title and
// attachments; on success the files are claimed in a transaction), mounted by
// the upload tests through createTestApp's extraRoutes. Not part of the app.
import { Router, type Response } from 'express';
import type { PrismaClient } from '../../src/db/client.js';
import type { Services } from '../../src/services.js';
import { facilityContext, requireFacilityUser } from '../../src/auth/current-user.js';
import { createViewEnvironment } from '../../src/middleware/views.js';
import { errorView, type FieldError } from '../../src/lib/form-errors.js';
import { claimUploads, fileFieldView, findStoredFile, sendStoredFile, uploadsOf } from '../../src/uploads/index.js';

const PAGE = `{% extends "layout.njk" %}
{% from "macros/error-summary.njk" import errorSummary %}
{% from "macros/text-field.njk" import textField %}
{% from "macros/file-field.njk" import fileField %}
{% set pageTitle = ("Fout: " if summaryErrors | length else "") + "Testformulier met bijlagen" %}
{% block content %}
<h1>Testformulier met bijlagen</h1>
{{ errorSummary({ errors: summaryErrors }) }}
<form method="post" action="/test/upload" enctype="multipart/form-data" novalidate>
  <input type="hidden" name="_csrf" value="{{ csrfToken() }}">
  {{ textField({ name: 'titel', label: 'Titel', value: values.titel, errorMessage: fieldErrors.titel }) }}
  {{ fileField({ field: field, label: 'Bijlagen', errorMessage: fieldErrors.bijlagen }) }}
  <button type="submit">Verzenden</button>
</form>
{% endblock %}`;

/** A form as a feature builds it: a title and attachments; on success the files are claimed in a transaction. */
export function uploadTestRoutes(prisma: PrismaClient) {
  return (services: Services): Router => {
    const router = Router();
    const accept = services.uploads.acceptUploads({ field: 'bijlagen' });
    const env = createViewEnvironment();
    const render = (res: Response, status: number, context: object) => res.status(status).send(env.renderString(PAGE, { ...res.locals, ...context }));
    router.get('/test/upload', requireFacilityUser(prisma), (_req, res) => {
      render(res, 200, { values: {}, field: fileFieldView(accept), ...errorView([]) });
    });
    services.uploads.post(router, '/test/upload', requireFacilityUser(prisma), accept, async (req, res) => {
      const { files, errors } = uploadsOf(req);
      const body = req.body as Record<string, unknown>;
      const titel = typeof body.titel === 'string' ? body.titel.trim() : '';
      const all: FieldError[] = [...(titel ? [] : [{ field: 'titel', text: 'Vul de titel in.' }]), ...errors];
      if (all.length > 0) return render(res, 400, { values: body, field: fileFieldView(accept, files), ...errorView(all) });
      const { facility } = facilityContext(req);
      const userId = req.currentUser?.id ?? 0;
      const claimed = await prisma.$transaction((tx) => claimUploads(tx, { ids: files.map((f) => f.id), facilityId: facility.id, userId }));
      res.json({ titel, lines: body['lines[0][naam]'], claimed });
    });
    router.get('/test/bijlagen/:id', requireFacilityUser(prisma), async (req, res) => {
      const file = await findStoredFile(facilityContext(req).scope, req.params.id);
      return file ? sendStoredFile(res, file) : res.status(404).render('errors/404.njk');
    });
    return router;
  };
}
