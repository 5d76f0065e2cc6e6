// The Contactenmodule as the manuals describe it (M8-M12): every rule, every
// e-mail (read from a real SMTP server) and every error message.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import type { ReceivedMail } from '../helpers/smtp.js';

const JAN = '85092305734'; // WZC Sint-Jozef
const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' } });
const smtp = await startMailDelivery(db.pool);
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });

type Agent = ReturnType<typeof request.agent>;

async function janAgent(): Promise<Agent> {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, JAN);
  return agent;
}

interface Line {
  id?: number | string;
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  themes: string[];
}

function linesBody(lines: Line[]): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  lines.forEach((line, i) => {
    body[`lines[${i}][id]`] = line.id === undefined ? '' : String(line.id);
    body[`lines[${i}][surname]`] = line.surname;
    body[`lines[${i}][givenName]`] = line.givenName;
    body[`lines[${i}][email]`] = line.email;
    body[`lines[${i}][phone]`] = line.phone;
    body[`lines[${i}][themes]`] = line.themes;
  });
  return body;
}

/** Opens the edit mode and posts the table with a button, as the browser would. */
async function postContacts(agent: Agent, lines: Line[], button: Record<string, string> = { action: 'save' }, editPage?: string) {
  const page = editPage ?? (await agent.get('/mijn-organisatie/contactpersonen?bewerken=1')).text;
  return agent
    .post('/mijn-organisatie/contactpersonen')
    .type('form')
    .send({ _csrf: hiddenField(page, '_csrf'), version: hiddenField(page, 'version'), facilityId: hiddenField(page, 'facilityId'), ...linesBody(lines), ...button });
}

async function contactsInDb() {
  return db.prisma.contactPerson.findMany({
    where: { facilityId: sintJozef.id },
    include: { themes: { include: { theme: true } } },
    orderBy: { email: 'asc' },
  });
}

/** Waits until the worker has delivered everything queued so far. */
async function settle(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await db.prisma.outboxMail.count({ where: { status: { in: ['queued', 'sending'] } } })) > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not empty');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function mailsTo(address: string, count = 1): Promise<ReceivedMail[]> {
  await settle();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = smtp.received.filter((m) => m.to.includes(address));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} e-mails to ${address}, got ${found.length}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const confirmationPath = (mail: ReceivedMail) => {
  const match = /https:\/\/eloket\.example\.be(\/bevestigen\/[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error('no confirmation link in the e-mail');
  return match[1];
};

const sofie: Line = { surname: 'Wouters', givenName: 'Sofie', email: 'sofie.wouters@sint-jozef.example', phone: '015 28 90 01', themes: ['prijzen', 'kwaliteit'] };
const karel: Line = { surname: 'Vermeulen', givenName: 'Karel', email: 'karel.vermeulen@sint-jozef.example', phone: '0470 12 34 56', themes: ['prijzen'] };

describe('Organisatiegegevens (M8)', () => {
  it('shows the data read-only, and "Bewerken" makes only phone, e-mail and URL editable', async () => {
    const agent = await janAgent();
    const view = await agent.get('/mijn-organisatie');
    expect(view.text).toContain('Kloosterstraat 45, 2800 Mechelen');
    expect(view.text).not.toContain('name="phone"');
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    for (const field of ['phone', 'email', 'website']) expect(edit.text).toContain(`name="${field}"`);
    expect(edit.text).not.toContain('name="name"');
    expect(edit.text).not.toContain('name="street"');
  });

  it('stores nothing on errors, stays in edit mode with the typed values and shows each error next to its field and in the summary', async () => {
    const agent = await janAgent();
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    const response = await agent.post('/mijn-organisatie').type('form').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: hiddenField(edit.text, 'facilityId'),
      phone: '12',
      email: 'geen-adres',
      website: 'javascript:alert(1)',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#phone">Vul een geldig Belgisch telefoonnummer in');
    expect(response.text).toContain('<a href="#email">Vul een geldig e-mailadres in');
    expect(response.text).toContain('<a href="#website">Vul een geldig webadres in dat begint met https://');
    expect(response.text).toContain('id="email-error"');
    expect(response.text).toContain('value="geen-adres"');
    expect(response.text).toContain('value="javascript:alert(1)"');
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility.email).toBe(sintJozef.email);
    expect(facility.phone).toBe(sintJozef.phone);
  });

  it('stores phone, e-mail and URL with "Bewaren"', async () => {
    const agent = await janAgent();
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    const response = await agent.post('/mijn-organisatie').type('form').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: hiddenField(edit.text, 'facilityId'),
      phone: '+32 15 28 90 99',
      email: 'Onthaal@Sint-Jozef.example',
      website: 'https://www.sint-jozef.example',
    });
    expect(response.status).toBe(303);
    const view = await agent.get(response.headers.location ?? '');
    expect(view.text).toContain('De organisatiegegevens zijn bewaard.');
    expect(view.text).toContain('onthaal@sint-jozef.example');
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility).toMatchObject({ phone: '+32 15 28 90 99', email: 'onthaal@sint-jozef.example', website: 'https://www.sint-jozef.example' });
  });
});

