// "Bevestigingsmail opnieuw versturen" (issue 24 item 14): a user of the facility
// sends an unconfirmed contact a new confirmation e-mail (read from a real SMTP
// server). The new link replaces the old one; the e-mail counts against the
// mail quotas as a mail caused by the user, and the change is in the audit trail.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { formFields } from '../helpers/forms.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import type { ReceivedMail } from '../helpers/smtp.js';
import { stagedFields } from '../../src/modules/contacts/staged.js';

const JAN = '85092305734'; // WZC Sint-Jozef
const PAGE = '/mijn-organisatie/contactpersonen';
const GRIET = 'griet.vos@sint-jozef.example';

const db = await createTestDatabase();
const { app } = await createTestApp({ db });
const smtp = await startMailDelivery(db.pool);
const jan = await db.prisma.user.findFirstOrThrow({ where: { insz: JAN } });

type Agent = ReturnType<typeof request.agent>;

async function mailsTo(address: string, count: number): Promise<ReceivedMail[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = smtp.received.filter((m) => m.to.includes(address));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} e-mails to ${address}, got ${found.length}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const linkIn = (mail: ReceivedMail | undefined) => /(\/bevestigen\/[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1] ?? '';

/** Jan adds Griet (unconfirmed): the page afterwards and her id. */
async function janWithGriet(): Promise<{ agent: Agent; id: number }> {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, JAN);
  const page = await agent.get(PAGE);
  const fields = formFields(page.text, PAGE);
  const saved = await agent
    .post(PAGE)
    .type('form')
    .send({
      _csrf: fields._csrf,
      version: fields.version,
      facilityId: fields.facilityId,
      ...stagedFields('contacts', [{ surname: 'Vos', givenName: 'Griet', email: GRIET, phone: '016 12 34 56', themes: ['prijzen'] }]),
      action: 'save',
    });
  expect(saved.status).toBe(303);
  const griet = await db.prisma.contactPerson.findFirstOrThrow({ where: { email: GRIET } });
  return { agent, id: griet.id };
}

async function resend(agent: Agent, id: number | string) {
  const page = await agent.get(PAGE);
  return agent.post(`${PAGE}/${id}/bevestigingsmail`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
}

describe('Bevestigingsmail opnieuw versturen', () => {
  it('sends a new link to an unconfirmed contact, says so, voids the old link, audits it, and the new link confirms', async () => {
    const { agent, id } = await janWithGriet();
    const [first] = await mailsTo(GRIET, 1);
    const oldLink = linkIn(first);
    expect(oldLink).not.toBe('');

    const page = await agent.get(PAGE);
    expect(page.text).toContain('<h2 id="niet-bevestigd">');
    expect(page.text).toContain(`action="${PAGE}/${id}/bevestigingsmail"`);
    expect(page.text).toContain('Bevestigingsmail opnieuw versturen<span class="visually-hidden"> naar Griet Vos</span>');

    const response = await resend(agent, id);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`${PAGE}?opnieuw=${id}#niet-bevestigd`);
    const after = await agent.get(response.headers.location ?? '');
    expect(after.text).toContain(`De bevestigingsmail is opnieuw verstuurd naar ${GRIET}.`);

    const [, second] = await mailsTo(GRIET, 2);
    expect(second?.subject).toBe('Bevestig dat u contactpersoon bent voor WZC Sint-Jozef');
    expect(second?.text).toContain('Dit is een nieuwe link: de links in eerdere e-mails werken niet meer.');
    const newLink = linkIn(second);
    expect(newLink).not.toBe('');
    expect(newLink).not.toBe(oldLink);

    const queued = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'contact-confirmation-resent', causeId: String(id) } });
    expect(queued.causedByUserId).toBe(jan.id);
    const audit = await db.prisma.auditEvent.findMany({ where: { kind: 'contact.confirmation-resent', recordId: String(id) } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toContain(`Bevestigingsmail opnieuw verstuurd naar contactpersoon Griet Vos (${GRIET})`);

    const visitor = request.agent(app);
    expect((await visitor.get(oldLink)).text).toContain('Deze link is niet (meer) geldig');
    const confirmPage = await visitor.get(newLink);
    expect(confirmPage.text).toContain('Bevestig uw gegevens als contactpersoon');
    const confirmed = await visitor.post(newLink).type('form').send({ _csrf: hiddenField(confirmPage.text, '_csrf') });
    expect(confirmed.text).toContain('Uw bevestiging is in orde');

    // Confirmed now: no button, and a stale form sends nothing.
    const confirmedPage = await agent.get(PAGE);
    expect(confirmedPage.text).not.toContain(`${PAGE}/${id}/bevestigingsmail`);
    const queuedBefore = await db.prisma.outboxMail.count();
    const stale = await resend(agent, id);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Deze contactpersoon heeft de gegevens intussen al bevestigd. Er werd geen e-mail verstuurd.');
    expect(await db.prisma.outboxMail.count()).toBe(queuedBefore);
  });

  it('answers 404 for a contact the facility does not have, and sends nothing', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const queuedBefore = await db.prisma.outboxMail.count();
    for (const id of ['999999', 'abc']) {
      const response = await resend(agent, id);
      expect(response.status).toBe(404);
    }
    expect(await db.prisma.outboxMail.count()).toBe(queuedBefore);
  });

  it('is refused in Dutch over the mail quota: nothing queued, nothing audited, the old link still works', async () => {
    await db.prisma.contactPerson.deleteMany({ where: { email: GRIET } });
    const { id } = await janWithGriet();
    const queued = await db.prisma.outboxMail.count({ where: { facilityId: (await db.prisma.contactPerson.findUniqueOrThrow({ where: { id } })).facilityId } });
    // A portal on the same database where the facility has just used up its e-mails for this hour.
    const strict = await createTestApp({ db, env: { QUOTA_FACILITY_MAILS_PER_HOUR: String(queued) } });
    const agent = request.agent(strict.app);
    await loginAs(agent, db.prisma, JAN);
    const auditBefore = await db.prisma.auditEvent.count({ where: { kind: 'contact.confirmation-resent' } });
    const outboxBefore = await db.prisma.outboxMail.count();
    const response = await resend(agent, id);
    expect(response.status).toBe(429);
    expect(response.text).toContain('Uw wijzigingen zouden 1 e-mails versturen');
    expect(response.text).toContain('<a href="#unconfirmed-heading">');
    expect(await db.prisma.outboxMail.count()).toBe(outboxBefore);
    expect(await db.prisma.auditEvent.count({ where: { kind: 'contact.confirmation-resent' } })).toBe(auditBefore);
    expect(await db.prisma.contactConfirmation.count({ where: { contactPersonId: id, usedAt: null } })).toBe(1);
  });
});
