// /beheer/mail: the outbox as the department sees it (M28). Every staff
// member reads; the Technische helpdesk retries a failed e-mail. Bodies are
// shown masked: no page shows a working confirmation link.
import type { Services } from '../../services.js';
import { Router } from 'express';
import { requireStaff } from '../../auth/current-user.js';
import { HELPDESK_TEAM, isTeamMember, requireTeam } from '../../auth/teams.js';
import { errorView } from '../../lib/form-errors.js';
import { requestActor } from '../../auth/actor.js';
import { OUTBOX_STATUSES } from '../../mail/admin-service.js';
import { mailIdSchema, mailListHref, OUTBOX_PAGE_SIZE, readMailQuery, STATUS_LABELS } from './schemas.js';
import { NotFound } from '../../lib/http-errors.js';

export function mailAdminRoutes({ mailAdmin: mail }: Pick<Services, 'mailAdmin'>): Router {
  const router = Router();
  router.use('/beheer/mail', requireStaff);

  router.get('/beheer/mail', async (req, res) => {
    const { filter, page, values, errors } = readMailQuery(req.query as Record<string, unknown>);
    const [counts, found] = await Promise.all([mail.countByStatus(), mail.list(filter, { page, pageSize: OUTBOX_PAGE_SIZE })]);
    const templates = mail.templates();
    res.status(errors.length > 0 ? 400 : 200).render('mail-admin/index.njk', {
      counts: OUTBOX_STATUSES.map((status) => ({ status, label: STATUS_LABELS[status], count: counts[status], href: mailListHref({ status }, 1) })),
      found,
      values,
      statusLabels: STATUS_LABELS,
      statuses: [{ value: '', text: 'Alle' }, ...OUTBOX_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] }))],
      templates: [{ value: '', text: 'Alle' }, ...templates.map((t) => ({ value: t, text: t }))],
      previousHref: found.page > 1 ? mailListHref(values, found.page - 1) : undefined,
      nextHref: found.page < found.pageCount ? mailListHref(values, found.page + 1) : undefined,
      ...errorView(errors),
    });
  });

  router.get('/beheer/mail/:id', async (req, res) => {
    const id = mailIdSchema.safeParse(req.params.id);
    const found = id.success ? await mail.mail(id.data) : null;
    if (!found) throw new NotFound();
    res.render('mail-admin/show.njk', {
      mail: found,
      statusLabel: STATUS_LABELS[found.status],
      canRetry: found.status === 'failed' && isTeamMember(req, HELPDESK_TEAM),
      retried: req.query.opnieuw === '1',
      notRetried: req.query.opnieuw === '0',
    });
  });

  router.post('/beheer/mail/:id/opnieuw', requireTeam(HELPDESK_TEAM), async (req, res) => {
    const id = mailIdSchema.safeParse(req.params.id);
    if (!id.success || !(await mail.mail(id.data))) throw new NotFound();
    const retried = await mail.retry(id.data, { actor: requestActor(req), teamCode: HELPDESK_TEAM });
    req.log?.info({ mailId: id.data, retried }, 'failed e-mail retried by the helpdesk');
    res.redirect(303, `/beheer/mail/${id.data}?opnieuw=${retried ? '1' : '0'}`);
  });

  return router;
}
