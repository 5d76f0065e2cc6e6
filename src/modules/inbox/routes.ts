// The team inbox (M26): /beheer/berichten lists the threads of the staff
// member's teams' themes; /beheer/berichten/:id shows one thread, its reply
// form, its assignment and read marker. Staff only (requireStaff); a thread
// outside the staff member's themes is 404 on every route.
import type { Services } from '../../services.js';
import { Router, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { requestActor } from '../../auth/actor.js';
import { rescuedForm } from '../session/index.js';
import { namesSentence, NotAllowed, BODY_MAX } from '../messages/index.js';
import { fileFieldView, sendStoredFile, uploadsOf, type StoredFileInfo } from '../../uploads/index.js';
import { assignSchema, staffSettingsSchema, departmentReplySchema, inboxHref, INBOX_FILTER_FIELDS, pathIdSchema, readInboxQuery, replyActionSchema } from './schemas.js';
import type { InboxStaff } from './service.js';
import { NotFound } from '../../lib/http-errors.js';

/** What was typed in the reply field, kept as a draft even when it cannot be sent (NUL is the one character PostgreSQL refuses). */
const typedBody = (body: unknown): string => {
  const value = (body as Record<string, unknown> | undefined)?.body;
  return typeof value === 'string' ? value.replace(/\0/g, '').slice(0, BODY_MAX * 2) : '';
};

export function inboxRoutes({ inbox, uploads }: Pick<Services, 'inbox' | 'uploads'>): Router {
  const router = Router();
  router.use('/beheer/berichten', requireStaff);
  // A staff member's attachments: staged for their user, with no facility, until the reply claims them.
  const attachments = uploads.acceptUploads({ field: 'bijlagen', owner: 'staff' });

  /** The actor's teams and themes as the inbox filters by them (not the actor: requestActor names that). */
  async function inboxStaff(req: Request): Promise<InboxStaff> {
    const staff = await inbox.staffOf(requestActor(req).userId);
    if (!staff) throw new Error('the inbox is behind requireStaff');
    return staff;
  }

  router.get('/beheer/berichten', async (req, res) => {
    const staff = await inboxStaff(req);
    const query = readInboxQuery(req.query as Record<string, unknown>);
    const themeKnown = !query.filters.themeSlug || staff.themes.some((t) => t.slug === query.filters.themeSlug);
    const errors: FieldError[] = query.errors.map((e) => ({ field: `filter-${e.field}`, text: e.text }));
    if (!themeKnown) errors.push({ field: 'filter-thema', text: 'Kies een thema uit de lijst.' });
    const found = await inbox.list(staff, themeKnown ? query.filters : { ...query.filters, themeSlug: undefined }, query.page);
    const filtered = INBOX_FILTER_FIELDS.some((f) => query.values[f] !== '');
    res.status(errors.length > 0 ? 400 : 200).render('inbox/index.njk', {
      staff,
      found,
      values: query.values,
      themeItems: [{ value: '', text: 'Alle thema’s' }, ...staff.themes.map((t) => ({ value: t.slug, text: t.name }))],
      filtered,
      previousHref: found.page > 1 ? inboxHref(query.values, found.page - 1) : undefined,
      nextHref: found.page < found.totalPages ? inboxHref(query.values, found.page + 1) : undefined,
      marked: req.query.gemarkeerd === 'ongelezen',
      handledMarked: req.query.gemarkeerd === 'afgehandeld',
      handlingItems: [
        { value: '', text: 'Open' },
        { value: 'afgehandeld', text: 'Afgehandeld' },
        { value: 'alle', text: 'Alle' },
      ],
      ...errorView(errors),
    });
  });

  async function renderThread(
    req: Request,
    res: Response,
    threadId: number,
    options: { markRead: boolean; values?: { body: string }; errors?: FieldError[]; files?: StoredFileInfo[]; notice?: string },
  ) {
    const staff = await inboxStaff(req);
    const page = await inbox.threadPage(staff, threadId, { markRead: options.markRead });
    if (!page) throw new NotFound();
    res.render('inbox/thread.njk', {
      ...page,
      recipientNames: namesSentence(page.recipients),
      assigneeItems: [{ value: '', text: 'Niemand (het team)' }, ...page.assignees.map((a) => ({ value: String(a.id), text: a.name }))],
      assigneeValue: page.thread.staffMemberId === null ? '' : String(page.thread.staffMemberId),
      values: options.values ?? { body: page.draft?.body ?? '' },
      attachments: fileFieldView(attachments, options.files ?? []),
      notice: options.notice,
      sent: req.query.verzonden === '1',
      assigned: req.query.toegewezen === '1',
      reopened: req.query.heropend === '1',
      draftSaved: req.query.concept === 'bewaard',
      backHref: '/beheer/berichten',
      ...errorView(options.errors ?? []),
    });
  }

  router.get('/beheer/berichten/:id', async (req, res) => {
    const id = pathIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const rescued = rescuedForm(req);
    if (rescued) {
      // A reply posted after the session ended lands in the draft, so it survives this page too.
      const body = typedBody(rescued.body);
      if (!(await inbox.saveDraft(await inboxStaff(req), id.data, body))) throw new NotFound();
      return renderThread(req, res, id.data, { markRead: true, values: { body }, notice: rescued.notice('Verzenden') });
    }
    await renderThread(req, res, id.data, { markRead: true });
  });

  uploads.post(router, '/beheer/berichten/:id/antwoorden', attachments, async (req, res) => {
    const id = pathIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const staff = await inboxStaff(req);
    const { files, errors: fileErrors } = uploadsOf(req);
    const body = req.body as Record<string, unknown>;
    const typed = typedBody(body);
    const action = replyActionSchema.parse(body.actie);
    const keepDraft = async (errors: FieldError[], kept: StoredFileInfo[]) => {
      if (!(await inbox.saveDraft(staff, id.data, typed))) throw new NotFound();
      res.status(400);
      return renderThread(req, res, id.data, { markRead: false, values: { body: typed }, errors, files: kept });
    };
    if (action === 'concept') {
      if (!(await inbox.saveDraft(staff, id.data, typed))) throw new NotFound();
      return res.redirect(303, `/beheer/berichten/${id.data}?concept=bewaard#antwoord`);
    }
    const parsed = departmentReplySchema.safeParse(body);
    if (!parsed.success || fileErrors.length > 0) return keepDraft([...(parsed.success ? [] : fieldErrors(parsed.error)), ...fileErrors], files);
    try {
      const sent = await inbox.reply(staff, id.data, parsed.data.body, files);
      if (!sent) throw new NotFound();
      req.log?.info({ threadId: id.data, messageId: sent.messageId, notified: sent.notified.length }, 'department reply sent');
      res.redirect(303, `/beheer/berichten/${id.data}?verzonden=1#bericht-${sent.messageId}`);
    } catch (error) {
      if (!(error instanceof NotAllowed)) throw error;
      return keepDraft([{ field: error.field, text: error.message }], error.field === 'bijlagen' ? [] : files);
    }
  });

  router.post('/beheer/berichten/:id/toewijzen', async (req, res) => {
    const id = pathIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const staff = await inboxStaff(req);
    const parsed = assignSchema.safeParse(req.body);
    const outcome = parsed.success ? await inbox.assign(staff, requestActor(req), id.data, parsed.data.behandelaar) : 'not-member';
    if (outcome === 'not-found') throw new NotFound();
    if (outcome === 'not-member') {
      res.status(400);
      return renderThread(req, res, id.data, { markRead: false, errors: [{ field: 'behandelaar', text: 'Kies een dossierbehandelaar van het team.' }] });
    }
    res.redirect(303, `/beheer/berichten/${id.data}?toegewezen=1`);
  });

  router.post('/beheer/berichten/:id/ongelezen', async (req, res) => {
    const id = pathIdSchema.safeParse(req.params.id);
    if (!id.success || !(await inbox.markUnread(await inboxStaff(req), id.data))) throw new NotFound();
    // Back to the list: opening the thread again would mark it read.
    res.redirect(303, '/beheer/berichten?gemarkeerd=ongelezen');
  });

  // "Markeer als afgehandeld" goes back to the list (the thread leaves the open ones); "Heropenen" stays on the thread.
  router.post('/beheer/berichten/:id/afhandelen', async (req, res) => {
    const id = pathIdSchema.safeParse(req.params.id);
    if (!id.success || !(await inbox.setHandled(await inboxStaff(req), requestActor(req), id.data, true))) throw new NotFound();
    res.redirect(303, '/beheer/berichten?gemarkeerd=afgehandeld');
  });

  router.post('/beheer/berichten/:id/heropenen', async (req, res) => {
    const id = pathIdSchema.safeParse(req.params.id);
    if (!id.success || !(await inbox.setHandled(await inboxStaff(req), requestActor(req), id.data, false))) throw new NotFound();
    res.redirect(303, `/beheer/berichten/${id.data}?heropend=1`);
  });

  router.get('/beheer/berichten/:id/bijlagen/:fileId', async (req, res) => {
    const id = pathIdSchema.safeParse(req.params.id);
    const fileId = pathIdSchema.safeParse(req.params.fileId);
    const file = id.success && fileId.success ? await inbox.attachment(await inboxStaff(req), id.data, fileId.data) : null;
    if (!file) throw new NotFound();
    sendStoredFile(res, file);
  });

  // The staff member's own settings: for now whether a facility's message on their threads is e-mailed to them.
  router.get('/beheer/instellingen', requireStaff, async (req, res) => {
    res.render('inbox/settings.njk', { values: await inbox.settings(await inboxStaff(req)), saved: req.query.bewaard === '1', ...errorView([]) });
  });

  router.post('/beheer/instellingen', requireStaff, async (req, res) => {
    const parsed = staffSettingsSchema.safeParse(req.body);
    if (!parsed.success) return res.status(400).render('inbox/settings.njk', { values: await inbox.settings(await inboxStaff(req)), ...errorView([{ field: 'meldingen', text: 'Vink het vakje aan of uit.' }]) });
    await inbox.saveSettings(await inboxStaff(req), parsed.data);
    res.redirect(303, '/beheer/instellingen?bewaard=1');
  });

  return router;
}
