// The Berichtenmodule's pages: Mijn berichten (M13), a message with its
// history (M14), "Bericht beantwoorden" (M15), "Stuur nieuw bericht" (M16) and
// the sent confirmation (M18). Each route translates HTTP into a service call
// and a render.
import { Router, type Request, type Response } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { facilityContext, requireFacilityUser } from '../../auth/current-user.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { listView } from './list-view.js';
import { namesSentence, type Recipient } from './recipients.js';
import { newMessageSchema, newMessageValues, readListQuery, RECEIVED, replySchema, SENT, type NewMessageValues } from './schemas.js';
import { NotAllowed, UnknownMessage, type MessagesService } from './service.js';
import { fileFieldView, sendStoredFile, uploadsOf, type StoredFileInfo, type Uploads } from '../../uploads/index.js';

const ID = /^\d{1,9}$/;

/** The message id of the path, or undefined (answered with 404). */
const messageId = (req: Request): number | undefined => {
  const id = req.params.id;
  return typeof id === 'string' && ID.test(id) ? Number(id) : undefined;
};

function notFound(res: Response) {
  res.status(404).render('errors/404.njk');
}

/** The sentence under a form saying who is notified when the department answers (M17). */
function recipientsView(recipients: Recipient[]) {
  return { names: namesSentence(recipients), count: recipients.length };
}

