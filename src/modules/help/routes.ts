// "Hulp nodig?" (M21). /hulp is the page (the button's target without
// JavaScript); /hulp/paneel is the same content as a fragment, which
// public/js/help-panel.js opens in place; POST /hulp/helpdesk takes a
// question for the technical helpdesk from either.
import type { Services } from '../../services.js';
import { Router, type Request, type Response } from 'express';
import type { RateLimitRequestHandler } from 'express-rate-limit';
import { fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { safeReturnPath } from '../../auth/return-path.js';
import { helpdeskQuestionSchema, themeSlugSchema } from './schemas.js';

/** Sent by help-panel.js: answer with the panel fragment instead of the whole page. */
const PANEL_HEADER = 'x-help-panel';
const HOUR_MS = 60 * 60 * 1000;
/** Questions per hour from one IP address, as a multiple of the limit per person. */
export const ADDRESS_SHARE = 4;
const TOO_MANY = 'U hebt het voorbije uur al te veel vragen naar de technische helpdesk verstuurd. Probeer het over een uur opnieuw.';

interface HelpView {
  status?: number;
  values?: Record<string, unknown>;
  errors?: FieldError[];
  notice?: string;
  sent?: boolean;
}

export function helpRoutes({ help, config, rateLimit }: Pick<Services, 'help' | 'config' | 'rateLimit'>): Router {
  const router = Router();

  const inPanel = (req: Request) => req.get(PANEL_HEADER) === '1';

  async function render(req: Request, res: Response, view: HelpView) {
    const body = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
    const thema = themeSlugSchema.parse(body.thema);
    const panel = await help.panel(thema, { facilityTypeId: req.actingFacility?.facilityTypeId });
    const errors = view.errors ?? [];
    const fragment = inPanel(req);
    res.vary(PANEL_HEADER);
    res.status(view.status ?? 200).render(fragment ? 'help/panel.njk' : 'help/index.njk', {
      panel,
      thema: panel.theme?.slug,
      // The page the question is asked from: the panel sends it, the page without JavaScript is itself the origin.
      page: safeReturnPath(body.pagina ?? body.page)?.split('?')[0],
      values: view.values ?? { email: req.currentUser?.email ?? '' },
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
      summaryErrors: [
        ...(view.notice ? [{ href: '#helpdesk-question', text: view.notice }] : []),
        ...errors.map((e) => ({ href: `#helpdesk-${e.field}`, text: e.text })),
      ],
      sent: view.sent ?? false,
      helpdeskOpen: view.sent === true || errors.length > 0 || view.notice !== undefined,
    });
  }

  // Per person (the user, or the session of an anonymous visitor), and per address with room for
  // several people behind one office address: dropping the cookie then gains little. Counted in
  // PostgreSQL, so that every portal process counts the same person together.
  const limiter = (name: string, limit: number, keyGenerator?: (req: Request) => string): RateLimitRequestHandler =>
    rateLimit({
      name,
      windowMs: HOUR_MS,
      limit,
      // Only questions that were sent count: a form with a typo does not use up the quota.
      skipFailedRequests: true,
      ...(keyGenerator ? { keyGenerator } : {}),
      handler: (req, res, next) => {
        req.log?.warn({ ip: req.ip, userId: req.currentUser?.id }, 'helpdesk rate limit reached');
        render(req, res, { status: 429, values: req.body as Record<string, unknown>, notice: TOO_MANY }).catch(next);
      },
    });
  const perAddress = limiter('helpdesk-address', config.helpdesk.rateLimitPerHour * ADDRESS_SHARE);
  const perPerson = limiter('helpdesk-person', config.helpdesk.rateLimitPerHour, (req) => (req.currentUser ? `user:${req.currentUser.id}` : `session:${req.sessionID}`));

  router.get('/hulp', async (req, res) => {
    await render(req, res, { sent: req.query.verstuurd === '1' });
  });

  router.get('/hulp/paneel', async (req, res) => {
    await render(req, res, {});
  });

  router.post('/hulp/helpdesk', perAddress, perPerson, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = helpdeskQuestionSchema.safeParse(body);
    if (!parsed.success) return render(req, res, { status: 400, values: body, errors: fieldErrors(parsed.error) });
    const ticketId = await help.askHelpdesk(parsed.data, { userId: req.currentUser?.id, facilityId: req.actingFacility?.id });
    req.log?.info({ ticketId, userId: req.currentUser?.id }, 'question sent to the technical helpdesk');
    if (inPanel(req)) return render(req, res, { sent: true });
    const thema = themeSlugSchema.parse(body.thema);
    res.redirect(303, `/hulp?verstuurd=1${thema ? `&thema=${thema}` : ''}#helpdesk`);
  });

  return router;
}
