// Mijn organisatie, tab "Contactpersonengegevens" (M9, seed 000 §3.2): the
// overview of the contact persons is one form built on the staged contacts
// component; "bewaren" validates and stores every pending change at once.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { facilityContext } from '../../auth/current-user.js';
import { requestActor } from '../../auth/actor.js';
import { summaryErrors, type FieldError } from '../../lib/form-errors.js';
import { MailQuotaExceeded } from '../../mail/quotas.js';
import { rescuedForm } from '../session/index.js';
import { AlreadyConfirmed, ContactsChangedMeanwhile, UnknownContact, type ContactChanges, type ContactsOverview } from './service.js';
import type { ContactLine } from './schemas.js';
import {
  applyStagedAction,
  readStaged,
  rebaseStaged,
  stagedRowsFrom,
  stagedView,
  validateStagedRows,
  type BaselineRow,
  type StagedOptions,
  type StagedOutcome,
  type ValidStagedRow,
} from './staged.js';
import { NotFound } from '../../lib/http-errors.js';

const PATH = '/mijn-organisatie/contactpersonen';
const PREFIX = 'contacts';
const versionSchema = z.coerce.number().int().min(0);
const refSchema = z.string().regex(/^\d{1,10}$/).transform(Number);

/** The form was opened for another facility (the user switched in another tab). */
export const switchedNotice = (name: string, button: string) =>
  `Dit formulier hoorde bij een andere organisatie: u werkt nu voor ${name}. Er werd niets bewaard. Controleer de gegevens hieronder en klik opnieuw op ‘${button}’.`;

const CHANGED_MEANWHILE =
  'De contactpersonen werden intussen gewijzigd door iemand anders. Het overzicht toont nu de huidige gegevens met uw wijzigingen daarop (gemarkeerd); controleer ze en klik opnieuw op ‘bewaren’.';

function stagedOptions(overview: ContactsOverview): StagedOptions {
  return {
    prefix: PREFIX,
    themes: overview.themes.map((t) => ({ slug: t.slug, name: t.name })),
    showConfirmed: true,
    removable: 'all',
    labels: { add: 'Contactpersoon toevoegen', commit: 'bewaren' },
  };
}

function baselineOf(overview: ContactsOverview): BaselineRow[] {
  return overview.contacts.map((c) => ({
    ref: String(c.id),
    surname: c.surname,
    givenName: c.givenName,
    email: c.email,
    phone: c.phone,
    themes: c.themes.map((t) => t.slug),
    confirmed: c.confirmed,
  }));
}

/** What to store; a ref that is no contact id is a contact the facility does not have. */
function changesToStore(rows: ValidStagedRow[]): ContactChanges {
  const idOf = (row: ValidStagedRow) => {
    if (row.ref === '') return undefined;
    const id = refSchema.safeParse(row.ref);
    if (!id.success) throw new UnknownContact();
    return id.data;
  };
  const lines: ContactLine[] = [];
  const remove: number[] = [];
  for (const row of rows) {
    const id = idOf(row);
    if (row.removed && id !== undefined) remove.push(id);
    else if (!row.removed) lines.push({ id, surname: row.surname, givenName: row.givenName, email: row.email, phone: row.phone, themes: row.themes });
  }
  return { lines, remove };
}

