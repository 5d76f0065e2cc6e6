// The Berichtenmodule's pages: Mijn berichten (M13), a message with its
// history (M14), "Bericht beantwoorden" (M15), "Stuur nieuw bericht" (M16) and
// the sent confirmation (M18). Each route translates HTTP into a service call
// and a render.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { requestActor } from '../../auth/actor.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { listView } from './list-view.js';
import { namesSentence } from './recipients.js';
import { applyStagedAction, readStaged, stagedView, validateStagedRows, type StagedOutcome } from '../contacts/index.js';
import { changesFromRows, contactDetailsOptions, initialRows, notifiedFromRows, type ContactDetailsBaseline, type ThreadContactChanges } from './contact-details.js';
import { newMessageSchema, newMessageValues, readListQuery, RECEIVED, replySchema, SENT, type NewMessageValues } from './schemas.js';
import { NotAllowed, UnknownMessage } from './service.js';
import { helpForTheme } from '../help/index.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import { fileFieldView, sendStoredFile, uploadsOf, type StoredFileInfo } from '../../uploads/index.js';
import { NotFound } from '../../lib/http-errors.js';

const ID = /^\d{1,9}$/;

/** The message id of the path, or undefined (answered with 404). */
const messageId = (req: Request): number | undefined => {
  const id = req.params.id;
  return typeof id === 'string' && ID.test(id) ? Number(id) : undefined;
};

/** The Contactdetails of a form as the page shows them (M17). */
interface ContactsForm {
  baseline: ContactDetailsBaseline;
  outcome: StagedOutcome;
  rowErrors: FieldError[];
  /** The panel is shown open: the user is working in it, or it has an error. */
  open: boolean;
}

const EMPTY_BASELINE: ContactDetailsBaseline = { rows: [], muted: [], pendingForThread: [], reservedEmails: [] };

const freshContacts = (baseline: ContactDetailsBaseline): ContactsForm => ({ baseline, outcome: { rows: initialRows(baseline) }, rowErrors: [], open: false });

/** The component, and the sentence under the form saying who is notified when the department answers. */
function contactsView(form: ContactsForm, themeKnown: boolean) {
  const recipients = notifiedFromRows(form.outcome.rows, form.baseline);
  return {
    contacts: stagedView(form.outcome, contactDetailsOptions(form.baseline), form.baseline.rows, form.rowErrors),
    contactsOpen: form.open,
    recipients: themeKnown ? { names: namesSentence(recipients), count: recipients.length } : undefined,
  };
}

type ContactsStep =
  /** A button of the panel: show the form again, nothing stored. */
  | { kind: 'show'; status: number; form: ContactsForm; errors: FieldError[] }
  | { kind: 'invalid'; form: ContactsForm }
  | { kind: 'send'; form: ContactsForm; changes: ThreadContactChanges };

const THEME_CHANGED =
  'U koos een ander thema: de contactpersonen hieronder horen bij dat thema. Controleer wie op de hoogte gehouden wordt en klik opnieuw op ‘Verzenden’.';

/** Reads the Contactdetails of a posted form: a step of the panel, or the rows to store with "Verzenden". */
function contactsStep(body: Record<string, unknown>, baseline: ContactDetailsBaseline, sameBaseline: boolean): ContactsStep {
  const options = contactDetailsOptions(baseline);
  const state = readStaged(body, options);
  if (!sameBaseline) {
    // Drawn for another theme: its default contacts are not this theme's. New rows stay; changes to the others cannot apply.
    const dropped = state.rows.some((r) => r.ref !== '' && (r.changed || r.removed || r.muted));
    state.rows = [...initialRows(baseline), ...state.rows.filter((r) => r.ref === '')];
    if (dropped && !state.action) {
      return { kind: 'show', status: 400, form: { baseline, outcome: { rows: state.rows }, rowErrors: [], open: true }, errors: [{ field: 'recipients', text: THEME_CHANGED }] };
    }
  }
  if (state.action) {
    const outcome = state.action ? applyStagedAction(state, options) : { rows: state.rows };
    return { kind: 'show', status: outcome.step?.errors.length ? 400 : 200, form: { baseline, outcome, rowErrors: [], open: true }, errors: [] };
  }
  const validated = validateStagedRows(state.rows, options);
  const changes = validated.ok ? changesFromRows(validated.rows) : validated;
  if (!changes.ok) return { kind: 'invalid', form: { baseline, outcome: { rows: state.rows }, rowErrors: changes.errors, open: true } };
  return { kind: 'send', form: { baseline, outcome: { rows: state.rows }, rowErrors: [], open: false }, changes: changes.changes };
}