export function messageRoutes({ prisma }: Pick<AppDependencies, 'prisma'>, messages: MessagesService, uploads: Uploads): Router {
  const router = Router();
  const facilityUser = requireFacilityUser(prisma);
  router.use('/berichten', facilityUser);
  // Attachments of a new message or a reply: the portal's one upload pipeline.
  const attachments = uploads.acceptUploads({ field: 'bijlagen' });

  router.get('/berichten', async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const query = req.query as Record<string, unknown>;
    const receivedQuery = readListQuery(RECEIVED, query);
    const sentQuery = readListQuery(SENT, query);
    const [received, sent] = await Promise.all([
      messages.listMessages(scope, facility, RECEIVED, receivedQuery),
      messages.listMessages(scope, facility, SENT, sentQuery),
    ]);
    res.render('messages/index.njk', {
      received: listView({ component: RECEIVED, title: 'Ontvangen berichten', path: '/berichten', query, listQuery: receivedQuery, result: received, themes: received.themes }),
      sent: listView({ component: SENT, title: 'Verstuurde berichten', path: '/berichten', query, listQuery: sentQuery, result: sent, themes: sent.themes }),
    });
  });

  async function renderNewMessage(req: Request, res: Response, values: NewMessageValues, errors: FieldError[] = [], files: StoredFileInfo[] = []) {
    const { scope, facility } = facilityContext(req);
    const themes = await messages.composeThemes(scope, facility);
    const theme = themes.find((t) => t.slug === values.theme);
    const recipients = theme ? await messages.recipientsFor(scope, theme.id) : undefined;
    res.render('messages/new.njk', {
      values,
      themeItems: themes.map((t) => ({ value: t.slug, text: t.name })),
      // Without JavaScript one list for every theme, each addressee named with its theme.
      addressees: themes.flatMap((t) => t.addressees.map((a) => ({ value: a.value, text: themes.length > 1 ? `${a.text} – ${t.name}` : a.text }))),
      theme,
      recipients: recipients ? recipientsView(recipients) : undefined,
      attachments: fileFieldView(attachments, files),
      ...errorView(errors),
    });
  }

  router.get('/berichten/nieuw', async (req, res) => {
    // "Hulp nodig?" > "Contacteer ons" opens this form with theme and addressee filled in.
    const q = (name: string) => (typeof req.query[name] === 'string' ? req.query[name] : '');
    const addressee = q('team') ? `team:${q('team')}` : q('behandelaar') ? `behandelaar:${q('behandelaar')}` : '';
    await renderNewMessage(req, res, { theme: q('thema'), addressee, title: '', body: '' });
  });

  uploads.post(router, '/berichten/nieuw', attachments, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const body = req.body as Record<string, unknown>;
    const values = newMessageValues(body);
    const { files, errors: fileErrors } = uploadsOf(req);
    const parsed = newMessageSchema.safeParse(body);
    if (!parsed.success || fileErrors.length > 0) {
      res.status(400);
      return renderNewMessage(req, res, values, [...(parsed.success ? [] : fieldErrors(parsed.error)), ...fileErrors], files);
    }
    try {
      const sent = await messages.sendNewMessage(scope, facility, author(req), parsed.data, files);
      req.log?.info({ facilityId: facility.id, messageId: sent.messageId }, 'new message sent');
      res.redirect(303, `/berichten/${sent.messageId}/verzonden`);
    } catch (error) {
      if (!(error instanceof NotAllowed)) throw error;
      res.status(400);
      return renderNewMessage(req, res, values, [{ field: error.field, text: error.message }], error.field === 'bijlagen' ? [] : files);
    }
  });

  router.get('/berichten/:id', async (req, res) => {
    const { scope } = facilityContext(req);
    const id = messageId(req);
    if (id === undefined) return notFound(res);
    try {
      res.render('messages/detail.njk', await messages.messageDetail(scope, id));
    } catch (error) {
      if (error instanceof UnknownMessage) return notFound(res);
      throw error;
    }
  });

  async function renderReply(req: Request, res: Response, id: number, values: { body: string }, errors: FieldError[] = [], files: StoredFileInfo[] = []) {
    const { scope } = facilityContext(req);
    const detail = await messages.messageDetail(scope, id);
    const recipients = await messages.recipientsFor(scope, detail.thread.themeId, detail.thread.id);
    res.render('messages/reply.njk', { ...detail, values, recipients: recipientsView(recipients), attachments: fileFieldView(attachments, files), ...errorView(errors) });
  }

  router.get('/berichten/:id/beantwoorden', async (req, res) => {
    const id = messageId(req);
    if (id === undefined) return notFound(res);
    try {
      await renderReply(req, res, id, { body: '' });
    } catch (error) {
      if (error instanceof UnknownMessage) return notFound(res);
      throw error;
    }
  });

  uploads.post(router, '/berichten/:id/beantwoorden', attachments, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const id = messageId(req);
    if (id === undefined) return notFound(res);
    const body = req.body as Record<string, unknown>;
    const values = { body: typeof body.body === 'string' ? body.body : '' };
    const { files, errors: fileErrors } = uploadsOf(req);
    try {
      const parsed = replySchema.safeParse(body);
      if (!parsed.success || fileErrors.length > 0) {
        res.status(400);
        return await renderReply(req, res, id, values, [...(parsed.success ? [] : fieldErrors(parsed.error)), ...fileErrors], files);
      }
      const sent = await messages.reply(scope, facility, author(req), id, parsed.data, files);
      req.log?.info({ facilityId: facility.id, messageId: sent.messageId }, 'reply sent');
      res.redirect(303, `/berichten/${sent.messageId}/verzonden`);
    } catch (error) {
      if (error instanceof UnknownMessage) return notFound(res);
      if (!(error instanceof NotAllowed)) throw error;
      res.status(400);
      return renderReply(req, res, id, values, [{ field: error.field, text: error.message }], error.field === 'bijlagen' ? [] : files);
    }
  });

  router.get('/berichten/:id/bijlagen/:fileId', async (req, res) => {
    const { scope } = facilityContext(req);
    const id = messageId(req);
    const file = id === undefined ? null : await messages.findAttachment(scope, id, req.params.fileId ?? '');
    if (!file) return notFound(res);
    sendStoredFile(res, file);
  });

  router.get('/berichten/:id/verzonden', async (req, res) => {
    const { scope } = facilityContext(req);
    const id = messageId(req);
    if (id === undefined) return notFound(res);
    try {
      res.render('messages/sent.njk', { sent: await messages.sentConfirmation(scope, id) });
    } catch (error) {
      if (error instanceof UnknownMessage) return notFound(res);
      throw error;
    }
  });

  return router;
}

function author(req: Request) {
  const user = req.currentUser;
  if (!user) throw new Error('a message is written by a logged-in user');
  return { id: user.id, givenName: user.givenName, surname: user.surname };
}
