// /beheer/helpdesk: the technical helpdesk's tickets (M28). Members of the
// helpdesk team only; other staff get 403.
import type { Services } from '../../services.js';
import { Router, type Request, type Response } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { readFilterQuery } from '../../lib/list-filter.js';
import { errorView, fieldErrors, type FieldError } from '../../lib/form-errors.js';
import { requestActor } from '../../auth/actor.js';
import { rescuedForm } from '../session/index.js';
import { HELPDESK_TEAM, requireTeam } from '../../auth/teams.js';
import { answerSchema, ticketFilterSchema, ticketIdSchema, type TicketFilter } from './schemas.js';
import { TicketClosed } from './service.js';
import { NotFound } from '../../lib/http-errors.js';

function listHref(filter: TicketFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (page > 1) params.set('pagina', String(page));
  const query = params.toString();
  return `/beheer/helpdesk${query ? `?${query}` : ''}`;
}

const CLOSED_TEXT = 'Dit ticket is afgesloten: u kunt er niet meer op antwoorden.';

export function helpdeskAdminRoutes({ helpdeskAdmin: helpdesk }: Pick<Services, 'helpdeskAdmin'>): Router {
  const router = Router();
  router.use('/beheer/helpdesk', requireStaff, requireTeam(HELPDESK_TEAM));

  router.get('/beheer/helpdesk', async (req, res) => {
    const { read, errors } = readFilterQuery(ticketFilterSchema, req.query as Record<string, unknown>);
    const filter: TicketFilter = { status: read('status'), pagina: read('pagina') ?? 1 };
    const list = await helpdesk.list(filter);
    res.status(errors.length > 0 ? 400 : 200).render('helpdesk-admin/index.njk', {
      filter,
      ...errorView(errors),
      list,
      previousHref: list.page > 1 ? listHref(filter, list.page - 1) : undefined,
      nextHref: list.page < list.totalPages ? listHref(filter, list.page + 1) : undefined,
    });
  });

  async function renderTicket(req: Request, res: Response, options: { status?: number; values?: Record<string, unknown>; errors?: FieldError[]; notice?: string } = {}) {
    const id = ticketIdSchema.safeParse(req.params.id);
    const ticket = id.success ? await helpdesk.ticket(id.data) : undefined;
    if (!ticket) throw new NotFound();
    res.status(options.status ?? 200).render('helpdesk-admin/show.njk', {
      ticket,
      values: options.values ?? {},
      answered: req.query.beantwoord === '1',
      closed: req.query.gesloten === '1',
      notice: options.notice,
      ...errorView(options.errors ?? []),
    });
  }

  router.get('/beheer/helpdesk/:id', (req, res) => {
    // An answer posted after the session ended comes back here after the new login, to be checked and sent again.
    const rescued = rescuedForm(req);
    if (rescued) return renderTicket(req, res, { values: { answer: rescued.body.answer }, notice: rescued.notice('Antwoord versturen') });
    return renderTicket(req, res);
  });

  router.post('/beheer/helpdesk/:id/antwoord', async (req, res) => {
    const id = ticketIdSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const body = req.body as Record<string, unknown>;
    const parsed = answerSchema.safeParse(body);
    if (!parsed.success) return renderTicket(req, res, { status: 400, values: body, errors: fieldErrors(parsed.error) });
    try {
      if (!(await helpdesk.answer(id.data, parsed.data.answer, requestActor(req)))) throw new NotFound();
    } catch (error) {
      if (!(error instanceof TicketClosed)) throw error;
      return renderTicket(req, res, { status: 409, values: body, errors: [{ field: 'answer', text: CLOSED_TEXT }] });
    }
    req.log?.info({ ticketId: id.data, userId: req.currentUser?.id }, 'helpdesk ticket answered');
    res.redirect(303, `/beheer/helpdesk/${id.data}?beantwoord=1`);
  });

  router.post('/beheer/helpdesk/:id/sluiten', async (req, res) => {
    const id = ticketIdSchema.safeParse(req.params.id);
    if (!id.success || !(await helpdesk.close(id.data, requestActor(req)))) throw new NotFound();
    res.redirect(303, `/beheer/helpdesk/${id.data}?gesloten=1`);
  });

  return router;
}