export function messageRoutes({ facilityUser: guard, messages, uploads }: Pick<Services, 'facilityUser' | 'messages' | 'uploads'>): Router {
  const router = Router();
  const facilityUser = guard;
  router.use('/berichten', facilityUser);
  // Attachments of a new message or a reply: the portal's one upload pipeline.
  const attachments = uploads.acceptUploads({ field: 'bijlagen' });

  /** A message with its thread, for its page: the page belongs to the thread's theme. */
  /** A message with its thread; `markReadBy`: the reader who opens it (marked read in the same statement). */
  async function detailOf(scope: FacilityScope, res: Response, id: number, markReadBy?: number) {
    const detail = await messages.messageDetail(scope, id, markReadBy === undefined ? {} : { markReadBy });
    helpForTheme(res, detail.thread.theme.slug);
    return detail;
  }

  router.get('/berichten', async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const query = req.query as Record<string, unknown>;
    const receivedQuery = readListQuery(RECEIVED, query);
    const sentQuery = readListQuery(SENT, query);
    const [received, sent] = await Promise.all([
      messages.listMessages(scope, facility, RECEIVED, receivedQuery, undefined, req.currentUser?.id),
      messages.listMessages(scope, facility, SENT, sentQuery),
    ]);
    res.render('messages/index.njk', {
      received: listView({ component: RECEIVED, title: 'Ontvangen berichten', path: '/berichten', query, listQuery: receivedQuery, result: received, themes: received.themes }),
      sent: listView({ component: SENT, title: 'Verstuurde berichten', path: '/berichten', query, listQuery: sentQuery, result: sent, themes: sent.themes }),
    });
  });

  async function renderNewMessage(req: Request, res: Response, values: NewMessageValues, options: { errors?: FieldError[]; files?: StoredFileInfo[]; contacts?: ContactsForm } = {}) {
    const { scope, facility } = facilityContext(req);
    const themes = await messages.composeThemes(scope, facility);
    const theme = themes.find((t) => t.slug === values.theme);
    const contacts = options.contacts ?? freshContacts(theme ? await messages.contactDetails(scope, theme.id) : EMPTY_BASELINE);
    if (theme) helpForTheme(res, theme.slug);
    res.render('messages/new.njk', {
      values,
      themeItems: themes.map((t) => ({ value: t.slug, text: t.name })),
      // Without JavaScript one list for every theme, each addressee named with its theme.
      addressees: themes.flatMap((t) => t.addressees.map((a) => ({ value: a.value, text: themes.length > 1 ? `${a.text} – ${t.name}` : a.text }))),
      theme,
      contactsTheme: theme?.slug ?? '',
      ...contactsView(contacts, theme !== undefined),
      attachments: fileFieldView(attachments, options.files ?? []),
      ...errorView([...(options.errors ?? []), ...contacts.rowErrors]),
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
    const themes = await messages.composeThemes(scope, facility);
    const theme = themes.find((t) => t.slug === values.theme);
    const baseline = theme ? await messages.contactDetails(scope, theme.id) : EMPTY_BASELINE;
    // The rows were drawn for the theme chosen then; another theme has other default contacts.
    const step = contactsStep(body, baseline, body.contactsTheme === (theme?.slug ?? ''));
    if (step.kind === 'show') return renderNewMessage(req, res.status(step.status), values, { files, contacts: step.form, errors: step.errors });
    const parsed = newMessageSchema.safeParse(body);
    if (!parsed.success || fileErrors.length > 0 || step.kind === 'invalid') {
      const contacts = step.kind === 'invalid' ? step.form : undefined;
      return renderNewMessage(req, res.status(400), values, { errors: [...(parsed.success ? [] : fieldErrors(parsed.error)), ...fileErrors], files, contacts });
    }
    try {
      const sent = await messages.sendNewMessage(scope, facility, requestActor(req), parsed.data, files, step.changes);
      req.log?.info({ facilityId: facility.id, messageId: sent.messageId }, 'new message sent');
      res.redirect(303, `/berichten/${sent.messageId}/verzonden`);
    } catch (error) {
      if (!(error instanceof NotAllowed)) throw error;
      return renderNewMessage(req, res.status(error.status), values, {
        errors: [{ field: error.field, text: error.message }],
        files: error.field === 'bijlagen' ? [] : files,
        contacts: { ...step.form, open: error.field === 'recipients' },
      });
    }
  });

  router.get('/berichten/:id', async (req, res) => {
    const { scope } = facilityContext(req);
    const id = messageId(req);
    if (id === undefined) throw new NotFound();
    try {
      res.render('messages/detail.njk', await detailOf(scope, res, id, req.currentUser?.id));
    } catch (error) {
      if (error instanceof UnknownMessage) throw new NotFound();
      throw error;
    }
  });

  async function renderReply(req: Request, res: Response, id: number, values: { body: string }, options: { errors?: FieldError[]; files?: StoredFileInfo[]; contacts?: ContactsForm } = {}) {
    const { scope } = facilityContext(req);
    const detail = await detailOf(scope, res, id);
    const contacts = options.contacts ?? freshContacts(await messages.contactDetails(scope, detail.thread.themeId, detail.thread.id));
    res.render('messages/reply.njk', {
      ...detail,
      values,
      ...contactsView(contacts, true),
      attachments: fileFieldView(attachments, options.files ?? []),
      ...errorView([...(options.errors ?? []), ...contacts.rowErrors]),
    });
  }

  router.get('/berichten/:id/beantwoorden', async (req, res) => {
    const id = messageId(req);
    if (id === undefined) throw new NotFound();
    try {
      await renderReply(req, res, id, { body: '' });
    } catch (error) {
      if (error instanceof UnknownMessage) throw new NotFound();
      throw error;
    }
  });

  uploads.post(router, '/berichten/:id/beantwoorden', attachments, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const id = messageId(req);
    if (id === undefined) throw new NotFound();
    const body = req.body as Record<string, unknown>;
    const values = { body: typeof body.body === 'string' ? body.body : '' };
    const { files, errors: fileErrors } = uploadsOf(req);
    try {
      const { thread } = await messages.messageDetail(scope, id);
      const step = contactsStep(body, await messages.contactDetails(scope, thread.themeId, thread.id), true);
      if (step.kind === 'show') return await renderReply(req, res.status(step.status), id, values, { files, contacts: step.form, errors: step.errors });
      const parsed = replySchema.safeParse(body);
      if (!parsed.success || fileErrors.length > 0 || step.kind === 'invalid') {
        const contacts = step.kind === 'invalid' ? step.form : undefined;
        return await renderReply(req, res.status(400), id, values, { errors: [...(parsed.success ? [] : fieldErrors(parsed.error)), ...fileErrors], files, contacts });
      }
      try {
        const sent = await messages.reply(scope, facility, requestActor(req), id, parsed.data, files, step.changes);
        req.log?.info({ facilityId: facility.id, messageId: sent.messageId }, 'reply sent');
        res.redirect(303, `/berichten/${sent.messageId}/verzonden`);
      } catch (error) {
        if (!(error instanceof NotAllowed)) throw error;
        return await renderReply(req, res.status(error.status), id, values, {
          errors: [{ field: error.field, text: error.message }],
          files: error.field === 'bijlagen' ? [] : files,
          contacts: { ...step.form, open: error.field === 'recipients' },
        });
      }
    } catch (error) {
      if (error instanceof UnknownMessage) throw new NotFound();
      throw error;
    }
  });

  router.get('/berichten/:id/bijlagen/:fileId', async (req, res) => {
    const { scope } = facilityContext(req);
    const id = messageId(req);
    const file = id === undefined ? null : await messages.findAttachment(scope, id, req.params.fileId ?? '');
    if (!file) throw new NotFound();
    sendStoredFile(res, file);
  });

  router.get('/berichten/:id/verzonden', async (req, res) => {
    const { scope } = facilityContext(req);
    const id = messageId(req);
    if (id === undefined) throw new NotFound();
    try {
      res.render('messages/sent.njk', { sent: await messages.sentConfirmation(scope, id) });
    } catch (error) {
      if (error instanceof UnknownMessage) throw new NotFound();
      throw error;
    }
  });

  return router;
}