export function contactsRoutes({ facilityUser, contacts }: Pick<Services, 'facilityUser' | 'contacts'>): Router {
  const router = Router();
  router.use(PATH, facilityUser);

  async function render(
    req: Request,
    res: Response,
    options: {
      outcome?: StagedOutcome;
      version?: number;
      errors?: FieldError[];
      notice?: string;
      saved?: boolean;
      overview?: ContactsOverview;
      /** The contact whose confirmation e-mail was just sent again. */
      resentTo?: number;
      status?: number;
    },
  ) {
    const { scope, facility } = facilityContext(req);
    const overview = options.overview ?? (await contacts.load(scope, facility));
    const baseline = baselineOf(overview);
    const errors = options.errors ?? [];
    // Read from the facility's own overview: an id of another facility's contact shows nothing.
    const resentTo = overview.contacts.find((c) => c.id === options.resentTo)?.email;
    res.status(options.status ?? res.statusCode).render('contacts/index.njk', {
      overview,
      contacts: stagedView(options.outcome ?? { rows: stagedRowsFrom(baseline) }, stagedOptions(overview), baseline, errors),
      version: options.version ?? overview.version,
      saved: options.saved,
      notice: options.notice,
      resentTo,
      unconfirmed: overview.contacts.filter((c) => !c.confirmed),
      summaryErrors: summaryErrors(errors),
    });
  }

  router.get(PATH, async (req, res) => {
    // A form posted after the session ended comes back with its staged changes (src/modules/session/form-rescue.ts).
    const rescued = rescuedForm(req);
    if (rescued) {
      const version = versionSchema.safeParse(rescued.body.version);
      const state = readStaged(rescued.body, { prefix: PREFIX });
      return render(req, res, { outcome: { rows: state.rows }, version: version.success ? version.data : undefined, notice: rescued.notice('bewaren') });
    }
    const resent = refSchema.safeParse(req.query.opnieuw);
    await render(req, res, { saved: req.query.bewaard === '1', resentTo: resent.success ? resent.data : undefined });
  });

  // "Bevestigingsmail opnieuw versturen": one small form per unconfirmed contact, outside the staged table's form.
  router.post(`${PATH}/:id/bevestigingsmail`, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const user = requestActor(req);
    const id = refSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    try {
      await contacts.resendConfirmationFor(scope, facility, user, id.data);
    } catch (error) {
      if (error instanceof UnknownContact) throw new NotFound();
      if (error instanceof AlreadyConfirmed) return render(req, res, { status: 409, notice: 'Deze contactpersoon heeft de gegevens intussen al bevestigd. Er werd geen e-mail verstuurd.' });
      if (error instanceof MailQuotaExceeded) return render(req, res, { status: 429, errors: [{ field: 'unconfirmed-heading', text: error.userMessage }] });
      throw error;
    }
    req.log?.info({ facilityId: facility.id, contactPersonId: id.data }, 'confirmation e-mail sent again');
    res.redirect(303, `${PATH}?opnieuw=${id.data}#niet-bevestigd`);
  });

  router.post(PATH, async (req, res) => {
    const { scope, facility } = facilityContext(req);
    const user = requestActor(req);
    const body = req.body as Record<string, unknown>;
    const version = versionSchema.safeParse(body.version);
    if (!version.success) return res.status(400).render('errors/400.njk');
    if (body.facilityId !== String(facility.id)) {
      // Its rows belong to the other facility: show this facility's data, store nothing.
      return render(req, res.status(409), { notice: switchedNotice(facility.name, 'bewaren') });
    }
    const overview = await contacts.load(scope, facility);
    const state = readStaged(body, { prefix: PREFIX });
    // Stored contacts the form does not show (it is tampered with, or older) keep their addresses.
    const shown = new Set(state.rows.map((row) => row.ref));
    const options = { ...stagedOptions(overview), reservedEmails: overview.contacts.filter((c) => !shown.has(String(c.id))).map((c) => c.email) };

    if (state.action) {
      // A button of the overview (add, edit, remove, ...): only the form changes.
      const outcome = applyStagedAction(state, options);
      res.status(outcome.step && outcome.step.errors.length > 0 ? 400 : 200);
      return render(req, res, { outcome, version: version.data, overview });
    }
    if (body.action !== 'save') return render(req, res, { outcome: { rows: state.rows }, version: version.data, overview });

    const validated = validateStagedRows(state.rows, options);
    if (!validated.ok) {
      return render(req, res.status(400), { outcome: { rows: state.rows }, version: version.data, errors: validated.errors, overview });
    }
    try {
      await contacts.save(scope, facility, user, version.data, changesToStore(validated.rows));
    } catch (error) {
      if (error instanceof UnknownContact) throw new NotFound();
      if (error instanceof MailQuotaExceeded) {
        return render(req, res.status(429), {
          outcome: { rows: state.rows },
          version: version.data,
          errors: [{ field: 'contacts-heading', text: error.userMessage }],
          overview,
        });
      }
      if (!(error instanceof ContactsChangedMeanwhile)) throw error;
      const current = await contacts.load(scope, facility);
      const rows = rebaseStaged(state.rows, stagedRowsFrom(baselineOf(current)));
      return render(req, res.status(409), { outcome: { rows }, version: current.version, overview: current, notice: CHANGED_MEANWHILE });
    }
    req.log?.info({ facilityId: facility.id, contacts: validated.rows.length }, 'contact persons saved');
    res.redirect(303, `${PATH}?bewaard=1`);
  });

  return router;
}