describe('Contactpersonen (M9-M12)', () => {
  it('shows a task per theme without a confirmed contact person on the startpagina', async () => {
    const agent = await janAgent();
    const start = await agent.get('/');
    for (const theme of ['Brandveiligheid', 'Prijzen', 'Kwaliteit', 'Subsidies']) {
      expect(start.text).toContain(`Er is nog geen bevestigde contactpersoon voor het thema ‘${theme}’.`);
    }
    expect(start.text).toContain('href="/mijn-organisatie/contactpersonen"');
    expect(start.text).toContain('Ga naar alle berichten');
  });

  it('refuses lines with missing fields, no theme, a bad or a repeated e-mail: nothing stored, every error names line and field', async () => {
    const agent = await janAgent();
    const mailsBefore = await db.prisma.outboxMail.count();
    const response = await postContacts(agent, [
      { ...sofie, givenName: '' },
      { ...karel, themes: [] },
      { ...karel, email: 'karel@', surname: 'Tweede' },
      { ...sofie, email: 'SOFIE.wouters@sint-jozef.example', givenName: 'Sofie bis' },
    ]);
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#lines-0-givenName">Lijn 1, voornaam: vul de voornaam in.</a>');
    expect(response.text).toContain('<a href="#lines-1-themes">Lijn 2, thema&#39;s: kies minstens één thema.</a>');
    expect(response.text).toContain('<a href="#lines-2-email">Lijn 3, e-mail: vul een geldig e-mailadres in');
    expect(response.text).toContain('<a href="#lines-3-email">Lijn 4, e-mail: dit e-mailadres is al gebruikt voor een andere contactpersoon (lijn 1).</a>');
    expect(response.text).toContain('value="Sofie bis"');
    expect(response.text).toContain('value="karel@"');
    expect(await contactsInDb()).toEqual([]);
    expect(await db.prisma.outboxMail.count()).toBe(mailsBefore);
  });

  it('ignores a new line left completely empty', async () => {
    const agent = await janAgent();
    const response = await postContacts(agent, [{ surname: '', givenName: '', email: '', phone: '', themes: [] }]);
    expect(response.status).toBe(303);
    expect(await contactsInDb()).toEqual([]);
  });

  it('adds lines without JavaScript ("Voeg een nieuwe lijn toe") keeping what was typed', async () => {
    const agent = await janAgent();
    const response = await postContacts(agent, [sofie], { action: 'add' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('value="sofie.wouters@sint-jozef.example"');
    expect(response.text).toContain('id="lines-1-surname"');
    expect(await contactsInDb()).toEqual([]);
  });

  it('saves new contact persons unconfirmed ("–", not per theme) and sends each a confirmation e-mail', async () => {
    const agent = await janAgent();
    const response = await postContacts(agent, [sofie, karel]);
    expect(response.status).toBe(303);
    const contacts = await contactsInDb();
    expect(contacts.map((c) => [c.email, c.confirmedAt, c.themes.map((t) => t.theme.slug).sort()])).toEqual([
      ['karel.vermeulen@sint-jozef.example', null, ['prijzen']],
      ['sofie.wouters@sint-jozef.example', null, ['kwaliteit', 'prijzen']],
    ]);
    const page = await agent.get('/mijn-organisatie/contactpersonen');
    expect(page.text).toMatch(/Wouters<\/td>[\s\S]*?<span aria-hidden="true">–<\/span><span class="visually-hidden">niet bevestigd/);
    expect(page.text.split('Contactpersonen per thema')[1]).not.toContain('Wouters');

    const [mail] = await mailsTo('sofie.wouters@sint-jozef.example');
    expect(mail?.subject).toBe('Bevestig dat u contactpersoon bent voor WZC Sint-Jozef');
    expect(mail?.text).toContain('Beste Sofie Wouters,');
    expect(mail?.text).toContain('contactpersoon voor: Prijzen, Kwaliteit');
    expect(confirmationPath(mail as ReceivedMail)).toMatch(/^\/bevestigen\/[A-Za-z0-9_-]{43}$/);
    // Only a hash of the token is stored.
    const token = confirmationPath(mail as ReceivedMail).split('/')[2] ?? '';
    expect(await db.prisma.contactConfirmation.count({ where: { tokenHash: token } })).toBe(0);
    await mailsTo('karel.vermeulen@sint-jozef.example');
  });

  it('confirms with the link, without login ("Uw bevestiging is in orde"), once', async () => {
    const [mail] = await mailsTo('sofie.wouters@sint-jozef.example');
    const path = confirmationPath(mail as ReceivedMail);
    const confirmed = await request(app).get(path);
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Uw bevestiging is in orde');
    const again = await request(app).get(path);
    expect(again.status).toBe(404);
    expect(again.text).toContain('Deze link is niet (meer) geldig');
    expect(again.text).not.toContain('Wouters');

    const agent = await janAgent();
    const page = await agent.get('/mijn-organisatie/contactpersonen');
    expect(page.text).toMatch(/Wouters<\/td>[\s\S]*?<span aria-hidden="true">✓<\/span>/);
    expect(page.text.split('Contactpersonen per thema')[1]).toContain('Sofie Wouters (sofie.wouters@sint-jozef.example)');
    const start = await agent.get('/');
    expect(start.text).not.toContain('voor het thema ‘Prijzen’');
    expect(start.text).not.toContain('voor het thema ‘Kwaliteit’');
    expect(start.text).toContain('voor het thema ‘Brandveiligheid’');
  });

  it('shows a neutral page for a wrong link', async () => {
    for (const path of ['/bevestigen/abc', `/bevestigen/${'x'.repeat(43)}`]) {
      const response = await request(app).get(path);
      expect(response.status).toBe(404);
      expect(response.text).toContain('Deze link is niet (meer) geldig');
    }
  });

  it('e-mails each changed field, old → new', async () => {
    const agent = await janAgent();
    const [sofieRow, karelRow] = [...(await contactsInDb())].sort((a, b) => a.surname.localeCompare(b.surname)).reverse();
    const response = await postContacts(agent, [
      { ...sofie, id: sofieRow?.id, phone: '015 28 90 02', themes: ['prijzen'] },
      { ...karel, id: karelRow?.id },
    ]);
    expect(response.status).toBe(303);
    const mails = await mailsTo('sofie.wouters@sint-jozef.example', 2);
    const change = mails.find((m) => m.subject === 'Uw gegevens als contactpersoon voor WZC Sint-Jozef werden gewijzigd');
    expect(change?.text).toContain('Telefoon: 015 28 90 01 → 015 28 90 02');
    expect(change?.text).toContain("Thema's: Prijzen, Kwaliteit → Prijzen");
    // Unchanged contacts get nothing; a confirmed contact stays confirmed after a phone change.
    expect(smtp.received.filter((m) => m.to.includes('karel.vermeulen@sint-jozef.example'))).toHaveLength(1);
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: sofieRow?.id } })).confirmedAt).not.toBeNull();
  });

  it('makes a contact unconfirmed when the e-mail changes: confirmation to the new address, information to the old one', async () => {
    const agent = await janAgent();
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    const karelRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Vermeulen' } });
    const response = await postContacts(agent, [
      { ...sofie, id: sofieRow.id, phone: '015 28 90 02', themes: ['prijzen'], email: 'sofie@wouters.example' },
      { ...karel, id: karelRow.id },
    ]);
    expect(response.status).toBe(303);
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: sofieRow.id } })).confirmedAt).toBeNull();
    const toNew = await mailsTo('sofie@wouters.example', 2);
    expect(toNew.map((m) => m.subject).sort()).toEqual([
      'Bevestig dat u contactpersoon bent voor WZC Sint-Jozef',
      'Uw gegevens als contactpersoon voor WZC Sint-Jozef werden gewijzigd',
    ]);
    const old = await mailsTo('sofie.wouters@sint-jozef.example', 3);
    expect(old.some((m) => m.subject === 'Uw e-mailadres als contactpersoon voor WZC Sint-Jozef werd gewijzigd' && m.text.includes('naar sofie@wouters.example'))).toBe(true);
    // The earlier link, sent to the old address, no longer confirms anything.
    const page = await agent.get('/mijn-organisatie/contactpersonen');
    expect(page.text.split('Contactpersonen per thema')[1]).not.toContain('Wouters');
  });

  it('asks "Bent u zeker …?" before removing a line without JavaScript, then e-mails the removed contact on "Bewaren"', async () => {
    const agent = await janAgent();
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    const karelRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Vermeulen' } });
    const lines = [
      { ...sofie, id: sofieRow.id, email: 'sofie@wouters.example', phone: '015 28 90 02', themes: ['prijzen'] },
      { ...karel, id: karelRow.id },
    ];
    const edit = (await agent.get('/mijn-organisatie/contactpersonen?bewerken=1')).text;
    const question = await postContacts(agent, lines, { remove: '1' }, edit);
    expect(question.text).toContain('Bent u zeker dat u Karel Vermeulen wilt verwijderen als contactpersoon?');
    const removed = await postContacts(agent, lines, { confirmRemove: '1' }, question.text);
    expect(removed.text).not.toContain('value="karel.vermeulen@sint-jozef.example"');
    expect(await db.prisma.contactPerson.count({ where: { id: karelRow.id } })).toBe(1);
    const saved = await postContacts(agent, [lines[0] as Line], { action: 'save' }, removed.text);
    expect(saved.status).toBe(303);
    expect(await db.prisma.contactPerson.count({ where: { id: karelRow.id } })).toBe(0);
    const mails = await mailsTo('karel.vermeulen@sint-jozef.example', 2);
    const notice = mails.find((m) => m.subject === 'U bent geen contactpersoon meer voor WZC Sint-Jozef');
    expect(notice?.text).toContain('verwijderd als contactpersoon voor: Prijzen');
  });

  it('does not overwrite a save made meanwhile: "De contactpersonen werden intussen gewijzigd", with the typed values kept', async () => {
    const first = await janAgent();
    const second = await janAgent();
    const firstEdit = (await first.get('/mijn-organisatie/contactpersonen?bewerken=1')).text;
    const secondEdit = (await second.get('/mijn-organisatie/contactpersonen?bewerken=1')).text;
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    const base = { ...sofie, id: sofieRow.id, email: 'sofie@wouters.example', themes: ['prijzen'] };
    expect((await postContacts(first, [{ ...base, phone: '015 11 11 11' }], { action: 'save' }, firstEdit)).status).toBe(303);
    const conflict = await postContacts(second, [{ ...base, phone: '015 22 22 22' }], { action: 'save' }, secondEdit);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('De contactpersonen werden intussen gewijzigd');
    expect(conflict.text).toContain('value="015 22 22 22"');
    expect(conflict.text).toContain('015 11 11 11');
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: sofieRow.id } })).phone).toBe('015 11 11 11');
    // Saving again from the conflict page applies the second user's change on top.
    expect((await postContacts(second, [{ ...base, phone: '015 22 22 22' }], { action: 'save' }, conflict.text)).status).toBe(303);
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: sofieRow.id } })).phone).toBe('015 22 22 22');
  });

  it('offers a new link for an expired one, to the same address', async () => {
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    const mails = await mailsTo('sofie@wouters.example', 1);
    const link = confirmationPath(mails.find((m) => m.subject.startsWith('Bevestig')) as ReceivedMail);
    await db.prisma.contactConfirmation.updateMany({ where: { contactPersonId: sofieRow.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await request.agent(app).get(link);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Deze bevestigingslink is verlopen');
    const agent = request.agent(app);
    const page = await agent.get(link);
    await settle();
    const countBefore = smtp.received.filter((m) => m.to.includes('sofie@wouters.example')).length;
    const resent = await agent.post(`${link}/opnieuw`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(resent.status).toBe(200);
    expect(resent.text).toContain('Er is een nieuwe bevestigingslink verstuurd');
    const all = await mailsTo('sofie@wouters.example', countBefore + 1);
    const newest = all.filter((m) => m.subject.startsWith('Bevestig')).at(-1) as ReceivedMail;
    expect(confirmationPath(newest)).not.toBe(link);
    expect((await request(app).get(confirmationPath(newest))).text).toContain('Uw bevestiging is in orde');
    expect((await request(app).get(link)).status).toBe(404);
  });
  it('keeps a line whose contact was removed meanwhile as a new line, so saving again works', async () => {
    const first = await janAgent();
    const second = await janAgent();
    const secondEdit = (await second.get('/mijn-organisatie/contactpersonen?bewerken=1')).text;
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    const base = { ...sofie, id: sofieRow.id, email: 'sofie@wouters.example', themes: ['prijzen'] };
    // The first user removes every contact; the second still has Sofie's line.
    expect((await postContacts(first, [])).status).toBe(303);
    const conflict = await postContacts(second, [{ ...base, phone: '015 33 33 33' }], { action: 'save' }, secondEdit);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('name="lines[0][id]" value=""');
    const again = await postContacts(second, [{ ...base, id: '', phone: '015 33 33 33' }], { action: 'save' }, conflict.text);
    expect(again.status).toBe(303);
    const recreated = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    expect(recreated.phone).toBe('015 33 33 33');
    expect(recreated.confirmedAt).toBeNull();
  });

  it('saves nothing from a form opened for another facility (switched in another tab)', async () => {
    const agent = await janAgent();
    const edit = (await agent.get('/mijn-organisatie/contactpersonen?bewerken=1')).text;
    const before = await db.prisma.contactPerson.count();
    const response = await agent
      .post('/mijn-organisatie/contactpersonen')
      .type('form')
      .send({ _csrf: hiddenField(edit, '_csrf'), version: hiddenField(edit, 'version'), facilityId: '999999', ...linesBody([karel]), action: 'save' });
    expect(response.status).toBe(409);
    expect(response.text).toContain('Dit formulier hoorde bij een andere organisatie: u werkt nu voor WZC Sint-Jozef. Er werd niets bewaard.');
    expect(await db.prisma.contactPerson.count()).toBe(before);
  });

});

describe('theme pages', () => {
  it('shows the information of a theme of the facility, and 404 for a theme of another type', async () => {
    const agent = await janAgent();
    const page = await agent.get('/themas/prijzen');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Prijzen</h1>');
    expect(page.text).toContain('Handleiding Berichten- en Contactenmodule e-loket');
    expect((await agent.get('/themas/zorgaanbod')).status).toBe(404);
    expect((await agent.get('/themas/bestaat-niet')).status).toBe(404);
  });
});
